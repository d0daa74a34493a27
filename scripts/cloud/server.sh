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

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # D (the state dir), log, die, wait_until, proc_stat, recorded_pid, start_session
LOG_TAG=server.sh

usage() { die 2 "usage: server.sh stop|kill|start|status NAME (see the head of this file)"; }
[ $# -eq 2 ] || usage
ACTION=$1
NAME=$2
[[ "$NAME" =~ ^[a-z0-9-]+$ ]] || die 2 "bad server name '$NAME'"
[ -f "$D/.oss-cloud" ] || die 2 "no cloud in $D"
RUN="$D/restart/$NAME" # outside pids/, which down.sh empties with rm -f

# Processes of the session led by PID (uwsgi workers and the like), the leader included.
session_of() { pgrep -s "$1" 2>/dev/null || true; }

stop_server() { # SIGNAL
  local pid
  pid=$(recorded_pid "$NAME")
  if [ -z "$pid" ]; then
    log "$NAME is not running"
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
  # shellcheck disable=SC2086 # one PID a word
  wait_until 5 0.1 all_gone $members && return 0
  for p in $members; do kill -KILL "$p" 2>/dev/null || true; done
}
all_gone() { # PID...
  local p
  for p in "$@"; do proc_gone "$p" || return 1; done
}

start_server() {
  if [ -n "$(recorded_pid "$NAME")" ]; then
    log "$NAME is already running"
    return 0
  fi
  [ -f "$RUN/cmdline" ] || die "$NAME was not stopped by server.sh: no record of how it ran"
  local -a cmd envv
  mapfile -d '' -t cmd <"$RUN/cmdline"
  mapfile -d '' -t envv <"$RUN/environ"
  local cwd
  cwd=$(cat "$RUN/cwd")
  start_session -C "$cwd" "$NAME" env -i "${envv[@]}" "${cmd[@]}" || exit 1
  disown "$SESSION_PID" 2>/dev/null || true
  rm -rf -- "$RUN"
}

case "$ACTION" in
  stop) stop_server TERM ;;
  kill) stop_server KILL ;;
  start) start_server ;;
  status)
    pid=$(recorded_pid "$NAME")
    if [ -n "$pid" ]; then echo "running $pid"; else echo stopped; exit 3; fi
    ;;
  *) usage ;;
esac
