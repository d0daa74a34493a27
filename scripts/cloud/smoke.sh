#!/usr/bin/env bash
# End-to-end check of a running local cloud (scripts/cloud/up.sh), with curl and the peers' CLIs only.
# Usage: bash scripts/cloud/smoke.sh [--expiry]   (--expiry also waits for a short-lived token to expire, ~25 s)
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # PY (Debian's python), D (the state dir), die
LOG_TAG=smoke
CJ="$D/cloud.json"
[ -f "$CJ" ] || die "no $CJ (run scripts/cloud/up.sh)"
j() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$CJ" "$1"; }
CURL=(curl -sS --noproxy '*' --max-time 20)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
check() { # DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (expected $2, got $3)"; fi
}

KS=$(j "['keystone']['url']")
KS_SHORT=$(j "['keystone']['shortLivedUrl']")
SHORT=$(j "['keystone']['shortTokenSeconds']")
R1=$(j "['regions'][0]['swiftUrl']")
R2=$(j "['regions'][1]['swiftUrl']")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# token BASE USER_KEY -> prints the token, leaves the body in $TMP/body.json (password auth, scoped by names)
token() {
  local base=$1 who=$2
  local body
  body=$("$PY" - "$CJ" "$who" <<'EOF'
import json, sys
u = json.load(open(sys.argv[1]))[sys.argv[2]]
print(json.dumps({'auth': {'identity': {'methods': ['password'], 'password': {'user': {
    'name': u['name'], 'domain': {'name': u['domain']}, 'password': u['password']}}},
    'scope': {'project': {'name': u['project'], 'domain': {'name': u['projectDomain']}}}}}))
EOF
)
  "${CURL[@]}" -D "$TMP/h" -o "$TMP/body.json" -H 'Content-Type: application/json' -d "$body" "$base/v3/auth/tokens"
  tr -d '\r' <"$TMP/h" | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}'
}
expires_in() { "$PY" -c '
import json, datetime
t = json.load(open("'"$TMP"'/body.json"))["token"]
e = datetime.datetime.strptime(t["expires_at"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
print(round((e - datetime.datetime.now(datetime.timezone.utc)).total_seconds()))'; }
status() { "${CURL[@]}" -o /dev/null -w '%{http_code}' "$@"; }

# ---------------------------------------------------------------- Keystone
T_DEMO=$(token "$KS" demo)
[ -n "$T_DEMO" ] && ok "password auth demo@demo-domain (project demo, scoped by domain names)" || bad "demo auth"
left=$(expires_in)
[ "$left" -gt $(( $(j "['keystone']['tokenSeconds']") - 60 )) ] && ok "main token lifetime ~$left s" || bad "main token lifetime $left"
ncat=$("$PY" -c '
import json
t = json.load(open("'"$TMP"'/body.json"))["token"]
print(sorted((e["region_id"], e["interface"]) for s in t["catalog"] if s["type"] == "object-store" for e in s["endpoints"]))')
check "catalog: object-store public/internal/admin in RegionOne, RegionRGW and RegionTwo" \
  "[('RegionOne', 'admin'), ('RegionOne', 'internal'), ('RegionOne', 'public'), ('RegionRGW', 'admin'), ('RegionRGW', 'internal'), ('RegionRGW', 'public'), ('RegionTwo', 'admin'), ('RegionTwo', 'internal'), ('RegionTwo', 'public')]" "$ncat"
T_DD=$(token "$KS" demoDefault)
[ -n "$T_DD" ] && ok "password auth demo@Default (project demo in Default)" || bad "demoDefault auth"
[ "$T_DD" != "$T_DEMO" ] || bad "two demo users got the same token"

AC_BODY=$("$PY" -c 'import json,sys; a=json.load(open(sys.argv[1]))["appCredential"]; print(json.dumps({"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":a["id"],"secret":a["secret"]}}}}))' "$CJ")
T_AC=$("${CURL[@]}" -D - -o /dev/null -H 'Content-Type: application/json' -d "$AC_BODY" "$KS/v3/auth/tokens" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
[ -n "$T_AC" ] && ok "application credential auth" || bad "application credential auth"
AC_NAME_BODY=$("$PY" -c 'import json,sys; c=json.load(open(sys.argv[1])); a=c["appCredential"]; print(json.dumps({"auth":{"identity":{"methods":["application_credential"],"application_credential":{"name":a["name"],"secret":a["secret"],"user":{"name":a["userName"],"domain":{"name":a["userDomain"]}}}}}}))' "$CJ")
check "application credential auth by name + user + domain" 201 "$(status -H 'Content-Type: application/json' -d "$AC_NAME_BODY" "$KS/v3/auth/tokens")"

T_SHORT=$(token "$KS_SHORT" demo)
left=$(expires_in)
if [ "$left" -ge $((SHORT - 5)) ] && [ "$left" -le $((SHORT + 1)) ]; then ok "short-lived keystone token expires in $left s (configured $SHORT)"; else bad "short token expires in $left s"; fi
check "short-lived token validates against the main keystone" 200 \
  "$(status -H "X-Auth-Token: $T_DEMO" -H "X-Subject-Token: $T_SHORT" "$KS/v3/auth/tokens")"
check "version document at /" 300 "$(status "$KS/")"

# ---------------------------------------------------------------- Swift with Keystone tokens
PID_DEMO=$(j "['demo']['projectId']")
A1="$R1/v1/AUTH_$PID_DEMO"
A2="$R2/v1/AUTH_$PID_DEMO"
check "GET account RegionOne" 200 "$(status -H "X-Auth-Token: $T_DEMO" "$A1?format=json")"
check "GET account RegionTwo" 200 "$(status -H "X-Auth-Token: $T_DEMO" "$A2?format=json")"
check "GET account with app-credential token" 200 "$(status -H "X-Auth-Token: $T_AC" "$A1?format=json")"
check "GET account with short-lived token" 200 "$(status -H "X-Auth-Token: $T_SHORT" "$A1?format=json")"
check "no token: 401" 401 "$(status "$A1")"
C="smoke-$RANDOM$RANDOM"
check "PUT container in RegionTwo" 201 "$(status -X PUT -H "X-Auth-Token: $T_DEMO" "$A2/$C")"
check "container present in RegionTwo" 204 "$(status -H "X-Auth-Token: $T_DEMO" "$A2/$C")"
check "container absent in RegionOne" 404 "$(status -H "X-Auth-Token: $T_DEMO" "$A1/$C")"
check "PUT object in RegionTwo" 201 "$(status -X PUT -H "X-Auth-Token: $T_DEMO" --data-binary 'hello region two' "$A2/$C/a/b.txt")"
# account counts come from the container updater
n=""
for _ in $(seq 1 40); do
  n=$("${CURL[@]}" -I -H "X-Auth-Token: $T_DEMO" "$A2" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-account-object-count"{print $2}')
  [ "$n" = 1 ] && break
  sleep 0.25
done
check "account object count updated by the container updater" 1 "$n"

# temp URL: object in RegionOne, signed with the account key, fetched without a token
check "PUT container in RegionOne" 201 "$(status -X PUT -H "X-Auth-Token: $T_DEMO" "$A1/$C")"
check "PUT object in RegionOne" 201 "$(status -X PUT -H "X-Auth-Token: $T_DEMO" --data-binary 'temp url body' "$A1/$C/t.txt")"
KEY=$(j "['tempUrlKey']")
TURL=$("$PY" - "$KEY" "/v1/AUTH_$PID_DEMO/$C/t.txt" <<'EOF'
import hmac, hashlib, sys, time
key, path = sys.argv[1], sys.argv[2]
exp = int(time.time() + 120)
sig = hmac.new(key.encode(), ('GET\n%d\n%s' % (exp, path)).encode(), hashlib.sha256).hexdigest()
print('%s?temp_url_sig=%s&temp_url_expires=%d' % (path, sig, exp))
EOF
)
check "temp URL GET without token" "temp url body" "$("${CURL[@]}" "$R1$TURL")"
check "temp URL with a wrong signature: 401" 401 "$(status "$R1${TURL/temp_url_sig=/temp_url_sig=0}")"

# /info
INFO=$("${CURL[@]}" "$R1/info")
for k in tempurl slo bulk_delete bulk_upload tempauth object_versioning symlink account_quotas container_quotas formpost versioned_writes; do
  if "$PY" -c 'import json,sys; sys.exit(0 if sys.argv[2] in json.loads(sys.argv[1]) else 1)' "$INFO" "$k"; then ok "/info has $k"; else bad "/info lacks $k"; fi
done

# revocation: RegionTwo's Swift must refuse a revoked token at once (token_cache_time = -1 there; RegionOne caches
# validated tokens 300 s, as real clouds do)
T_REV=$(token "$KS" demo)
check "fresh token works" 200 "$(status -H "X-Auth-Token: $T_REV" "$A2?format=json")"
check "DELETE /v3/auth/tokens" 204 "$(status -X DELETE -H "X-Auth-Token: $T_DEMO" -H "X-Subject-Token: $T_REV" "$KS/v3/auth/tokens")"
t0=$(date +%s%N)
code=""
for _ in $(seq 1 50); do
  code=$(status -H "X-Auth-Token: $T_REV" "$A2?format=json")
  [ "$code" = 401 ] && break
  sleep 0.1
done
check "revoked token refused by Swift in RegionTwo ($(( ($(date +%s%N) - t0) / 1000000 )) ms after revocation)" 401 "$code"
check "revoked token refused by Keystone" 404 "$(status -H "X-Auth-Token: $T_DEMO" -H "X-Subject-Token: $T_REV" "$KS/v3/auth/tokens")"
check "other tokens still accepted" 200 "$(status -H "X-Auth-Token: $T_DEMO" "$A1?format=json")"

# ---------------------------------------------------------------- tempauth (v1)
TA_URL=$(j "['tempauth']['authUrl']")
TA_USER=$(j "['tempauth']['user']")
TA_KEY=$(j "['tempauth']['key']")
"${CURL[@]}" -D "$TMP/ta" -o /dev/null -H "X-Auth-User: $TA_USER" -H "X-Auth-Key: $TA_KEY" "$TA_URL"
TA_TOKEN=$(tr -d '\r' <"$TMP/ta" | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}')
TA_SURL=$(tr -d '\r' <"$TMP/ta" | awk -F': ' 'tolower($1)=="x-storage-url"{print $2}')
check "tempauth storage URL as recorded" "$(j "['tempauth']['storageUrl']")" "$TA_SURL"
check "GET tempauth storage URL" 200 "$(status -H "X-Auth-Token: $TA_TOKEN" "$TA_SURL?format=json")"
check "tempauth token is not a Keystone token (403/401 on the demo account)" 403 "$(status -H "X-Auth-Token: $TA_TOKEN" "$A1")"

# ---------------------------------------------------------------- peers: swift CLI, rclone
SW=(env -u OS_AUTH_URL -u OS_USERNAME -u OS_PASSWORD -u OS_PROJECT_NAME -u OS_IDENTITY_API_VERSION /usr/bin/swift
  --os-auth-url "$KS/v3" --auth-version 3 --os-username demo --os-user-domain-name demo-domain
  --os-password "$(j "['demo']['password']")" --os-project-name demo --os-project-domain-name demo-domain)
if out=$("${SW[@]}" --os-region-name RegionTwo list 2>&1) && grep -qx "$C" <<<"$out"; then ok "swift CLI (v3) list RegionTwo shows $C"; else bad "swift CLI list: $out"; fi
if out=$("${SW[@]}" --os-region-name RegionOne list "$C" 2>&1) && grep -qx "t.txt" <<<"$out"; then ok "swift CLI (v3) list RegionOne/$C"; else bad "swift CLI list container: $out"; fi
if out=$(env -u OS_IDENTITY_API_VERSION /usr/bin/swift -V 1 -A "$TA_URL" -U "$TA_USER" -K "$TA_KEY" stat 2>&1); then ok "swift CLI (v1 tempauth) stat"; else bad "swift CLI v1: $out"; fi
if command -v rclone >/dev/null; then
  RC=(rclone --config /dev/null --swift-env-auth=false --swift-auth "$KS/v3" --swift-auth-version 3
    --swift-user demo --swift-key "$(j "['demo']['password']")" --swift-domain demo-domain --swift-tenant demo
    --swift-tenant-domain demo-domain --swift-region RegionTwo)
  if out=$("${RC[@]}" lsf ":swift:$C" 2>&1) && grep -qx "a/" <<<"$out"; then ok "rclone lsf RegionTwo"; else bad "rclone: $out"; fi
fi

# cleanup
for u in "$A1/$C/t.txt" "$A1/$C" "$A2/$C/a/b.txt" "$A2/$C"; do
  status -X DELETE -H "X-Auth-Token: $T_DEMO" "$u" >/dev/null
done

if [ "${1:-}" = "--expiry" ]; then
  T_SHORT=$(token "$KS_SHORT" demo)
  left=$(expires_in)
  check "short token accepted by Swift before expiry" 200 "$(status -H "X-Auth-Token: $T_SHORT" "$A1?format=json")"
  sleep $((left + 2))
  check "short token refused by Swift after expiry" 401 "$(status -H "X-Auth-Token: $T_SHORT" "$A1?format=json")"
  check "short token refused by Keystone after expiry" 404 \
    "$(status -H "X-Auth-Token: $T_DEMO" -H "X-Subject-Token: $T_SHORT" "$KS/v3/auth/tokens")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
