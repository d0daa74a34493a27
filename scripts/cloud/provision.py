"""Provision the local cloud through Keystone's v3 REST API and Swift, check that it is ready, write cloud.json.

Usage: /usr/bin/python3 provision.py OUTPUT_JSON
Environment (set by up.sh):
  OSS_STATE_DIR, OSS_KEYSTONE_URL, OSS_KEYSTONE_SHORT_URL, OSS_TOKEN_SECONDS, OSS_SHORT_TOKEN_SECONDS,
  OSS_REGIONS ("RegionOne=swift=http://127.0.0.1:P1,…,RegionRGW=rgw=http://127.0.0.1:P3": name=backend=base URL),
  OSS_ADMIN_PASSWORD, OSS_DEMO_PASSWORD, OSS_DEMO_DEFAULT_PASSWORD, OSS_MFA_PASSWORD, OSS_SWIFT_SERVICE_PASSWORD,
  OSS_TEMPURL_KEY, OSS_TEMPAUTH_USER, OSS_TEMPAUTH_KEY, OSS_DEADLINE (seconds for the whole run).
Only the standard library, so it does not depend on Debian's python modules.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import struct
import sys
import time
import urllib.error
import urllib.request

T0 = time.monotonic()
DEADLINE = T0 + float(os.environ.get('OSS_DEADLINE', '60'))
# Never go through an HTTP proxy: everything is on 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(msg):
    print('[provision %5.1fs] %s' % (time.monotonic() - T0, msg), file=sys.stderr, flush=True)


class HTTPFailure(Exception):
    def __init__(self, method, url, status, body):
        super().__init__('%s %s -> %s %s' % (method, url, status, body[:500]))
        self.status = status


def call(method, url, body=None, headers=None, expect=(200, 201, 202, 204), timeout=15):
    data = None
    hdrs = {'Accept': 'application/json'}
    if headers:
        hdrs.update(headers)
    if body is not None:
        data = json.dumps(body).encode()
        hdrs['Content-Type'] = 'application/json'
    req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with OPENER.open(req, timeout=timeout) as resp:
            status, rhdrs, raw = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, rhdrs, raw = e.code, e.headers, e.read()
    if expect and status not in expect:
        raise HTTPFailure(method, url, status, raw.decode('utf-8', 'replace'))
    parsed = None
    if raw and (rhdrs.get('Content-Type') or '').startswith('application/json'):
        parsed = json.loads(raw)
    return status, rhdrs, parsed


def dead_servers():
    """Names of this cloud's recorded servers that have exited (up.sh records them in pids/)."""
    dead = []
    piddir = os.path.join(os.environ.get('OSS_STATE_DIR', ''), 'pids')
    try:
        names = [n[:-4] for n in os.listdir(piddir) if n.endswith('.pid')]
    except OSError:
        return dead
    for name in names:
        if name == 'keystone-bootstrap':
            continue
        try:
            with open(os.path.join(piddir, name + '.pid')) as f:
                pid = int(f.read().strip())
            with open('/proc/%d/stat' % pid) as f:
                state = f.read().rsplit(')', 1)[1].split()[0]
        except (OSError, ValueError):
            dead.append(name)
            continue
        if state == 'Z':
            dead.append(name)
    return dead


def wait_for(what, fn, interval=0.1):
    last = None
    checked = 0.0
    while time.monotonic() < DEADLINE:
        if time.monotonic() - checked > 1:
            checked = time.monotonic()
            dead = dead_servers()
            if dead:
                raise SystemExit('while waiting for %s: exited: %s' % (what, ', '.join(sorted(dead))))
        try:
            result = fn()
            if result is not None and result is not False:
                log('%s: ready' % what)
                return result
        except (OSError, HTTPFailure) as e:  # connection refused, reset, 5xx while starting
            last = e
        time.sleep(interval)
    raise SystemExit('timed out waiting for %s (last error: %s)' % (what, last))


# What differs per object-storage server: where the accounts live, what answers once it is ready.
BACKENDS = {
    # noTokenCache: the token cache setting (up.sh) under which every request's token is validated by Keystone.
    'swift': {'storagePath': '/v1', 'ready': '/healthcheck', 'noTokenCache': '-1'},
    # RADOS Gateway (rgw swift url prefix = swift, account in URL); /swift/info answers once its pools exist.
    'rgw': {'storagePath': '/swift/v1', 'ready': '/swift/info', 'noTokenCache': '0'},
}

# ---------------------------------------------------------------- Keystone helpers
KS = os.environ['OSS_KEYSTONE_URL']
KS_SHORT = os.environ['OSS_KEYSTONE_SHORT_URL']


