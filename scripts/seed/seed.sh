#!/usr/bin/env bash
# Seeds the demo data set into the `demo` project of the running local cloud ($OSS_CLOUD_DIR/cloud.json, started by
# scripts/cloud/up.sh), then checks it through the authenticated proxies with the swift CLI. Idempotent: a second run
# sees the marker and the counts and does nothing (~1-3 s). See README.md.
# Usage: bash scripts/seed/seed.sh [--force] [--verify | --no-verify | --verify-only] [--workers N]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3 # Debian's python: the one on PATH may lack Swift's modules
D="${OSS_CLOUD_DIR:-${TMPDIR:-/tmp}/openstack-storage-cloud}"
CJ="$D/cloud.json"
START_NS=$(date +%s%N)

SEED_ARGS=()
SEED=1
while [ $# -gt 0 ]; do
  case "$1" in
    --force) SEED_ARGS+=(--force) ;;
    --workers)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "seed: --workers needs a positive number" >&2; exit 2; }
      SEED_ARGS+=(--workers "$2")
      shift
      ;;
    --verify) SEED_ARGS+=(--verify always) ;; # also when nothing had to be written
    --no-verify) SEED_ARGS+=(--verify never) ;;
    --verify-only) SEED=0 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "seed: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

if [ ! -f "$CJ" ]; then
  echo "seed: no $CJ: start the cloud first (npm run cloud:up, or OSS_CLOUD_DIR=DIR bash scripts/cloud/up.sh)" >&2
  exit 1
fi
if ! "$PY" -c 'import swift' 2>/dev/null; then
  echo "seed: $PY cannot import swift (run scripts/cloud/install.sh)" >&2
  exit 1
fi

# One seed at a time per cloud (waits for a running one); the lock file lives in the cloud's state dir.
exec 9>"$D/seed.lock"
flock 9

# eventlet would otherwise import dnspython's resolver (~0.5 s); everything here is an IP address.
export EVENTLET_NO_GREENDNS=yes
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
rc=0
if [ "$SEED" -eq 1 ]; then
  "$PY" "$HERE/seed.py" "$CJ" "${SEED_ARGS[@]}" || rc=$?
else
  "$PY" "$HERE/verify.py" "$CJ" || rc=$?
fi
ms=$(( ($(date +%s%N) - START_NS) / 1000000 ))
status=done
[ "$rc" -eq 0 ] || status=FAILED
printf 'seed: %s in %d.%01ds (cloud %s)\n' "$status" $((ms / 1000)) $((ms % 1000 / 100)) "$D" >&2
exit "$rc"
