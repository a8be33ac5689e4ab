#!/bin/sh
# Inside the guest: report the CPUs Linux brought up.
echo "gemu-linux: smoke ok, cpus=$(grep -c ^processor /proc/cpuinfo)"
