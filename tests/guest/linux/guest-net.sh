#!/bin/sh
# Inside the guest, on -netdev user: take a DHCP lease for eth0, fetch the
# host's file over HTTP through the gateway 10.0.2.2 and print its checksum,
# then serve a marker on TCP port 22, which the host reads through hostfwd.
# The host's HTTP port comes as gemu.http=PORT on the kernel command line;
# fetching /hostfwd-ready tells the host the listener is up.
set -e
for arg in $(cat /proc/cmdline); do
    case $arg in
    gemu.http=*) http=${arg#gemu.http=} ;;
    esac
done
ifconfig lo 127.0.0.1 up
ifconfig eth0 up
udhcpc -i eth0 -s /guest-net-dhcp.sh -n -q -t 10 -T 2
timeout 60 wget -q -O /tmp/payload "http://10.0.2.2:$http/payload.bin"
read -r ip gw </tmp/lease
echo "gemu-linux: net $ip gw $gw fetched $(md5sum </tmp/payload | cut -d' ' -f1)"
echo "gemu-hostfwd-marker: served by the guest" | timeout 120 nc -l -p 22 >/dev/null &
listener=$!
for _ in $(seq 100); do
    netstat -ltn | grep -q ':22 ' && break
    sleep 0.1
done
timeout 60 wget -q -O /dev/null "http://10.0.2.2:$http/hostfwd-ready"
wait $listener
echo "gemu-linux: net served"
