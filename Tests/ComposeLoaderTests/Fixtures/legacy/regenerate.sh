#!/bin/sh
# Records docker-compose 1.29.2's `config` output for every version-1 fixture (see README.md).
# Usage: VENV=/work/venv-v1 ./regenerate.sh   (run from anywhere)
set -eu
cd "$(dirname "$0")"
here=$(pwd)
dc="${VENV:-/work/venv-v1}/bin/docker-compose"
py="${VENV:-/work/venv-v1}/bin/python"
for input in *.yml; do
    case "$input" in *.v1-config.yml) continue ;; esac
    name=${input%.yml}
    rm -f "$name.v1-config.yml" "$name.v1-config.json" "$name.v1-error.txt"
    if "$dc" -f "$input" config > "$name.out" 2> "$name.err"; then
        sed "s|$here|\${FIXTURE_DIR}|g" "$name.out" > "$name.v1-config.yml"
        "$py" -c 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), indent=2, sort_keys=True))' "$name.v1-config.yml" > "$name.v1-config.json"
    else
        sed "s|$here|\${FIXTURE_DIR}|g" "$name.err" > "$name.v1-error.txt"
    fi
    rm -f "$name.out" "$name.err"
done

# Our conversion (NAME.converted.json, written by `LEGACY_RECORD=1 swift test --filter LegacyGolden`)
# as docker compose v2.40.3 loads it.
for converted in *.converted.json; do
    [ -f "$converted" ] || continue
    name=${converted%.converted.json}
    docker compose -f "$converted" -p legacy config --format json | sed "s|$here|\${FIXTURE_DIR}|g" > "$name.v2-config.json"
done
