#!/bin/sh
# Inside the guest: make a filesystem on the virtio disk, write a file,
# sync and unmount; the host then looks for the file's bytes in the image.
set -e
mke2fs -q /dev/vda
mount -t ext2 /dev/vda /mnt
echo "gemu-linux-disk-marker: written inside the guest" >/mnt/marker.txt
sync
umount /mnt
echo "gemu-linux: disk ok"
