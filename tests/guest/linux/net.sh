# shellcheck shell=bash disable=SC2154 # sourced by run: boot, report, $work, $here, $TIMEOUT
# -netdev user with a virtio-net card.  The guest (guest-net.sh) takes a
# DHCP lease, fetches a file from an HTTP server on the host's loopback
# through 10.0.2.2 and prints its checksum, then serves a marker that the
# host reads through a hostfwd rule (net-host.py).  Ports are picked free at
# run time.  Once with -netdev/-device on the legacy virtio-mmio layout,
# once with -nic on the modern one.
net_marker="gemu-hostfwd-marker: served by the guest"

# net_boot NAME OPTION VALUE-FORMAT GEMU-ARGS...: gemu gets OPTION VALUE, %s in
# VALUE-FORMAT being the hostfwd rule's host port.
net_boot() {
    local name=$1 netopt=$2 format=$3 dir=$work/$1 sum host http fwd
    shift 3
    mkdir -p "$dir/www"
    head -c 1048576 /dev/urandom >"$dir/www/payload.bin"
    sum=$(md5sum <"$dir/www/payload.bin" | cut -d' ' -f1)
    python3 "$here/net-host.py" "$dir/www" "$dir/ports" "$net_marker" "$TIMEOUT" \
        >"$dir/host.out" 2>&1 &
    host=$!
    for _ in $(seq 100); do
        [ -f "$dir/ports" ] && break
        sleep 0.1
    done
    if ! read -r http fwd <"$dir/ports" 2>/dev/null; then
        report "$name" "net-host.py did not start" "$(cat "$dir/host.out")"
        kill $host 2>/dev/null
        wait $host 2>/dev/null
        return
    fi
    # shellcheck disable=SC2059 # the format is ours
    APPEND="gemu.http=$http" boot "$name" "gemu-linux: net 10.0.2.15 gw 10.0.2.2 fetched $sum" \
        guest-net.sh "$netopt" "$(printf -- "$format" "$fwd")" "$@"
    # The helper ends once the guest's listener has served it.
    for _ in $(seq 50); do
        kill -0 $host 2>/dev/null || break
        sleep 0.1
    done
    kill $host 2>/dev/null
    wait $host 2>/dev/null
    if grep -qF "hostfwd: read $net_marker" "$dir/host.out"; then
        report "$name-hostfwd" "" ""
    else
        report "$name-hostfwd" "the host did not read the marker" "$(cat "$dir/host.out")"
    fi
}

net_boot virtio-net -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:%s-:22" \
    -device virtio-net-device,netdev=n0
net_boot virtio-net-modern -nic "user,hostfwd=tcp:127.0.0.1:%s-:22" \
    -global virtio-mmio.force-legacy=false
