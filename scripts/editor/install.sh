#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (replaces the binary that
#     @vscode/ripgrep would download from GitHub), libkrb5-dev + a C/C++ toolchain (native modules);
#     each only when missing, with one `apt-get update` at most.
#   - code-server (pinned in scripts/editor/versions.env) from the npm registry, on the machine's Node 20,
#     into a cache folder OUTSIDE the repo: ${OSS_CACHE_DIR:-$HOME/.cache/openstack-storage-vscode}/code-server-<version>.
#     Skipped when that folder holds the marker written at the end of a successful install.
# Usage: bash scripts/editor/install.sh [--print-dir]     (--print-dir: only print the install folder and exit)
# Needs root (or sudo) only when a Debian package is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
version="${CODE_SERVER_VERSION:?}"
cache="${OSS_CACHE_DIR:-${HOME:-/root}/.cache/openstack-storage-vscode}"
dest="$cache/code-server-$version"
marker="$dest/.install-complete"

if [ "${1:-}" = "--print-dir" ]; then echo "$dest"; exit 0; fi

log() { echo "[editor-install] $*"; }
t0=$SECONDS
step_start=$SECONDS
step_done() { log "$1 ($((SECONDS - step_start)) s)"; step_start=$SECONDS; }

# ---------------------------------------------------------------- Debian packages
missing=()
need_pkg() { # need_pkg PACKAGE [COMMAND]: missing unless installed (or COMMAND is on PATH)
  if [ -n "${2:-}" ] && command -v "$2" >/dev/null 2>&1; then return; fi
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" != "installed" ]; then missing+=("$1"); fi
}
need_pkg chromium
need_pkg ripgrep
need_pkg libkrb5-dev
need_pkg g++ g++
need_pkg make make
need_pkg python3 python3
need_pkg pkg-config pkg-config
need_pkg fonts-liberation     # readable text in screenshots
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      log "missing Debian packages (${missing[*]}) and not root: install them, then run again"; exit 1
    fi
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq -o DPkg::Lock::Timeout=600
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  step_done "Debian packages installed"
else
  log "Debian packages: all present"
fi

# ---------------------------------------------------------------- code-server
mkdir -p "$cache"
exec 9>"$cache/.install-$version.lock"
flock 9 # one install at a time per version (parallel CI jobs on one machine)

if [ -f "$marker" ]; then
  log "code-server $version: already installed in $dest"
  log "done in $((SECONDS - t0)) s"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  log "code-server $version needs Node 20 (found $(node -v))"; exit 1
fi

# Run clean of the caller's `npm run` context (its local prefix, package and lifecycle variables).
for v in $(env | grep -oE '^npm_(package|lifecycle)_[A-Za-z0-9_]*' || true); do unset "$v"; done
unset npm_config_local_prefix npm_command npm_execpath npm_config_yes npm_config_allow_scripts || true
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_audit=false npm_config_fund=false \
  npm_config_update_notifier=false
export JOBS=max # node-gyp: make -j<cores>
# Native modules build against the local Node headers; node-gyp would otherwise download them.
if [ -z "${npm_config_nodedir:-}" ]; then
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [ -f "$node_prefix/include/node/node.h" ]; then export npm_config_nodedir="$node_prefix"; fi
fi

rm -rf "$dest" "$cache/code-server-$version.partial".*
work="$cache/code-server-$version.partial.$$"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
cd "$work"
echo '{ "name": "oss-editor-code-server", "private": true }' > package.json

log "code-server $version: npm install (scripts off) into $dest"
# code-server's postinstall would fail as shipped (ripgrep download from GitHub); its steps are done below.
npm install --ignore-scripts --no-save --loglevel=error "code-server@$version" >/dev/null
step_done "npm install code-server@$version"

npm rebuild --loglevel=error argon2 >/dev/null
step_done "top-level native module (argon2) built"

cs="$work/node_modules/code-server"
cd "$cs/lib/vscode"
npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin                    # present bin/ = its postinstall skips the download
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
step_done "VS Code server dependencies installed (ripgrep from Debian)"
npm rebuild --loglevel=error >/dev/null                       # native modules: node-pty, spdlog, kerberos, watcher, ...
step_done "VS Code server native modules built"

# What code-server's postinstall.sh does after its npm install:
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --loglevel=error >/dev/null)
step_done "built-in extensions' dependencies installed"

# Smoke check: the server answers --version (its config file goes to a throwaway folder, not ~/.config).
XDG_CONFIG_HOME="$work/.xdg-config" XDG_DATA_HOME="$work/.xdg-data" "$(command -v node)" "$cs/out/node/entry.js" --version >/dev/null
rm -rf "$work/.xdg-config" "$work/.xdg-data"

cd "$cache"
printf 'code-server %s\ninstalled %s\nnode %s\n' "$version" "$(date -u +%FT%TZ)" "$(node -v)" > "$work/.install-complete.tmp"
mv "$work" "$dest"
mv "$dest/.install-complete.tmp" "$marker"
trap - EXIT
log "code-server $version installed in $dest ($(du -sh "$dest" | cut -f1))"
log "done in $((SECONDS - t0)) s"
