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

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # D (the state dir), log, wait_until, proc_stat, read_record
LOG_TAG=cloud/down
[ "${1:-}" = "--quiet" ] && LOG_QUIET=1

if [ ! -f "$D/.oss-cloud" ]; then
  log "no cloud in $D"
  exit 0
fi
ID=$(cat "$D/.oss-cloud")
[ -n "$ID" ] || { log "empty cloud id in $D/.oss-cloud"; exit 1; }

# Recorded session leaders: LEADER_START[pid]=start time (empty when not recorded)
declare -A LEADER_START=()
for f in "$D"/pids/*.pid; do
  read_record "$f" && LEADER_START[$REC_PID]=$REC_START
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
  proc_stat "$pid" || return 1
  ls=${LEADER_START[$PROC_SID]-none}
  if [ "$ls" != none ] && [ -n "$ls" ] && [ "$PROC_START" -ge "$ls" ]; then
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
    if proc_stat "$pid" && [ "$PROC_START" = "${LEADER_START[$pid]}" ]; then
      kill "-$1" -- "-$pid" 2>/dev/null
    fi
  done
  for pid in $(all_ours); do
    kill "-$1" "$pid" 2>/dev/null
  done
}

none_left() { [ -z "$(all_ours)" ]; }

initial=$(all_ours | wc -l)
if [ "$initial" -gt 0 ]; then
  signal_all TERM
  if ! wait_until 5 0.1 none_left; then
    log "$(all_ours | wc -l) process(es) still running after TERM: KILL"
    signal_all KILL
    wait_until 3 0.1 none_left || true
  fi
fi
still=$(all_ours | tr '\n' ' ')
if [ -n "$still" ]; then
  log "could not stop: $still"
  exit 1
fi

# Data: the tmpfs folder recorded at start (only a folder up.sh made), or data/ in the state dir.
DATA=$(cat "$D/datadir" 2>/dev/null || true)
case "$DATA" in
  /dev/shm/oss-cloud.*|"$D/data") rm -rf -- "$DATA" ;;
esac
rm -f -- "$D/cloud.json" "$D/cloud.json.tmp" "$D/datadir" "$D/processes" "$D"/pids/*
log "stopped $initial process(es) of $D"
exit 0
