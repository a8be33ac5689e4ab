#!/bin/sh
# Inside the guest, booted with -M virt,gic-version=3: the timer interrupt
# is the GICv3's and every CPU took some, and every CPU took IPIs (SGIs).
timer=$(grep arch_timer /proc/interrupts)
ipi=$(grep '^ *IPI0:' /proc/interrupts)
cpus=$(grep -c ^processor /proc/cpuinfo)
case "$timer" in
*GICv3*) ;;
*) echo "gemu-linux: the timer is not on a GICv3: $timer"; exit 0 ;;
esac
# every_cpu_counted LINE: the first $cpus numbers after the label are all non-zero.
every_cpu_counted() {
    set -- $1
    shift
    for i in $(seq "$cpus"); do
        [ "$1" -gt 0 ] || return 1
        shift
    done
}
if every_cpu_counted "$timer" && every_cpu_counted "$ipi"; then
    echo "gemu-linux: gicv3 ok, cpus=$cpus"
else
    cat /proc/interrupts
fi
