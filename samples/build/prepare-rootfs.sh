#!/bin/sh
# Puts a statically linked busybox and one symlink per applet into a root file system folder: the
# argument, or ./rootfs beside this script (its Dockerfile's build context). Uses $BUSYBOX, or the busybox on PATH; on Debian or Ubuntu,
# `apt-get install busybox-static` provides one. A dynamically linked busybox would not run in a
# FROM scratch image, so it is refused.
set -eu
rootfs=${1:-$(dirname "$0")/rootfs}
busybox=${BUSYBOX:-$(command -v busybox || true)}
if [ -z "$busybox" ] || [ ! -x "$busybox" ]; then
    echo "prepare-rootfs.sh: no busybox found; install busybox-static or set BUSYBOX=/path/to/busybox" >&2
    exit 1
fi
if command -v ldd >/dev/null 2>&1 && ldd "$busybox" >/dev/null 2>&1; then
    echo "prepare-rootfs.sh: $busybox is dynamically linked; a FROM scratch image needs a static one" >&2
    exit 1
fi
rm -rf "$rootfs"
mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
# Enough of /etc for user lookups and name resolution inside the container.
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
echo "prepare-rootfs.sh: $rootfs holds $("$busybox" --list | wc -l) applets of $busybox"
