#!/usr/bin/env bash
# Starts a local OpenStack cloud from scratch: Keystone 22 (v3, plus a second short-token instance) and two
# independent all-in-one Swift 2.30 clusters (RegionOne, RegionTwo), all on free 127.0.0.1 ports, in the state
# dir $OSS_CLOUD_DIR (default ${TMPDIR:-/tmp}/openstack-storage-cloud). Writes $OSS_CLOUD_DIR/cloud.json once
# everything answers, prints its path and exits 0, leaving the servers running. See README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh" # PY, D (the state dir), log, die, wait_until, proc_stat, start_session
LOG_TAG=cloud/up
LOG_CLOCK=1

TOKEN_SECONDS="${OSS_TOKEN_SECONDS:-3600}"
SHORT_SECONDS="${OSS_SHORT_TOKEN_SECONDS:-20}"
DEADLINE_SECONDS="${OSS_CLOUD_TIMEOUT:-120}"
for v in TOKEN_SECONDS SHORT_SECONDS DEADLINE_SECONDS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || die 2 "$v must be a positive integer"
done

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
mkdir -p "$D/logs" "$D/pids" "$D/etc/keystone" "$D/etc/swift-r1" "$D/etc/swift-r2"
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
mapfile -t P < <("$PY" "$HERE/free_ports.py" 13)
[ "${#P[@]}" -eq 13 ] || die "could not find free ports"
KS_PORT=${P[0]} KS_SHORT_PORT=${P[1]} KS_MC_PORT=${P[2]}
R1_PROXY=${P[3]} R1_ACC=${P[4]} R1_CON=${P[5]} R1_OBJ=${P[6]} R1_MC=${P[7]}
R2_PROXY=${P[8]} R2_ACC=${P[9]} R2_CON=${P[10]} R2_OBJ=${P[11]} R2_MC=${P[12]}
KS_URL="http://127.0.0.1:$KS_PORT"
KS_SHORT_URL="http://127.0.0.1:$KS_SHORT_PORT"
rnd() { od -An -N9 -tx1 /dev/urandom | tr -d ' \n'; }
ADMIN_PASSWORD=admin-secret
DEMO_PASSWORD=demo-domain-secret
DEMO_DEFAULT_PASSWORD=demo-default-secret
SWIFT_SERVICE_PASSWORD=$(rnd)
TEMPURL_KEY=tempurl-$(rnd)
TEMPAUTH_USER=test:tester
TEMPAUTH_KEY=testing
RUN_USER=$(id -un)
MEMCACHED_USER=()
[ "$(id -u)" -eq 0 ] && MEMCACHED_USER=(-u "$RUN_USER")

