#!/usr/bin/env bash
# Prepares a fresh Debian machine (as root) for MigrationHarness: installs docker.io, mmdebstrap,
# nasm, chromium, npm and docker-registry if missing, starts dockerd if no engine answers, builds the mh command and the four default QEMU
# images (reused when already present). Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

log() { printf 'setup: %s\n' "$*"; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
command -v nasm >/dev/null 2>&1 || missing+=(nasm)
# The report's screenshot test renders report.html in headless Chromium.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The CI workflow's test validates it with @action-validator/cli, from the npm registry.
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The registry test pushes build images to a real registry and pulls them into a second engine.
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! timeout 10 docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >/var/log/mh-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    timeout 5 docker info >/dev/null 2>&1 && break
    sleep 1
  done
  timeout 10 docker info >/dev/null 2>&1 || { log "dockerd did not come up; see /var/log/mh-dockerd.log"; exit 3; }
fi

if [ ! -x .tools/node_modules/.bin/action-validator ]; then
  log "installing @action-validator/cli into .tools"
  npm install --silent --no-audit --no-fund --prefix .tools @action-validator/cli@0.6.0 @action-validator/core@0.6.0 >/dev/null
fi

log "building mh"
dotnet build MigrationHarness.sln -c Release --verbosity quiet -nologo
log "building the QEMU images (reused when present)"
./mh builds build
