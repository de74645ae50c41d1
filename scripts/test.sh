#!/bin/sh
# The whole test run (what `make test` and CI do): the conformance corpus on the release binary, then
# `swift test`. When a Docker daemon can be started (root, dockerd installed), the Docker engine's
# integration suite runs too, against a private daemon on a unix socket (SWIFT_COMPOSE_IT=docker).
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/compose}
CORPUS=${CORPUS:-$(pwd)/../shared/corpus}

python3 scripts/corpus-check.py "$BIN" --corpus "$CORPUS" --require-rejections

if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null 2>&1 && [ -x /bin/busybox ]; then
    eval "export $(sh Tests/EngineDockerTests/Support/prepare-docker.sh | tail -n 1)"
    export SWIFT_COMPOSE_IT="${SWIFT_COMPOSE_IT:-docker}"
    echo "integration: Docker engine suite enabled against $DOCKER_HOST"
    if [ -x /usr/local/lib/docker/cli-plugins/docker-compose ]; then
        echo "integration: interop with docker compose v2 enabled"
    else
        echo "integration: interop with docker compose v2 skipped (scripts/install-reference-compose.sh installs it)"
    fi
else
    echo "integration: Docker engine suite skipped (needs root, dockerd and /bin/busybox)"
fi
# The embedded engine's integration suites need root, runc and a registry binary (they start the registry
# themselves). They run in a second pass of their own: they spawn and wait for many processes (runc, CNI
# plugins, the registry, skopeo), which on a 2-core machine starves the timing-sensitive tests of the first pass
# of the concurrency pool's threads.
if [ "$(id -u)" = 0 ] && command -v runc >/dev/null 2>&1 && command -v docker-registry >/dev/null 2>&1; then
    embedded=yes
    echo "integration: embedded engine suite enabled (runc, docker-registry on 127.0.0.1), in a second pass"
else
    embedded=no
    echo "integration: embedded engine suite skipped (needs root, runc and docker-registry)"
fi
swift test
if [ "$embedded" = yes ]; then
    # The reconciler's integration suites run on every enabled engine: here on the embedded one.
    SWIFT_COMPOSE_IT=embedded swift test --skip-build --filter \
        'EngineEmbeddedTests|EngineCommandEmbeddedTests|ComposeCommandsTests\.(EmbeddedStackTests|TopStatsEmbeddedTests|ExecTests|UpDownTests|LifecycleTests|DownTests|WaitTests|LogsTests|AttachedUpTests|FaultTests|WatchTests)/'
fi
