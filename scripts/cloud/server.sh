#!/usr/bin/env bash
# Stops, kills or starts ONE named server of the local cloud of $OSS_CLOUD_DIR, for fault tests:
#   bash scripts/cloud/server.sh stop NAME     TERM its process group (KILL after 5 s), remember how it ran
#   bash scripts/cloud/server.sh kill NAME     the same with KILL at once (a crash: sockets in flight are cut)
#   bash scripts/cloud/server.sh start NAME    start it again exactly as it ran (command, environment, folder)
#   bash scripts/cloud/server.sh status NAME   prints "running PID" or "stopped", exits 0 / 3
# NAME is a file name of pids/ (keystone, keystone-short, r1-proxy, r2-object, …; see README.md).
# Like down.sh, it trusts a recorded PID only while its start time (pids/NAME.start) matches, so it never
# signals a process this cloud did not start. `stop` keeps the server's command line, environment (which
# carries OSS_CLOUD_ID, so down.sh finds the restarted server too) and working folder in restart/NAME/;
# `start` uses them, in a new session (setsid) with its PID and start time recorded as up.sh does.
# It does not wait for the server to answer: the caller knows what "ready" means (e.g. GET /healthcheck).
set -euo pipefail

usage() { echo "usage: server.sh stop|kill|start|status NAME" >&2; exit 2; }
[ $# -eq 2 ] || usage
ACTION=$1
NAME=$2
[[ "$NAME" =~ ^[a-z0-9-]+$ ]] || { echo "server.sh: bad server name '$NAME'" >&2; exit 2; }
D="${OSS_CLOUD_DIR:-${TMPDIR:-/tmp}/openstack-storage-cloud}"
[ -f "$D/.oss-cloud" ] || { echo "server.sh: no cloud in $D" >&2; exit 2; }
PIDFILE="$D/pids/$NAME.pid"
STARTFILE="$D/pids/$NAME.start"
RUN="$D/restart/$NAME" # outside pids/, which down.sh empties with rm -f

start_time() { # PID -> field 22 of /proc/PID/stat (fails when gone or a zombie)
  local line rest
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  rest=${line##*) }
  set -f
  # shellcheck disable=SC2206
  local f=($rest)
  set +f
  [ "${f[0]}" != Z ] || return 1
  echo "${f[19]}"
}

# The recorded PID when it is alive and still the process the cloud started; empty otherwise.
recorded_pid() {
  local pid="" st="" now
  { read -r pid <"$PIDFILE"; } 2>/dev/null || true
  { read -r st <"$STARTFILE"; } 2>/dev/null || true
  [[ "$pid" =~ ^[0-9]+$ && "$st" =~ ^[0-9]+$ ]] || return 0
  now=$(start_time "$pid") || return 0
  [ "$now" = "$st" ] && echo "$pid"
  return 0
}

# Processes of the session led by PID (uwsgi workers and the like), the leader included.
session_of() { pgrep -s "$1" 2>/dev/null || true; }

stop_server() { # SIGNAL
  local pid
  pid=$(recorded_pid)
  if [ -z "$pid" ]; then
    echo "server.sh: $NAME is not running" >&2
    return 0
  fi
  if [ ! -d "$RUN" ]; then
    mkdir -p "$RUN.tmp"
    cat "/proc/$pid/cmdline" >"$RUN.tmp/cmdline"
    cat "/proc/$pid/environ" >"$RUN.tmp/environ"
    readlink "/proc/$pid/cwd" >"$RUN.tmp/cwd"
    mv "$RUN.tmp" "$RUN"
  fi
  local members
  members=$(session_of "$pid")
  kill "-$1" -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    local left=""
    for p in $members; do start_time "$p" >/dev/null && left="$left $p"; done
    [ -z "$left" ] && return 0
    sleep 0.1
  done
  for p in $members; do kill -KILL "$p" 2>/dev/null || true; done
}

start_server() {
  if [ -n "$(recorded_pid)" ]; then
    echo "server.sh: $NAME is already running" >&2
    return 0
  fi
  [ -f "$RUN/cmdline" ] || { echo "server.sh: $NAME was not stopped by server.sh: no record of how it ran" >&2; exit 1; }
  local -a cmd envv
  mapfile -d '' -t cmd <"$RUN/cmdline"
  mapfile -d '' -t envv <"$RUN/environ"
  local cwd
  cwd=$(cat "$RUN/cwd")
  rm -f "$PIDFILE" "$STARTFILE"
  setsid /bin/sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0"; cd "$1" || exit 1; shift; exec "$@"' \
    "$PIDFILE" "$cwd" env -i "${envv[@]}" "${cmd[@]}" >>"$D/logs/$NAME.log" 2>&1 </dev/null &
  disown $! 2>/dev/null || true
  local pid=""
  for _ in $(seq 1 300); do
    { read -r pid <"$PIDFILE"; } 2>/dev/null || true
    [ -n "$pid" ] && break
    sleep 0.01
  done
  [ -n "$pid" ] || { echo "server.sh: $NAME did not start" >&2; exit 1; }
  start_time "$pid" >"$STARTFILE" || { echo "server.sh: $NAME exited at once (see $D/logs/$NAME.log)" >&2; exit 1; }
  rm -rf -- "$RUN"
}

case "$ACTION" in
  stop) stop_server TERM ;;
  kill) stop_server KILL ;;
  start) start_server ;;
  status)
    pid=$(recorded_pid)
    if [ -n "$pid" ]; then echo "running $pid"; else echo stopped; exit 3; fi
    ;;
  *) usage ;;
esac
