#!/bin/sh
# udhcpc's script for guest-net.sh: apply the lease to $interface and note
# in /tmp/lease which address and gateway it gave.
# shellcheck disable=SC2154 # udhcpc sets interface, ip, subnet, router
case $1 in
deconfig)
    ifconfig "$interface" 0.0.0.0
    ;;
bound | renew)
    ifconfig "$interface" "$ip" netmask "$subnet"
    for gw in $router; do
        route add default gw "$gw" dev "$interface"
        break
    done
    echo "$ip $router" >/tmp/lease
    ;;
esac
