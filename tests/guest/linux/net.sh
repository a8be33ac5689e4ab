# Sourced by run (uses its boot, report, $work, $here): -netdev user with a
# virtio-net card.  The guest (guest-net.sh) takes a DHCP lease, fetches a
# file from an HTTP server on the host's loopback through 10.0.2.2 and
# prints its checksum, then serves a marker that the host reads through a
# hostfwd rule (net-host.py).  Ports are picked free at run time.
mkdir -p "$work/www"
head -c 262144 /dev/urandom >"$work/www/payload.bin"
net_sum=$(md5sum <"$work/www/payload.bin" | cut -d' ' -f1)
net_marker="gemu-hostfwd-marker: served by the guest"
python3 "$here/net-host.py" "$work/www" "$work/ports" "$net_marker" $TIMEOUT >"$work/host.out" 2>&1 &
net_host=$!
for _ in $(seq 100); do
    [ -f "$work/ports" ] && break
    sleep 0.1
done
if read -r net_http net_fwd <"$work/ports" 2>/dev/null; then
    APPEND="gemu.http=$net_http" boot virtio-net "gemu-linux: net 10.0.2.15 gw 10.0.2.2 fetched $net_sum" guest-net.sh \
        -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$net_fwd-:22" \
        -device virtio-net-device,netdev=n0
    # The helper is done once the guest's listener has served it.
    for _ in $(seq 50); do
        kill -0 $net_host 2>/dev/null || break
        sleep 0.1
    done
    if grep -qF "hostfwd: read $net_marker" "$work/host.out"; then
        report virtio-net-hostfwd "" ""
    else
        report virtio-net-hostfwd "the host did not read the marker" "$(cat "$work/host.out")"
    fi
else
    report virtio-net "net-host.py did not start" "$(cat "$work/host.out")"
fi
kill $net_host 2>/dev/null
wait $net_host 2>/dev/null
