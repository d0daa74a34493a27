#!/usr/bin/env bash
# Starts a local OpenStack cloud from scratch: Keystone 22 (v3, plus a second short-token instance), two
# independent all-in-one Swift 2.30 clusters (RegionOne, RegionTwo) and a one-node Ceph 16 cluster serving the Swift
# API through its RADOS Gateway (RegionRGW), all on free 127.0.0.1 ports, in the state
# dir $OSS_CLOUD_DIR (default ${TMPDIR:-/tmp}/openstack-storage-cloud). Writes $OSS_CLOUD_DIR/cloud.json once
# everything answers, prints its path and exits 0, leaving the servers running. See README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh" # PY, D (the state dir), log, die, wait_until, proc_stat, start_session, render
LOG_TAG=cloud/up
LOG_CLOCK=1

TOKEN_SECONDS="${OSS_TOKEN_SECONDS:-3600}"
SHORT_SECONDS="${OSS_SHORT_TOKEN_SECONDS:-20}"
DEADLINE_SECONDS="${OSS_CLOUD_TIMEOUT:-120}"
for v in TOKEN_SECONDS SHORT_SECONDS DEADLINE_SECONDS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || die 2 "$v must be a positive integer"
done
# Seconds each Swift proxy caches a validated token (keystonemiddleware's token_cache_time, in the proxy's
# memcached): RegionOne's, then RegionTwo's (the first when only one is given). The default, 300,-1: RegionOne as real
# clouds run it (keystonemiddleware's default: a revoked token may be accepted for up to 5 minutes), RegionTwo with no
# cache (-1: every request validated by Keystone, a revoked token refused at once), where the revocation tests look.
IFS=, read -r R1_TOKEN_CACHE R2_TOKEN_CACHE <<<"${OSS_SWIFT_TOKEN_CACHE_TIME:-300,-1}"
R2_TOKEN_CACHE=${R2_TOKEN_CACHE:-$R1_TOKEN_CACHE}
for v in R1_TOKEN_CACHE R2_TOKEN_CACHE; do
  [[ "${!v}" =~ ^(-1|[0-9]+)$ ]] || die 2 "OSS_SWIFT_TOKEN_CACHE_TIME must be -1 or seconds, one or two comma-separated"
done
# RegionRGW's OSD keeps its data in its own RAM, capped (RGW frees a deleted object's data hours later, in its GC).
RGW_MEMSTORE_BYTES="${OSS_RGW_MEMSTORE_BYTES:-2147483648}"
[[ "$RGW_MEMSTORE_BYTES" =~ ^[0-9]+$ ]] || die 2 "OSS_RGW_MEMSTORE_BYTES must be a number of bytes"
# How many validated tokens radosgw keeps (`rgw keystone token cache size`): 0 (the default here) validates every
# request with Keystone, so a revoked token is refused at once (the revocation tests rely on it); RGW's own default
# is 10000, a token then accepted until it expires. The bench's realistic cloud uses that.
RGW_TOKEN_CACHE_SIZE="${OSS_RGW_TOKEN_CACHE_SIZE:-0}"
[[ "$RGW_TOKEN_CACHE_SIZE" =~ ^[0-9]+$ ]] || die 2 "OSS_RGW_TOKEN_CACHE_SIZE must be a number of tokens"

bash "$HERE/install.sh"

# eventlet (imported by Swift and Keystone) otherwise imports dnspython's resolver: ~0.3-1 s of CPU per process.
# Everything here uses IP addresses, so the blocking libc resolver is fine.
export EVENTLET_NO_GREENDNS=yes

# ------------------------------------------------------------------ state dir: stop what ran there, wipe it
case "$D" in /|/tmp|/tmp/|/dev/shm|/dev/shm/|"$HOME"|"$HOME"/) die 2 "refusing state dir $D" ;; esac
# One up.sh at a time per state dir (the lock file sits beside it, as the dir itself is wiped). The servers do not
# inherit the lock (start_session closes fd 9).
mkdir -p "$(dirname "$D")"
exec 9>"${D%/}.lock"
flock -n 9 || die 2 "another up.sh is starting a cloud in $D"
if [ -e "$D" ]; then
  if [ -f "$D/.oss-cloud" ]; then
    OSS_CLOUD_DIR="$D" bash "$HERE/down.sh" --quiet || true
    rm -rf -- "$D"
  elif [ -d "$D" ] && [ -z "$(ls -A "$D")" ]; then
    :
  else
    die 2 "refusing to wipe $D: it exists but is not a cloud state dir (no .oss-cloud file)"
  fi
