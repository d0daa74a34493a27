#!/usr/bin/env bash
# Seeds the demo data set into the `demo` project of the running local cloud ($OSS_CLOUD_DIR/cloud.json, started by
# scripts/cloud/up.sh), then checks it through the authenticated proxies with the swift CLI. Idempotent: a second run
# sees the marker and the counts and does nothing (~1-3 s). See README.md.
# Usage: bash scripts/seed/seed.sh [--force] [--verify | --no-verify | --verify-only] [--workers N]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../cloud/lib.sh
source "$HERE/../cloud/lib.sh" # PY (Debian's python), D (the state dir), log, die, elapsed
LOG_TAG=seed
CJ="$D/cloud.json"

SEED_ARGS=()
SEED=1
while [ $# -gt 0 ]; do
  case "$1" in
    --force) SEED_ARGS+=(--force) ;;
    --workers)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die 2 "--workers needs a positive number"
      SEED_ARGS+=(--workers "$2")
      shift
      ;;
    --verify) SEED_ARGS+=(--verify always) ;; # also when nothing had to be written
    --no-verify) SEED_ARGS+=(--verify never) ;;
    --verify-only) SEED=0 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die 2 "unknown argument $1" ;;
  esac
  shift
done

[ -f "$CJ" ] || die "no $CJ: start the cloud first (npm run cloud:up, or OSS_CLOUD_DIR=DIR bash scripts/cloud/up.sh)"
"$PY" -c 'import swift' 2>/dev/null || die "$PY cannot import swift (run scripts/cloud/install.sh)"

# One seed at a time per cloud (waits for a running one); the lock file lives in the cloud's state dir.
exec 9>"$D/seed.lock"
flock 9

# eventlet would otherwise import dnspython's resolver (~0.5 s); everything here is an IP address.
export EVENTLET_NO_GREENDNS=yes
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
rc=0
if [ "$SEED" -eq 1 ]; then
  "$PY" "$HERE/seed.py" "$CJ" "${SEED_ARGS[@]}" || rc=$?
  # The Ceph RGW region (if the cloud has one): a few containers through its Swift API (seed_rgw.py).
  [ "$rc" -ne 0 ] || "$PY" "$HERE/seed_rgw.py" "$CJ" || rc=$?
else
  "$PY" "$HERE/verify.py" "$CJ" || rc=$?
fi
status=done
[ "$rc" -eq 0 ] || status=FAILED
log "$status in $(elapsed)s (cloud $D)"
exit "$rc"
