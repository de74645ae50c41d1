#!/bin/bash
# Test fixture: a docker-registry on 127.0.0.1 (no auth, htpasswd basic auth, or token auth with a local token
# service) in a work directory, and test images made with umoci and pushed with skopeo.
#   registry.sh start WORKDIR none|basic|token    -> writes the registry port to WORKDIR/out; pids in WORKDIR/*.pid
#   registry.sh stop WORKDIR
#   registry.sh image WORKDIR PORT REPO [CREDS]  -> pushes REPO:1 (OCI), REPO:v2s2 (docker schema 2), REPO:arm64 (OCI)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=$1 work=$2

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() {  # url, expected status list
  for _ in $(seq 1 200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)
    case " $2 " in *" $code "*) return 0 ;; esac
    sleep 0.05
  done
  echo "timeout waiting for $1 (last status $code)" >&2
  cat "$work"/*.log >&2 || true
  return 1
}

case $cmd in
start)
  mode=$3
  mkdir -p "$work/storage"
  port=$(free_port)
  auth=""
  case $mode in
  basic)
    htpasswd -Bbn user pass > "$work/htpasswd"
    auth="auth:
  htpasswd:
    realm: test-realm
    path: $work/htpasswd"
    ;;
  token)
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/token.key" -out "$work/token.crt" -days 2 \
      -subj /CN=test-token-issuer >/dev/null 2>&1
    setsid python3 "$here/token_server.py" "$work" test-issuer user pass < /dev/null > "$work/token-server.log" 2>&1 &
    echo $! > "$work/token.pid"
    for _ in $(seq 1 200); do [ -s "$work/token.port" ] && break; sleep 0.05; done
    tport=$(cat "$work/token.port")
    auth="auth:
  token:
    realm: http://127.0.0.1:$tport/token
    service: test-registry
    issuer: test-issuer
    rootcertbundle: $work/token.crt"
    ;;
  esac
  cat > "$work/config.yml" <<CFG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$auth
CFG
  setsid docker-registry serve "$work/config.yml" < /dev/null > "$work/registry.log" 2>&1 &
  echo $! > "$work/registry.pid"
  wait_for "http://127.0.0.1:$port/v2/" "200 401" >/dev/null
  echo "$port" > "$work/out"
  ;;
stop)
  for f in "$work"/registry.pid "$work"/token.pid; do
    # SIGKILL: processes spawned from the test runner may inherit a signal mask that blocks SIGTERM.
    [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null || true
  done
  ;;
image)
  port=$3 repo=$4 creds=${5:-}
  oci="$work/oci" bundle="$work/bundle"
  rm -rf "$oci" "$bundle" "$bundle-2"
  umoci init --layout "$oci"
  umoci new --image "$oci:1"
  umoci unpack --rootless --image "$oci:1" "$bundle" >/dev/null
  mkdir -p "$bundle/rootfs/bin"
  cp /bin/busybox "$bundle/rootfs/bin/busybox"
  ln -s busybox "$bundle/rootfs/bin/sh"
  umoci repack --image "$oci:1" "$bundle"
  # A second layer needs a fresh unpack: a bundle's repack always diffs against the image it was unpacked from.
  umoci unpack --rootless --image "$oci:1" "$bundle-2" >/dev/null
  echo "hello from layer two" > "$bundle-2/rootfs/hello.txt"
  umoci repack --image "$oci:1" "$bundle-2"
  umoci config --image "$oci:1" --config.cmd /bin/sh --architecture amd64 --os linux
  umoci config --image "$oci:1" --tag arm64 --architecture arm64 --os linux
  umoci gc --layout "$oci"
  args=(--insecure-policy copy -q --dest-tls-verify=false)
  [ -n "$creds" ] && args+=(--dest-creds "$creds")
  skopeo "${args[@]}" "oci:$oci:1" "docker://127.0.0.1:$port/$repo:1"
  skopeo "${args[@]}" --format v2s2 "oci:$oci:1" "docker://127.0.0.1:$port/$repo:v2s2"
  skopeo "${args[@]}" "oci:$oci:arm64" "docker://127.0.0.1:$port/$repo:arm64"
  ;;
esac