fi
mkdir -p "$D"
D=$(cd "$D" && pwd)
mkdir -p "$D/logs" "$D/pids" "$D/etc/keystone" "$D/etc/swift-r1" "$D/etc/swift-r2" "$D/etc/ceph"
CLOUD_ID="$(date +%s)-$$-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
echo "$CLOUD_ID" >"$D/.oss-cloud"

# Data (sqlite database, Swift devices) on tmpfs when there is one: much faster.
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "${OSS_CLOUD_NO_SHM:-}" != 1 ]; then
  DATA=$(mktemp -d /dev/shm/oss-cloud.XXXXXXXX)
else
  DATA="$D/data"
  mkdir -p "$DATA"
fi
echo "$DATA" >"$D/datadir"

READY=0
on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$READY" -ne 1 ]; then
    [ "$rc" -eq 0 ] && rc=1
    log "FAILED (exit $rc). Last lines of the logs in $D/logs:"
    for f in "$D"/logs/*.log; do
      [ -s "$f" ] || continue
      echo "==> $f <=="
      tail -n 20 "$f"
    done >&2
    disown -a 2>/dev/null || true # no "Killed" job notices from bash
    OSS_CLOUD_DIR="$D" bash "$HERE/down.sh" --quiet || true
    log "stopped what it had started; logs kept in $D/logs"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME CMD...: CMD in its own session (start_session in lib.sh: logs/NAME.log, pids/NAME.pid, pids/NAME.start),
# with OSS_CLOUD_ID in its environment. down.sh uses all three to tell, for sure, what this cloud started.
SESSION_ENV=(OSS_CLOUD_ID="$CLOUD_ID")
start() {
  start_session "$@" || return 1
  LAST_PID=$SESSION_PID
  # out of bash's job table: no "Killed" notices; only the bootstrap is waited for
  [ "$1" = keystone-bootstrap ] || disown "$LAST_PID"
}
alive() { # NAME: fails (and says so) when the process died
  read_record "$D/pids/$1.pid" && proc_stat "$REC_PID" || { log "$1 is not running"; return 1; }
}

# ------------------------------------------------------------------ ports, passwords
mapfile -t P < <("$PY" "$HERE/free_ports.py" 15)
[ "${#P[@]}" -eq 15 ] || die "could not find free ports"
KS_PORT=${P[0]} KS_SHORT_PORT=${P[1]} KS_MC_PORT=${P[2]}
R1_PROXY=${P[3]} R1_ACC=${P[4]} R1_CON=${P[5]} R1_OBJ=${P[6]} R1_MC=${P[7]}
R2_PROXY=${P[8]} R2_ACC=${P[9]} R2_CON=${P[10]} R2_OBJ=${P[11]} R2_MC=${P[12]}
RGW_MON=${P[13]} RGW_PORT=${P[14]}
KS_URL="http://127.0.0.1:$KS_PORT"
KS_SHORT_URL="http://127.0.0.1:$KS_SHORT_PORT"
rnd() { od -An -N9 -tx1 /dev/urandom | tr -d ' \n'; }
ADMIN_PASSWORD=admin-secret
# The users the product signs in as have passwords with quotes, a backslash, `%`, a space and non-ASCII: each is
# escaped or encoded somewhere on its way (JSON, URLs, shells, YAML), and the leak guards look for every form.
DEMO_PASSWORD='demo "dq" '\''sq'\'' \bs 100%25 Zoë ☁'
DEMO_DEFAULT_PASSWORD='default\"q'\''%41-ñ-secret'
MFA_PASSWORD='mfa "otp" %25-ü'
SWIFT_SERVICE_PASSWORD=$(rnd)
TEMPURL_KEY=tempurl-$(rnd)
TEMPAUTH_USER=test:tester
TEMPAUTH_KEY=testing
RUN_USER=$(id -un)
MEMCACHED_USER=()
[ "$(id -u)" -eq 0 ] && MEMCACHED_USER=(-u "$RUN_USER")

# ------------------------------------------------------------------ Keystone configuration
# Each file is a template of templates/ with its @NAME@ placeholders filled (render, in lib.sh).
KE="$D/etc/keystone"
render keystone/keystone.conf.in DATA="$DATA" TOKEN_SECONDS="$TOKEN_SECONDS" KEYSTONE_ETC="$KE" \
  MEMCACHED_PORT="$KS_MC_PORT" >"$KE/keystone.conf"
# The second instance: same files, database and keys, shorter tokens.
render keystone/short.conf.in TOKEN_SECONDS="$SHORT_SECONDS" >"$KE/short.conf"

# ------------------------------------------------------------------ Swift configuration (one dir per cluster)
swift_conf() { # N PROXY ACC CON OBJ MC TOKEN_CACHE
  local n=$1 proxy=$2 acc=$3 con=$4 obj=$5 mc=$6 token_cache=$7
  local sd="$D/etc/swift-r$n" dev="$DATA/swift-r$n"
  mkdir -p "$dev/d1" "$dev/recon"
  # Only informative: the 2.30 servers read /etc/swift/swift.conf whatever swift_dir says.
  cp /etc/swift/swift.conf "$sd/swift.conf"
  local common server port
  common=$(render swift/storage-common.conf.in USER="$RUN_USER" SWIFT_DIR="$sd" DEVICES="$dev")
  for server in account:"$acc" container:"$con" object:"$obj"; do
    port=${server#*:} server=${server%%:*}
    render "swift/$server-server.conf.in" PORT="$port" CLUSTER="$n" STORAGE_COMMON="$common" >"$sd/$server-server.conf"
  done
  render swift/proxy-server.conf.in PORT="$proxy" CLUSTER="$n" USER="$RUN_USER" SWIFT_DIR="$sd" MEMCACHED_PORT="$mc" \
    TOKEN_CACHE_TIME="$token_cache" KEYSTONE_URL="$KS_URL" SERVICE_PASSWORD="$SWIFT_SERVICE_PASSWORD" \
    TEMPAUTH_ACCOUNT="${TEMPAUTH_USER%%:*}" TEMPAUTH_USER="${TEMPAUTH_USER#*:}" TEMPAUTH_KEY="$TEMPAUTH_KEY" \
    >"$sd/proxy-server.conf"
}
swift_conf 1 "$R1_PROXY" "$R1_ACC" "$R1_CON" "$R1_OBJ" "$R1_MC" "$R1_TOKEN_CACHE"
swift_conf 2 "$R2_PROXY" "$R2_ACC" "$R2_CON" "$R2_OBJ" "$R2_MC" "$R2_TOKEN_CACHE"
# ------------------------------------------------------------------ Ceph configuration (RegionRGW)
# The admin sockets live under the data dir: a Unix socket path must stay under 108 bytes.
CEPH_CONF="$D/etc/ceph/ceph.conf"
CEPH_DATA="$DATA/ceph"
mkdir -p "$CEPH_DATA/run" "$CEPH_DATA/osd-0" "$CEPH_DATA/rgw-a"
CEPH_FSID=$(cat /proc/sys/kernel/random/uuid)
render ceph/ceph.conf.in FSID="$CEPH_FSID" MON_PORT="$RGW_MON" RUN="$CEPH_DATA/run" LOGS="$D/logs" DATA="$CEPH_DATA" \
  RGW_PORT="$RGW_PORT" KEYSTONE_URL="$KS_URL" SERVICE_PASSWORD="$SWIFT_SERVICE_PASSWORD" MEMSTORE_BYTES="$RGW_MEMSTORE_BYTES" \
  TOKEN_CACHE_SIZE="$RGW_TOKEN_CACHE_SIZE" >"$CEPH_CONF"
log "state dir $D, data in $DATA; keystone :$KS_PORT (short :$KS_SHORT_PORT), swift :$R1_PROXY and :$R2_PROXY, rgw :$RGW_PORT"

# ------------------------------------------------------------------ Ceph: mon, OSD, radosgw (RegionRGW)
# In the background from the start: ~2-5 s of set-up (the mon must answer before the OSD is registered), then radosgw
# creates its pools (~10 s) while Keystone bootstraps and Swift starts; provision.py waits for it to answer. As root it
# starts at nice 10 like Swift, for the same reason. The subshell carries OSS_CLOUD_ID: down.sh stops it on a failure.
NICE=()
[ "$(id -u)" -eq 0 ] && NICE=(nice -n 10)
ceph_up() {
  export OSS_CLOUD_ID="$CLOUD_ID"
  local osd_uuid osd_id
  monmaptool --create --fsid "$CEPH_FSID" --addv a "[v2:127.0.0.1:$RGW_MON]" "$D/etc/ceph/monmap" || return 1
  ceph-mon -c "$CEPH_CONF" -i a --mkfs --monmap "$D/etc/ceph/monmap" || return 1
  start rgw-mon "${NICE[@]}" ceph-mon -c "$CEPH_CONF" -i a -f || return 1
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$(ceph -c "$CEPH_CONF" --connect-timeout 60 osd new "$osd_uuid") || return 1
  [ "$osd_id" = 0 ] || { echo "ceph osd new gave osd.$osd_id, expected osd.0"; return 1; }
  ceph-osd -c "$CEPH_CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" || return 1
  start rgw-osd "${NICE[@]}" ceph-osd -c "$CEPH_CONF" -i 0 -f || return 1
  start rgw-gateway "${NICE[@]}" radosgw -c "$CEPH_CONF" -n client.rgw.a -f
}
ceph_up >>"$D/logs/ceph-setup.log" 2>&1 &
CEPH_SETUP_PID=$!

# ------------------------------------------------------------------ memcached x3 (Keystone's, one per cluster)
for m in "keystone-memcached:$KS_MC_PORT" "r1-memcached:$R1_MC" "r2-memcached:$R2_MC"; do
  start "${m%%:*}" memcached -l 127.0.0.1 -p "${m##*:}" -U 0 -m 64 -t 2 "${MEMCACHED_USER[@]}"
done

# ------------------------------------------------------------------ Keystone
# Fernet token and credential keys first (a key is base64url of 32 random bytes; 0 = staged, 1 = primary, as
# keystone-manage fernet_setup leaves them): Keystone's app refuses to load without them, and with them in place
# the two uwsgi instances can load the app (~3 s of CPU each) while the bootstrap process builds the database.
# The app touches neither the database nor memcached while loading; nothing is sent to it before the bootstrap ends.
fernet_key() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '\n'; }
for repo in "$KE/fernet-keys" "$KE/credential-keys"; do
  mkdir -p -m 700 "$repo"
  (umask 077 && fernet_key >"$repo/0" && fernet_key >"$repo/1")
done

uwsgi_keystone() { # NAME PORT PROCESSES CONFIG_FILES
  # No threads (sqlite). Connection: close — uwsgi's plain http-socket does not keep connections alive; saying
  # so stops keep-alive clients from reusing a socket the server is about to close.
  start "$1" env OS_KEYSTONE_CONFIG_FILES="$4" \
    uwsgi --plugins python3 --http-socket "127.0.0.1:$2" --wsgi-file "$HERE/keystone_wsgi.py" \
    --master --processes "$3" --die-on-term --need-app --buffer-size 65535 \
    --add-header 'Connection: close'
}
uwsgi_keystone keystone "$KS_PORT" 2 "$KE/keystone.conf"
uwsgi_keystone keystone-short "$KS_SHORT_PORT" 1 "$KE/keystone.conf;$KE/short.conf"

# db_sync + WAL, (fernet_setup, credential_setup: no-ops, the keys exist), bootstrap: one process, in the background
start keystone-bootstrap env OSS_ADMIN_PASSWORD="$ADMIN_PASSWORD" OSS_KEYSTONE_URL="$KS_URL/v3" OSS_REGION=RegionOne \
  "$PY" "$HERE/keystone_bootstrap.py" "$KE/keystone.conf"
BOOT_PID=$LAST_PID

# ------------------------------------------------------------------ Swift rings, servers
"$PY" "$HERE/swift_rings.py" "$D/etc/swift-r1:$R1_ACC:$R1_CON:$R1_OBJ" "$D/etc/swift-r2:$R2_ACC:$R2_CON:$R2_OBJ"
# Start-up is CPU-bound (2 cores) and Keystone is its critical path: when we may raise the priority back later
# (root), the Swift servers start with a lower one.
SWIFT_SERVERS=()
for n in 1 2; do
  sd="$D/etc/swift-r$n"
  for s in proxy account container object; do
    start "r$n-$s" "${NICE[@]}" "swift-$s-server" "$sd/$s-server.conf" -v
    SWIFT_SERVERS+=("r$n-$s")
  done
done

log "keystone, swift and ceph servers starting"

wait_until $(( DEADLINE_SECONDS - $(elapsed_ms) / 1000 )) 0.1 proc_gone "$BOOT_PID" ||
  die "keystone bootstrap still running after ${DEADLINE_SECONDS}s"
wait "$BOOT_PID" || die "keystone bootstrap failed"
log "keystone database bootstrapped"
wait "$CEPH_SETUP_PID" || die "ceph set-up failed (see $D/logs/ceph-setup.log)"
SWIFT_SERVERS+=(rgw-mon rgw-osd rgw-gateway)

# ------------------------------------------------------------------ provision + readiness checks
remaining=$(( DEADLINE_SECONDS - $(elapsed_ms) / 1000 ))
[ "$remaining" -lt 10 ] && remaining=10
OSS_STATE_DIR="$D" OSS_KEYSTONE_URL="$KS_URL" OSS_KEYSTONE_SHORT_URL="$KS_SHORT_URL" \
OSS_TOKEN_SECONDS="$TOKEN_SECONDS" OSS_SHORT_TOKEN_SECONDS="$SHORT_SECONDS" \
OSS_REGIONS="RegionOne=swift=http://127.0.0.1:$R1_PROXY=$R1_TOKEN_CACHE,RegionTwo=swift=http://127.0.0.1:$R2_PROXY=$R2_TOKEN_CACHE,RegionRGW=rgw=http://127.0.0.1:$RGW_PORT=$RGW_TOKEN_CACHE_SIZE" \
OSS_ADMIN_PASSWORD="$ADMIN_PASSWORD" OSS_DEMO_PASSWORD="$DEMO_PASSWORD" \
OSS_DEMO_DEFAULT_PASSWORD="$DEMO_DEFAULT_PASSWORD" OSS_MFA_PASSWORD="$MFA_PASSWORD" OSS_SWIFT_SERVICE_PASSWORD="$SWIFT_SERVICE_PASSWORD" \
OSS_TEMPURL_KEY="$TEMPURL_KEY" OSS_TEMPAUTH_USER="$TEMPAUTH_USER" OSS_TEMPAUTH_KEY="$TEMPAUTH_KEY" \
OSS_DEADLINE="$remaining" \
  "$PY" "$HERE/provision.py" "$D/cloud.json" 2>>"$D/logs/provision.log"

if [ "${#NICE[@]}" -gt 0 ]; then
  for name in "${SWIFT_SERVERS[@]}"; do
    pid=$(cat "$D/pids/$name.pid")
    renice -n 0 -p $(ls "/proc/$pid/task") >/dev/null
  done
fi

# Account/container stats and async pendings: swift's container and object updaters, every 2 s, one process per
# cluster (swift_updaters.py says why not the forking daemons). Started last: not needed to be ready.
for n in 1 2; do
  sd="$D/etc/swift-r$n"
  start "r$n-updaters" "$PY" "$HERE/swift_updaters.py" "$sd/container-server.conf" "$sd/object-server.conf"
done

sleep 0.3
for name in keystone-memcached r1-memcached r2-memcached keystone keystone-short \
  r1-proxy r1-account r1-container r1-object r2-proxy r2-account r2-container r2-object \
  r1-updaters r2-updaters rgw-mon rgw-osd rgw-gateway; do
  alive "$name"
done

# Every process of the cloud, uwsgi workers included (each is in the session of a recorded leader).
for f in "$D"/pids/*.pid; do
  name=$(basename "$f" .pid)
  [ "$name" = keystone-bootstrap ] && continue
  for p in $(pgrep -s "$(cat "$f")"); do echo "$p $name"; done
done >"$D/processes"

mv -f "$D/cloud.json.tmp" "$D/cloud.json"
READY=1
log "ready"
echo "$D/cloud.json"
