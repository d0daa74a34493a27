"""Checks a seeded cloud from the outside, as a user would: Debian's `swift` CLI (python-swiftclient) with Keystone v3
password auth as the `demo` user of cloud.json, through the real authenticated proxies, plus anonymous HTTP for the
public `website` container. Called by seed.sh after seeding; alone: seed.sh --verify-only.

Usage: /usr/bin/python3 verify.py CLOUD_JSON
Checks: every container of the data set with its object count and bytes in each region's account listing (waits up
to 30 s for the container updater); the complete name lists of big-dataset, weird-names and `données partagées`;
byte-exact downloads of hostile-named objects (quotes, $(…), backticks, ;, &, +, %2F, %, ?, #, emoji, NFD, newline),
of a big-dataset object and of the 4 MiB binary; Unicode object metadata; the public-read ACL (anonymous GET and
listing of `website`, 401 on `documents`). Exit status 0 when all pass.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import dataset  # noqa: E402

SWIFT = '/usr/bin/swift'
BEGIN = time.time()
results = []


def check(what, ok, detail=''):
    results.append(ok)
    print('%s %s%s' % ('ok  ' if ok else 'FAIL', what, '' if ok or not detail else ': ' + detail), flush=True)


def swift_env():
    # No OS_* / ST_* from the caller's shell may change the auth; the cloud is on loopback: never via a proxy.
    env = {k: v for k, v in os.environ.items() if not k.startswith(('OS_', 'ST_'))}
    env['NO_PROXY'] = env['no_proxy'] = '127.0.0.1,localhost'
    return env


class Swift:
    def __init__(self, cloud, region):
        u = cloud['demo']
        self.region = region
        self.base = [SWIFT, '--auth-version', '3', '--os-auth-url', cloud['keystone']['url'] + '/v3',
                     '--os-username', u['name'], '--os-user-domain-name', u['domain'], '--os-password', u['password'],
                     '--os-project-name', u['project'], '--os-project-domain-name', u['projectDomain'],
                     '--os-region-name', region]
        self.env = swift_env()

    def run(self, *args):
        p = subprocess.run(self.base + list(args), env=self.env, capture_output=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError('swift %s: exit %d: %s' % (' '.join(args), p.returncode,
                                                          p.stderr.decode(errors='replace').strip()[-500:]))
        return p.stdout


def account_listing(sw, data):
    """Waits until the account listing (fed by the container updater) shows the data set's counts."""
    deadline = time.time() + 30
    while True:
        listing = {c['name']: c for c in json.loads(sw.run('list', '--json') or b'[]')}
        if all(listing.get(c.name, {}).get('count') == c.expected_count for c in data) or time.time() > deadline:
            return listing
        time.sleep(1)


def expected_bytes(c):
    if c.name == dataset.BIG_CONTAINER:
        return sum(len(dataset.big_object(s, p)[1]) for s in range(dataset.BIG_SHARDS)
                   for p in range(dataset.BIG_PER_SHARD))
    return sum(len(o.body) for o in c.objects)


