#!/bin/sh
# Prepares a private dockerd and the contract-test image for the EngineDocker integration suite.
# Starts the daemon unless one already answers on the socket, then builds swift-compose-test/busybox:1
# from the host's static busybox (no registry needed). Prints the DOCKER_HOST to export.
set -eu
SOCK=${SWC_DOCKER_SOCK:-/tmp/swc-docker.sock}
export DOCKER_HOST="unix://$SOCK"
if ! docker version >/dev/null 2>&1; then
    dockerd --host "$DOCKER_HOST" --data-root /tmp/swc-docker-root --exec-root /tmp/swc-docker-exec \
        --pidfile /tmp/swc-docker.pid >/tmp/swc-dockerd.log 2>&1 &
    i=0
    until docker version >/dev/null 2>&1; do
        i=$((i + 1))
        if [ "$i" -gt 60 ]; then echo "dockerd did not start; see /tmp/swc-dockerd.log" >&2; exit 1; fi
        sleep 0.5
    done
fi
if ! docker image inspect swift-compose-test/busybox:1 >/dev/null 2>&1; then
    dir=$(mktemp -d)
    cp /bin/busybox "$dir/busybox"
    printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nCMD ["sleep","3600"]\n' >"$dir/Dockerfile"
    docker build -q -t swift-compose-test/busybox:1 "$dir" >/dev/null
    rm -rf "$dir"
fi
echo "DOCKER_HOST=$DOCKER_HOST"
