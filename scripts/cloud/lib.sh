# Shared by the shell scripts of the local cloud (scripts/cloud/*.sh) and the seeder (scripts/seed/seed.sh):
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"      (from scripts/seed: "$HERE/../cloud/lib.sh")
# It defines functions and variables and runs nothing else (no set -e of its own: the caller's options apply):
#   PY           Debian's python (the python3 first on PATH may be a pyenv build without the OpenStack modules)
#   D            the state dir: $OSS_CLOUD_DIR, default ${TMPDIR:-/tmp}/openstack-storage-cloud
# and the settings a script may change after sourcing it:
#   LOG_TAG      what log lines start with (cloud/up, cloud/down, seed, …; default: the script's name)
#   LOG_QUIET    1: log prints nothing          LOG_CLOCK    1: log lines carry the seconds since the start
#   SESSION_ENV  NAME=VALUE words start_session puts in the environment of what it starts
# shellcheck shell=bash

PY=/usr/bin/python3
D="${OSS_CLOUD_DIR:-${TMPDIR:-/tmp}/openstack-storage-cloud}"
LOG_TAG=${LOG_TAG:-$(basename "$0" .sh)}
LOG_QUIET=0
LOG_CLOCK=0
LIB_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIB_START_US=${EPOCHREALTIME//[!0-9]/}

# ------------------------------------------------------------------ time, logging

now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }
elapsed_ms() { echo $(( ($(now_us) - LIB_START_US) / 1000 )); }
# Seconds since the script started, one decimal: 12.3
elapsed() {
  local n
  n=$(elapsed_ms)
  printf '%d.%01d' $((n / 1000)) $((n % 1000 / 100))
}

# log MESSAGE...: one line on stderr, "TAG: MESSAGE" (with LOG_CLOCK=1 "[TAG 12.3s] MESSAGE"); nothing with LOG_QUIET=1.
log() {
  [ "$LOG_QUIET" = 1 ] && return 0
  if [ "$LOG_CLOCK" = 1 ]; then
    printf '[%s %5ss] %s\n' "$LOG_TAG" "$(elapsed)" "$*" >&2
  else
    printf '%s: %s\n' "$LOG_TAG" "$*" >&2
  fi
}
# die [STATUS] MESSAGE...: logs MESSAGE and exits with STATUS (default 1).
die() {
  local rc=1
  if [[ "${1:-}" =~ ^[0-9]+$ ]]; then rc=$1; shift; fi
  LOG_QUIET=0 log "$@"
  exit "$rc"
}

# wait_until SECONDS INTERVAL COMMAND...: runs COMMAND every INTERVAL seconds until it succeeds (returns 0) or
# SECONDS (whole seconds) have passed (returns 1). COMMAND runs at least once.
wait_until() {
  local end=$(( $(now_us) + $1 * 1000000 )) interval=$2
  shift 2
  until "$@"; do
    [ "$(now_us)" -lt "$end" ] || return 1
    sleep "$interval"
  done
}

# ------------------------------------------------------------------ processes

# proc_stat PID: sets PROC_SID and PROC_START, fields 6 and 22 of /proc/PID/stat (session id; start time in clock
# ticks since boot, which with the PID names a process for sure: a reused PID has another start time). Fails when the
# process is gone or a zombie (dead, waiting to be reaped). The only reader of /proc/PID/stat in the shell scripts.
proc_stat() {
  local line f
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  set -f
  # shellcheck disable=SC2206 # split on purpose; the command name, which may hold spaces, is cut off before
  f=(${line##*) })
  set +f
  PROC_SID=${f[3]}
  PROC_START=${f[19]}
  [ "${f[0]}" != Z ]
}
# proc_start PID: prints its start time (fails when gone or a zombie).
proc_start() { proc_stat "$1" && echo "$PROC_START"; }
proc_gone() { ! proc_stat "$1"; }

# read_record FILE.pid: sets REC_PID from FILE.pid and REC_START from FILE.start (each empty when missing or not a
# number). Fails when there is no PID.
read_record() {
  REC_PID="" REC_START=""
  { read -r REC_PID <"$1"; } 2>/dev/null || true
  { read -r REC_START <"${1%.pid}.start"; } 2>/dev/null || true
  [[ "$REC_PID" =~ ^[0-9]+$ ]] || REC_PID=""
  [[ "$REC_START" =~ ^[0-9]+$ ]] || REC_START=""
  [ -n "$REC_PID" ]
}
# recorded_pid NAME: prints the PID of pids/NAME.pid when that process is alive and still the one the cloud started
# (its start time is the one recorded in pids/NAME.start); prints nothing otherwise.
recorded_pid() {
  read_record "$D/pids/$1.pid" && [ -n "$REC_START" ] || return 0
  [ "$(proc_start "$REC_PID")" = "$REC_START" ] && echo "$REC_PID"
  return 0
}

# start_session [-C DIR] NAME COMMAND...: runs COMMAND (in DIR) in a session of its own (setsid: it leads its session
# and process group), output appended to logs/NAME.log, its PID written to pids/NAME.pid once it runs and its start
# time to pids/NAME.start. SESSION_PID is the background job (the caller disowns it or waits for it). Variables in
# SESSION_ENV (NAME=VALUE …) are in the environment of the session from its first instruction on.
SESSION_ENV=()
start_session() {
  local cwd=.
  if [ "$1" = -C ]; then cwd=$2; shift 2; fi
  local name=$1
  shift
  local pidfile="$D/pids/$name.pid"
  rm -f "$pidfile" "${pidfile%.pid}.start"
  env "${SESSION_ENV[@]}" setsid /bin/sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0"; cd "$1" || exit 1; shift; exec "$@"' \
    "$pidfile" "$cwd" "$@" >>"$D/logs/$name.log" 2>&1 </dev/null 9>&- &
  SESSION_PID=$!
  wait_until 3 0.01 read_record "$pidfile" || { log "$name did not start"; return 1; }
  proc_start "$REC_PID" >"${pidfile%.pid}.start" || { log "$name exited at once (see $D/logs/$name.log)"; return 1; }
}

# ------------------------------------------------------------------ configuration templates

# render TEMPLATE NAME=VALUE...: prints TEMPLATE (a path under templates/, or an absolute path) with each @NAME@
# replaced by VALUE, byte for byte otherwise. Fails on a placeholder no NAME=VALUE fills.
render() {
  local file=$1 text="" kv
  shift
  [[ "$file" == /* ]] || file="$LIB_HERE/templates/$file"
  [ -f "$file" ] || { LOG_QUIET=0 log "render: no template $file"; return 1; }
  IFS= read -r -d '' text <"$file" || true
  for kv in "$@"; do
    text=${text//"@${kv%%=*}@"/"${kv#*=}"}
  done
  if [[ "$text" =~ @[A-Z][A-Z0-9_]*@ ]]; then
    LOG_QUIET=0 log "render: ${BASH_REMATCH[0]} of $file has no value"
    return 1
  fi
  printf '%s' "$text"
}