def main():
    with open(sys.argv[1]) as f:
        cloud = json.load(f)
    data = dataset.build()
    by_name = {(r, c.name): c for r in data for c in data[r]}
    objects = {(r, c.name, o.name): o for r in data for c in data[r] for o in c.objects}
    r1, r2 = Swift(cloud, 'RegionOne'), Swift(cloud, 'RegionTwo')

    def accounts():
        out = []
        for sw in (r1, r2):
            listing = account_listing(sw, data[sw.region])
            for c in data[sw.region]:
                got = listing.get(c.name)
                want = (c.expected_count, expected_bytes(c))
                check('%s: container %r has %d objects, %d bytes' % (sw.region, c.name, want[0], want[1]),
                      got is not None and (got['count'], got['bytes']) == want,
                      'listed as %r' % ((got['count'], got['bytes']) if got else None,))
            out.append(set(listing))
        ours1, ours2 = {c.name for c in data['RegionOne']}, {c.name for c in data['RegionTwo']}
        check('the regions differ: RegionTwo has none of RegionOne\'s containers and vice versa',
              not (out[1] & ours1) and not (out[0] & ours2))

    def names(region, sw, container, as_json):
        want = sorted(o.name for o in by_name[(region, container)].objects) if container != dataset.BIG_CONTAINER \
            else sorted(dataset.big_object(s, p)[0] for s in range(dataset.BIG_SHARDS)
                        for p in range(dataset.BIG_PER_SHARD))
        if as_json:  # hostile names may hold newlines: only the JSON listing is unambiguous
            got = [o['name'] for o in json.loads(sw.run('list', '--json', container))]
        else:
            got = sw.run('list', container).decode().splitlines()
        check('%s: listing of %r has exactly the %d expected names' % (region, container, len(want)),
              sorted(got) == want, 'missing %r, unexpected %r' % (sorted(set(want) - set(got))[:5],
                                                                  sorted(set(got) - set(want))[:5]))

    def download(region, sw, container, name, body=None):
        if body is None:
            body = objects[(region, container, name)].body
        got = sw.run('download', container, name, '--output', '-')
        check('%s: GET %s/%r is byte-exact (%d bytes, md5 %s)' % (region, container, name, len(body),
                                                                  hashlib.md5(body).hexdigest()[:8]), got == body,
              'got %d bytes' % len(got))

    def download_many(region, sw, container, names):  # one CLI run for several objects (each CLI start costs ~1 s)
        with tempfile.TemporaryDirectory(prefix='oss-seed-verify-') as tmp:
            sw.run('download', '--output-dir', tmp, container, *names)
            for name in names:
                body = objects[(region, container, name)].body
                path = os.path.join(tmp, name)
                got = open(path, 'rb').read() if os.path.isfile(path) else None
                check('%s: GET %s/%r is byte-exact (%d bytes, md5 %s)' % (
                    region, container, name, len(body), hashlib.md5(body).hexdigest()[:8]), got == body,
                    'got %s' % ('nothing' if got is None else '%d bytes' % len(got)))

    def metadata():
        # the headers as python-swiftclient reports them, decoded as UTF-8
        out = r1.run('stat', 'weird-names', dataset.COMBO_NAME).decode('utf-8', errors='replace')
        want = objects[('RegionOne', 'weird-names', dataset.COMBO_NAME)].meta
        got = {}
        for line in out.splitlines():
            k, _, v = line.strip().partition(': ')
            if k.startswith('Meta '):
                got[k[5:]] = v
        check('RegionOne: Unicode object metadata round-trips (%s)' % ', '.join(sorted(want)),
              all(got.get(k) == v for k, v in want.items()), 'got %r' % got)

    def public():
        url = {r['name']: r['swiftUrl'] for r in cloud['regions']}['RegionOne'] + '/v1/AUTH_' + cloud['demo']['projectId']
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

        def get(path):
            try:
                with opener.open(url + path, timeout=30) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()
        status, body = get('/website/index.html')
        check('anonymous GET website/index.html (ACL .r:*) -> 200, byte-exact',
              status == 200 and body == objects[('RegionOne', 'website', 'index.html')].body, 'status %d' % status)
        status, body = get('/website?format=json')
        check('anonymous listing of website (.rlistings) -> 200', status == 200, 'status %d' % status)
        status, _ = get('/documents/README.md')
        check('anonymous GET documents/README.md -> 401 (private)', status == 401, 'status %d' % status)

    jobs = [
        accounts,
        lambda: names('RegionOne', r1, dataset.BIG_CONTAINER, False),
        lambda: names('RegionOne', r1, 'weird-names', True),
        lambda: names('RegionOne', r1, 'données partagées', True),
        lambda: names('RegionTwo', r2, 'replica-notes', True),
        lambda: download_many('RegionOne', r1, 'weird-names',
                              [dataset.COMBO_NAME, dataset.NEWLINE_NAME, dataset.CAFE_NFD, dataset.CAFE_NFC]),
        lambda: download('RegionOne', r1, 'données partagées', '📁 dossier/🚀 lancement.txt'),
        lambda: download('RegionOne', r1, dataset.BIG_CONTAINER, 'shard-07/part-00123.json',
                         dataset.big_object(7, 123)[1]),
        lambda: download('RegionOne', r1, 'backups', 'vm-images/tiny-disk.img'),
        lambda: download('RegionOne', r1, 'photos', '2024/summer/beach.jpg'),
        lambda: download('RegionTwo', r2, 'replica-notes', 'README.md'),
        metadata,
        public,
    ]

    def run(job):
        try:
            job()
        except Exception as e:  # a failed CLI call is a failed check, the others still run
            check('check raised', False, str(e))
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(run, jobs))
    failed = results.count(False)
    print('verify: %d checks, %d failed, %.1fs' % (len(results), failed, time.time() - BEGIN), flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