# ------------------------------------------------------------------ Keystone configuration
KE="$D/etc/keystone"
cat >"$KE/keystone.conf" <<EOF
[DEFAULT]
debug = false
use_stderr = true
[database]
connection = sqlite:///$DATA/keystone.db?check_same_thread=false&timeout=30
sqlite_synchronous = false
[token]
provider = fernet
expiration = $TOKEN_SECONDS
[fernet_tokens]
key_repository = $KE/fernet-keys
max_active_keys = 3
[fernet_receipts]
key_repository = $KE/fernet-keys
max_active_keys = 3
[credential]
key_repository = $KE/credential-keys
[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = 127.0.0.1:$KS_MC_PORT
[identity]
password_hash_rounds = 4
[oslo_policy]
policy_file = $KE/policy.yaml
policy_dirs = $KE/policy.d
EOF
# The second instance: same files, database and keys, shorter tokens.
cat >"$KE/short.conf" <<EOF
[token]
expiration = $SHORT_SECONDS
EOF

# ------------------------------------------------------------------ Swift configuration (one dir per cluster)
swift_conf() { # N PROXY ACC CON OBJ MC
  local n=$1 proxy=$2 acc=$3 con=$4 obj=$5 mc=$6
  local sd="$D/etc/swift-r$n" dev="$DATA/swift-r$n"
  mkdir -p "$dev/d1" "$dev/recon"
  # Only informative: the 2.30 servers read /etc/swift/swift.conf whatever swift_dir says.
  cp /etc/swift/swift.conf "$sd/swift.conf"
  local common="bind_ip = 127.0.0.1
user = $RUN_USER
swift_dir = $sd
devices = $dev
mount_check = false
workers = 0
log_level = INFO
recon_cache_path = $dev/recon"
  cat >"$sd/account-server.conf" <<EOF
[DEFAULT]
bind_port = $acc
$common
log_name = r$n-account
[pipeline:main]
pipeline = healthcheck account-server
[app:account-server]
use = egg:swift#account
[filter:healthcheck]
use = egg:swift#healthcheck
EOF
  cat >"$sd/container-server.conf" <<EOF
[DEFAULT]
bind_port = $con
$common
log_name = r$n-container
[pipeline:main]
pipeline = healthcheck container-server
[app:container-server]
use = egg:swift#container
[filter:healthcheck]
use = egg:swift#healthcheck
[container-updater]
interval = 2
concurrency = 1
log_name = r$n-container-updater
log_level = WARNING
EOF
  cat >"$sd/object-server.conf" <<EOF
[DEFAULT]
bind_port = $obj
$common
log_name = r$n-object
[pipeline:main]
pipeline = healthcheck object-server
[app:object-server]
use = egg:swift#object
[filter:healthcheck]
use = egg:swift#healthcheck
[object-updater]
concurrency = 1
log_name = r$n-object-updater
log_level = WARNING
EOF
  cat >"$sd/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $proxy
user = $RUN_USER
swift_dir = $sd
workers = 0
log_level = INFO
log_name = r$n-proxy
expose_info = true

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit formpost authtoken keystoneauth tempauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$mc
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:tempurl]
use = egg:swift#tempurl
[filter:ratelimit]
use = egg:swift#ratelimit
[filter:formpost]
use = egg:swift#formpost

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KS_URL/v3
auth_url = $KS_URL
auth_type = password
username = swift
password = $SWIFT_SERVICE_PASSWORD
project_name = service
user_domain_id = default
project_domain_id = default
delay_auth_decision = true
# -1: no token cache, every request is validated by Keystone, so a revoked token is refused at once.
token_cache_time = -1
include_service_catalog = false
http_connect_timeout = 5

[filter:keystoneauth]
use = egg:swift#keystoneauth
reseller_prefix = AUTH_
operator_roles = admin, member, swiftoperator
reseller_admin_role = ResellerAdmin

[filter:tempauth]
use = egg:swift#tempauth
reseller_prefix = TEMPAUTH
user_${TEMPAUTH_USER%%:*}_${TEMPAUTH_USER#*:} = $TEMPAUTH_KEY .admin

[filter:copy]
use = egg:swift#copy
[filter:container-quotas]
use = egg:swift#container_quotas
[filter:account-quotas]
use = egg:swift#account_quotas
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_versioned_writes = true
allow_object_versioning = true
[filter:symlink]
use = egg:swift#symlink
EOF
}
swift_conf 1 "$R1_PROXY" "$R1_ACC" "$R1_CON" "$R1_OBJ" "$R1_MC"
swift_conf 2 "$R2_PROXY" "$R2_ACC" "$R2_CON" "$R2_OBJ" "$R2_MC"
log "state dir $D, data in $DATA; keystone :$KS_PORT (short :$KS_SHORT_PORT), swift :$R1_PROXY and :$R2_PROXY"

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
NICE=()
[ "$(id -u)" -eq 0 ] && NICE=(nice -n 10)
SWIFT_SERVERS=()
for n in 1 2; do
  sd="$D/etc/swift-r$n"
  for s in proxy account container object; do
    start "r$n-$s" "${NICE[@]}" "swift-$s-server" "$sd/$s-server.conf" -v
    SWIFT_SERVERS+=("r$n-$s")
  done
done
log "keystone and swift servers starting"

wait_until $(( DEADLINE_SECONDS - $(elapsed_ms) / 1000 )) 0.1 proc_gone "$BOOT_PID" ||
  die "keystone bootstrap still running after ${DEADLINE_SECONDS}s"
wait "$BOOT_PID" || die "keystone bootstrap failed"
log "keystone database bootstrapped"

# ------------------------------------------------------------------ provision + readiness checks
remaining=$(( DEADLINE_SECONDS - $(elapsed_ms) / 1000 ))
[ "$remaining" -lt 10 ] && remaining=10
OSS_STATE_DIR="$D" OSS_KEYSTONE_URL="$KS_URL" OSS_KEYSTONE_SHORT_URL="$KS_SHORT_URL" \
OSS_TOKEN_SECONDS="$TOKEN_SECONDS" OSS_SHORT_TOKEN_SECONDS="$SHORT_SECONDS" \
OSS_REGIONS="RegionOne=http://127.0.0.1:$R1_PROXY,RegionTwo=http://127.0.0.1:$R2_PROXY" \
OSS_ADMIN_PASSWORD="$ADMIN_PASSWORD" OSS_DEMO_PASSWORD="$DEMO_PASSWORD" \
OSS_DEMO_DEFAULT_PASSWORD="$DEMO_DEFAULT_PASSWORD" OSS_SWIFT_SERVICE_PASSWORD="$SWIFT_SERVICE_PASSWORD" \
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
  r1-updaters r2-updaters; do
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
