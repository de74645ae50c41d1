#!/bin/sh
# Makes test archives of a two-layer FROM-scratch busybox image without Docker:
#   <out>/oci            OCI image layout (umoci), tag "t"
#   <out>/docker.tar     docker-save archive (skopeo docker-archive), named test/busybox:1
#   <out>/oci.tar        oci-archive (skopeo), ref name "t"
# Usage: make-test-image.sh <out-dir>
set -eu
out=$1
mkdir -p "$out"
layout="$out/oci"
bundle="$out/bundle"
rootless=""
[ "$(id -u)" = 0 ] || rootless="--rootless"
umoci init --layout "$layout"
umoci new --image "$layout:t"
umoci config --image "$layout:t" --config.cmd /bin/sh --config.env PATH=/bin --architecture amd64 --os linux
umoci unpack $rootless --image "$layout:t" "$bundle"
mkdir -p "$bundle/rootfs/bin"
cp /bin/busybox "$bundle/rootfs/bin/busybox"
ln -s busybox "$bundle/rootfs/bin/sh"
umoci repack --image "$layout:t" "$bundle"
rm -rf "$bundle"
umoci unpack $rootless --image "$layout:t" "$bundle"
mkdir -p "$bundle/rootfs/etc"
echo "second layer" > "$bundle/rootfs/etc/motd"
umoci repack --image "$layout:t" "$bundle"
rm -rf "$bundle"
umoci gc --layout "$layout"
skopeo --insecure-policy copy -q "oci:$layout:t" "docker-archive:$out/docker.tar:test/busybox:1"
skopeo --insecure-policy copy -q "oci:$layout:t" "oci-archive:$out/oci.tar:t"
