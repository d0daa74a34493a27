#!/usr/bin/env bash
# Stops the local cloud of $OSS_CLOUD_DIR (default ${TMPDIR:-/tmp}/openstack-storage-cloud) and removes its data.
# Only processes this cloud started are touched:
#  - each recorded in pids/NAME.pid (+ NAME.start, its start time): it was started with setsid, so it leads its own
#    session and process group; a PID is only trusted while its start time still matches (never a reused PID);
#  - any process in one of those sessions started after its leader (uwsgi workers, helpers);
#  - any process whose environment carries this cloud's OSS_CLOUD_ID (e.g. one whose PID file was not written yet).
# TERM first, KILL after a short wait. Safe to run twice, on a half-started cloud, or when nothing runs.
# Keeps etc/ and logs/ for inspection; removes cloud.json and the data (tmpfs folder or data/).
set -uo pipefail

QUIET=0
[ "${1:-}" = "--quiet" ] && QUIET=1
say() { [ "$QUIET" -eq 1 ] || echo "cloud/down: $*" >&2; }

D="${OSS_CLOUD_DIR:-${TMPDIR:-/tmp}/openstack-storage-cloud}"
if [ ! -f "$D/.oss-cloud" ]; then
  say "no cloud in $D"
  exit 0
fi
ID=$(cat "$D/.oss-cloud")
[ -n "$ID" ] || { say "empty cloud id in $D/.oss-cloud"; exit 1; }

# stat_of PID: sets SID and START (fields 6 and 22 of /proc/PID/stat); fails when the process is gone.
stat_of() {
  local line rest f
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  rest=${line##*) }
  set -f
  # shellcheck disable=SC2206
  f=($rest)
  set +f
  SID=${f[3]}
  START=${f[19]}
  [ "${f[0]}" != Z ]   # a zombie is already dead
}

# Recorded session leaders: LEADER_START[pid]=start time
declare -A LEADER_START=()
for f in "$D"/pids/*.pid; do
  [ -f "$f" ] || continue
  { read -r pid <"$f"; } 2>/dev/null || continue
  { read -r st <"${f%.pid}.start"; } 2>/dev/null || st=""
  [[ "$pid" =~ ^[0-9]+$ ]] || continue
  [[ "$st" =~ ^[0-9]+$ ]] || st=""
  LEADER_START[$pid]=$st
done

has_marker() {
  local line
  {
    while IFS= read -r -d '' line; do
      [ "$line" = "OSS_CLOUD_ID=$ID" ] && return 0
    done <"/proc/$1/environ"
  } 2>/dev/null
  return 1
}
# ours PID
ours() {
  local pid=$1 ls
  stat_of "$pid" || return 1
  ls=${LEADER_START[$SID]-none}
  if [ "$ls" != none ] && [ -n "$ls" ] && [ "$START" -ge "$ls" ]; then
    return 0
  fi
  has_marker "$pid"
}
all_ours() {
  local p pid
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$$" ] && continue
    ours "$pid" && echo "$pid"
  done
}
signal_all() { # SIG
  local pid
  for pid in "${!LEADER_START[@]}"; do
    # the leader itself, alive and with the recorded start time: signal its whole process group
    if stat_of "$pid" && [ "$START" = "${LEADER_START[$pid]}" ]; then
      kill "-$1" -- "-$pid" 2>/dev/null
    fi
  done
  for pid in $(all_ours); do
    kill "-$1" "$pid" 2>/dev/null
  done
}

initial=$(all_ours | wc -l)
if [ "$initial" -gt 0 ]; then
  signal_all TERM
  for _ in $(seq 1 50); do # up to 5 s
    [ -z "$(all_ours)" ] && break
    sleep 0.1
  done
  left=$(all_ours | wc -l)
  if [ "$left" -gt 0 ]; then
    say "$left process(es) still running after TERM: KILL"
    signal_all KILL
    for _ in $(seq 1 30); do
      [ -z "$(all_ours)" ] && break
      sleep 0.1
    done
  fi
fi
still=$(all_ours | tr '\n' ' ')
if [ -n "$still" ]; then
  say "could not stop: $still"
  exit 1
fi

# Data: the tmpfs folder recorded at start (only a folder up.sh made), or data/ in the state dir.
DATA=$(cat "$D/datadir" 2>/dev/null || true)
case "$DATA" in
  /dev/shm/oss-cloud.*|"$D/data") rm -rf -- "$DATA" ;;
esac
rm -f -- "$D/cloud.json" "$D/cloud.json.tmp" "$D/datadir" "$D/processes" "$D"/pids/*
say "stopped $initial process(es) of $D"
exit 0