def password_auth(base, user, user_domain_id, password, project_id=None, project=None,
                  project_domain_id=None):
    ident = {'methods': ['password'], 'password': {'user': {
        'name': user, 'domain': {'id': user_domain_id}, 'password': password}}}
    auth = {'identity': ident}
    if project_id:
        auth['scope'] = {'project': {'id': project_id}}
    elif project:
        auth['scope'] = {'project': {'name': project, 'domain': {'id': project_domain_id}}}
    _, hdrs, body = call('POST', base + '/v3/auth/tokens', {'auth': auth}, expect=(201,))
    return hdrs['X-Subject-Token'], body['token']


def totp(secret_b32, at=None):
    """RFC 6238 code (SHA-1, 6 digits, 30 s steps) as Keystone's totp method checks it."""
    key = base64.b32decode(secret_b32)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000
    return '%06d' % code


def parse_time(s):
    return datetime.datetime.strptime(s.replace('Z', '').split('.')[0], '%Y-%m-%dT%H:%M:%S').replace(
        tzinfo=datetime.timezone.utc)


def seconds_left(token_body):
    return (parse_time(token_body['expires_at']) - datetime.datetime.now(datetime.timezone.utc)).total_seconds()


def main():
    out = sys.argv[1]
    token_seconds = int(os.environ['OSS_TOKEN_SECONDS'])
    short_seconds = int(os.environ['OSS_SHORT_TOKEN_SECONDS'])
    regions = []
    for item in os.environ['OSS_REGIONS'].split(','):
        # name=backend=url=token cache (Swift: token_cache_time, -1 none; RGW: token cache size, 0 none)
        name, backend, url, cache = item.split('=', 3)
        if backend not in BACKENDS:
            raise SystemExit('unknown backend %s of region %s' % (backend, name))
        regions.append({'name': name, 'backend': backend, 'swiftUrl': url,
                        'storagePath': BACKENDS[backend]['storagePath'],
                        'validatesEveryRequest': cache == BACKENDS[backend]['noTokenCache']})
    pw_admin = os.environ['OSS_ADMIN_PASSWORD']
    pw_demo = os.environ['OSS_DEMO_PASSWORD']
    pw_demo_default = os.environ['OSS_DEMO_DEFAULT_PASSWORD']
    pw_swift = os.environ['OSS_SWIFT_SERVICE_PASSWORD']
    tempurl_key = os.environ['OSS_TEMPURL_KEY']

    # ------------------------------------------------------------ Keystone up, admin token
    def admin_token():
        return password_auth(KS, 'admin', 'default', pw_admin, project='admin', project_domain_id='default')
    tok, admin_body = wait_for('keystone %s (admin token)' % KS, admin_token)
    H = {'X-Auth-Token': tok}
    admin_project_id = admin_body['project']['id']
    admin_user_id = admin_body['user']['id']

    def create(path, key, obj):
        _, _, body = call('POST', KS + path, {key: obj}, headers=H, expect=(201,))
        return body[key]

    roles = {r['name']: r['id'] for r in call('GET', KS + '/v3/roles', headers=H)[2]['roles']}
    for name in ('member', 'reader', 'admin'):
        if name not in roles:
            raise SystemExit('bootstrap did not create role %s' % name)
    for name in ('service', 'swiftoperator', 'ResellerAdmin'):
        roles[name] = create('/v3/roles', 'role', {'name': name})['id']

    # Regions (RegionOne came with the bootstrap's identity endpoints)
    existing = {x['id'] for x in call('GET', KS + '/v3/regions', headers=H)[2]['regions']}
    for r in regions:
        if r['name'] not in existing:
            create('/v3/regions', 'region', {'id': r['name'], 'description': r['name']})

    # object-store service, endpoints in every region pointing at that region's own cluster
    svc = create('/v3/services', 'service', {'type': 'object-store', 'name': 'swift',
                                             'description': 'OpenStack Object Storage', 'enabled': True})
    for r in regions:
        for iface in ('public', 'internal', 'admin'):
            create('/v3/endpoints', 'endpoint', {
                'service_id': svc['id'], 'region_id': r['name'], 'interface': iface, 'enabled': True,
                'url': r['swiftUrl'] + r['storagePath'] + '/AUTH_%(project_id)s'})

    def grant(project_id, user_id, role):
        call('PUT', '%s/v3/projects/%s/users/%s/roles/%s' % (KS, project_id, user_id, roles[role]),
             headers=H, expect=(204,))

    # Service user Swift's authtoken validates tokens with
    service_project = create('/v3/projects', 'project', {'name': 'service', 'domain_id': 'default'})
    swift_user = create('/v3/users', 'user', {'name': 'swift', 'domain_id': 'default', 'password': pw_swift,
                                              'default_project_id': service_project['id']})
    grant(service_project['id'], swift_user['id'], 'admin')
    grant(service_project['id'], swift_user['id'], 'service')

    # demo in a non-default domain
    domain = create('/v3/domains', 'domain', {'name': 'demo-domain', 'description': 'Demo domain'})
    demo_project = create('/v3/projects', 'project', {'name': 'demo', 'domain_id': domain['id']})
    demo_user = create('/v3/users', 'user', {'name': 'demo', 'domain_id': domain['id'], 'password': pw_demo,
                                             'default_project_id': demo_project['id']})
    grant(demo_project['id'], demo_user['id'], 'member')
    # A role on its domain too, so domain-scoped tokens can be tested.
    call('PUT', '%s/v3/domains/%s/users/%s/roles/%s' % (KS, domain['id'], demo_user['id'], roles['reader']),
         headers=H, expect=(204,))

    # demo in Default
    dd_project = create('/v3/projects', 'project', {'name': 'demo', 'domain_id': 'default'})
    dd_user = create('/v3/users', 'user', {'name': 'demo', 'domain_id': 'default', 'password': pw_demo_default,
                                           'default_project_id': dd_project['id']})
    grant(dd_project['id'], dd_user['id'], 'member')

    # mfa in Default: multi-factor rules (password + totp), a TOTP credential, member of demo (Default)
    pw_mfa = os.environ.get('OSS_MFA_PASSWORD', 'mfa-secret')
    totp_secret = base64.b32encode(os.urandom(20)).decode()
    mfa_user = create('/v3/users', 'user', {
        'name': 'mfa', 'domain_id': 'default', 'password': pw_mfa, 'default_project_id': dd_project['id'],
        'options': {'multi_factor_auth_enabled': True, 'multi_factor_auth_rules': [['password', 'totp']]}})
    grant(dd_project['id'], mfa_user['id'], 'member')
    create('/v3/credentials', 'credential', {'type': 'totp', 'user_id': mfa_user['id'], 'blob': totp_secret})
    log('keystone resources created')

    # Application credential, created by the (non-default-domain) demo user itself
    demo_tok, demo_body = password_auth(KS, 'demo', domain['id'], pw_demo, project='demo',
                                        project_domain_id=domain['id'])
    _, _, ac = call('POST', '%s/v3/users/%s/application_credentials' % (KS, demo_user['id']),
                    {'application_credential': {'name': 'demo-appcred',
                                                'description': 'local test cloud'}},
                    headers={'X-Auth-Token': demo_tok}, expect=(201,))
    ac = ac['application_credential']
    _, hdrs, ac_body = call('POST', KS + '/v3/auth/tokens', {'auth': {'identity': {
        'methods': ['application_credential'],
        'application_credential': {'id': ac['id'], 'secret': ac['secret']}}}}, expect=(201,))
    ac_tok = hdrs['X-Subject-Token']
    if ac_body['token']['project']['id'] != demo_project['id']:
        raise SystemExit('application credential token not scoped to demo project')

    dd_tok, _ = password_auth(KS, 'demo', 'default', pw_demo_default, project='demo', project_domain_id='default')
    left = seconds_left(demo_body)
    if not token_seconds - 30 <= left <= token_seconds + 5:
        raise SystemExit('main keystone token expires in %.0f s, wanted %d' % (left, token_seconds))
    # mfa: the password alone gets 401 with a receipt; the receipt plus a TOTP code gets a token
    mfa_ident = {'methods': ['password'], 'password': {'user': {
        'name': 'mfa', 'domain': {'id': 'default'}, 'password': pw_mfa}}}
    status, hdrs, _ = call('POST', KS + '/v3/auth/tokens', {'auth': {'identity': mfa_ident}}, expect=(401,))
    receipt = hdrs.get('Openstack-Auth-Receipt')
    if not receipt:
        raise SystemExit('mfa user: no Openstack-Auth-Receipt on the 401 (is totp enabled in [auth] methods?)')
    call('POST', KS + '/v3/auth/tokens', {'auth': {'identity': {
        'methods': ['totp'], 'totp': {'user': {'id': mfa_user['id'], 'passcode': totp(totp_secret)}}}}},
        headers={'Openstack-Auth-Receipt': receipt}, expect=(201,))
    log('keystone auth checked (password x2, application credential, password + totp)')

    # ------------------------------------------------------------ short-lived Keystone
    def short_token():
        return password_auth(KS_SHORT, 'demo', domain['id'], pw_demo, project_id=demo_project['id'])
    s_tok, s_body = wait_for('short-lived keystone %s' % KS_SHORT, short_token)
    left = seconds_left(s_body)
    if not short_seconds - 10 <= left <= short_seconds + 5:
        raise SystemExit('short-lived keystone token expires in %.1f s, wanted %d' % (left, short_seconds))
    # its tokens validate against the main Keystone (same database and keys)
    call('GET', KS + '/v3/auth/tokens', headers={'X-Auth-Token': tok, 'X-Subject-Token': s_tok}, expect=(200,))

    # ------------------------------------------------------------ object storage, every region
    for r in regions:
        wait_for('%s %s %s' % (r['backend'], r['name'], r['swiftUrl']),
                 lambda: call('GET', r['swiftUrl'] + BACKENDS[r['backend']]['ready'], expect=(200,)))

    for r in regions:
        demo_acct = '%s%s/AUTH_%s' % (r['swiftUrl'], r['storagePath'], demo_project['id'])
        # POST autocreates the account; the temp-URL key needs an operator (member) token
        call('POST', demo_acct, headers={'X-Auth-Token': demo_tok, 'X-Account-Meta-Temp-URL-Key': tempurl_key},
             expect=(204,))
        _, hdrs, _ = call('GET', demo_acct + '?format=json', headers={'X-Auth-Token': demo_tok}, expect=(200, 204))
        if hdrs.get('X-Account-Meta-Temp-Url-Key') != tempurl_key:
            raise SystemExit('temp-URL key not set on %s' % demo_acct)
        call('GET', demo_acct, headers={'X-Auth-Token': ac_tok}, expect=(200, 204))
        dd_acct = '%s%s/AUTH_%s' % (r['swiftUrl'], r['storagePath'], dd_project['id'])
        call('POST', dd_acct, headers={'X-Auth-Token': dd_tok}, expect=(204,))
        call('GET', dd_acct, headers={'X-Auth-Token': dd_tok}, expect=(200, 204))
    log('accounts ready in %s' % ', '.join(r['name'] for r in regions))

    # ------------------------------------------------------------ tempauth (v1) on the first region
    ta_user = os.environ.get('OSS_TEMPAUTH_USER', 'test:tester')
    ta_key = os.environ.get('OSS_TEMPAUTH_KEY', 'testing')
    ta_url = regions[0]['swiftUrl'] + '/auth/v1.0'
    _, hdrs, _ = call('GET', ta_url, headers={'X-Auth-User': ta_user, 'X-Auth-Key': ta_key}, expect=(200,))
    ta_storage, ta_tok = hdrs['X-Storage-Url'], hdrs['X-Auth-Token']
    call('POST', ta_storage, headers={'X-Auth-Token': ta_tok}, expect=(204,))
    call('GET', ta_storage, headers={'X-Auth-Token': ta_tok}, expect=(200, 204))
    log('tempauth ready: %s' % ta_storage)

    def user(name, user_id, password, domain_name, domain_id, project_name, project_id):
        return {'name': name, 'id': user_id, 'password': password, 'domain': domain_name,
                'project': project_name, 'projectId': project_id, 'projectDomain': domain_name,
                'domainId': domain_id, 'projectDomainId': domain_id}

    info = {
        'stateDir': os.environ['OSS_STATE_DIR'],
        'keystone': {
            'url': KS,
            'tokenSeconds': token_seconds,
            'shortLivedUrl': KS_SHORT,
            'shortTokenSeconds': short_seconds,
        },
        'regions': regions,
        'admin': user('admin', admin_user_id, pw_admin, 'Default', 'default', 'admin', admin_project_id),
        'demo': user('demo', demo_user['id'], pw_demo, 'demo-domain', domain['id'], 'demo', demo_project['id']),
        'demoDefault': user('demo', dd_user['id'], pw_demo_default, 'Default', 'default', 'demo',
                            dd_project['id']),
        'mfa': dict(user('mfa', mfa_user['id'], pw_mfa, 'Default', 'default', 'demo', dd_project['id']),
                    totpSecret=totp_secret),
        'appCredential': {'id': ac['id'], 'name': ac['name'], 'secret': ac['secret'], 'userId': demo_user['id'],
                          'userName': 'demo', 'userDomain': 'demo-domain', 'projectId': demo_project['id']},
        'tempauth': {'authUrl': ta_url, 'user': ta_user, 'key': ta_key, 'storageUrl': ta_storage},
        'tempUrlKey': tempurl_key,
        'logsDir': os.path.join(os.environ['OSS_STATE_DIR'], 'logs'),
    }
    tmp = out + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(info, f, indent=2)
        f.write('\n')
    # up.sh renames it into place once everything is known to run
    log('provisioned')


if __name__ == '__main__':
    try:
        main()
    except HTTPFailure as e:
        raise SystemExit('provision failed: %s' % e)
