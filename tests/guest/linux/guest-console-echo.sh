#!/bin/sh
# Inside the guest: say "ready" on the virtio console, read the line the
# host sends back over it and report it on the serial console.
for i in 1 2 3 4 5 6 7 8 9 10; do
    [ -c /dev/hvc0 ] && break
    sleep 0.2
done
exec 3<>/dev/hvc0
stty -F /dev/hvc0 -echo 2>/dev/null
echo "gemu-console: ready" >&3
read -t 30 line <&3
echo "gemu-linux: console got $(printf %s "$line" | tr -d "\r")"
