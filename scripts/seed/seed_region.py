"""Seeds ONE region of the demo data set (dataset.py) into the `demo` project; run by seed.py, one process per region.

Usage: /usr/bin/python3 seed_region.py CLOUD_JSON REGION [--force] [--workers N]
Progress goes to stderr; the last line on stdout is a JSON result: {"region", "skipped", "containers": [...]}.

Why one process per region: Swift keeps a storage policy's object ring in a process-wide cache
(StoragePolicy.object_ring), so two proxy apps of two clusters in one process would share RegionOne's object ring.

How: everything is written with Swift's own code, not through the cloud's public proxy (whose every request is
validated by Keystone: ~27-29 objects/s measured here):
- containers and the hand-made objects: swift.common.internal_client.InternalClient, i.e. Swift's proxy app loaded
  in-process with a pipeline without auth (catch_errors cache listing_formats proxy-server), talking to the cluster's
  account/container/object servers and sharing its memcached; eventlet green threads;
- the 25,000 objects of big-dataset (RegionOne): bulk.py worker processes (Swift's DiskFile + ContainerBroker).
Idempotent: when the region's marker (account metadata dataset.MARKER_HEADER, set last) carries this SEED_VERSION
and every container holds its expected number of objects, nothing is written. Otherwise (or with --force) every
object is checked and repaired: a PUT with the object's historical timestamp; when the cluster answers 202 (it holds
something at least as new), a HEAD; if that object is gone or differs (a user deleted or changed it), a PUT again
with the current time, which wins. bulk.py does the same from the container database's rows.
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import glob  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

from swift.common import utils  # noqa: E402
from swift.common.internal_client import InternalClient  # noqa: E402
from swift.common.utils import Timestamp, drain_and_close  # noqa: E402
from swift.common.wsgi import loadapp  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import dataset  # noqa: E402

BEGIN = time.time()
REGION = '?'


def say(msg):
    print('[seed %-9s %5.1fs] %s' % (REGION, time.time() - BEGIN, msg), file=sys.stderr, flush=True)


def wsgi(value):
    """Header values go into Swift's in-process WSGI app as WSGI strings: UTF-8 bytes seen as latin-1 (what arrives
    when a client such as python-swiftclient sends a Unicode value as raw UTF-8)."""
    return value.encode('utf-8').decode('latin-1')


class OwnerApp:
    """The proxy app, with every request marked as coming from the account's owner: without an auth middleware the
    proxy otherwise drops owner-only headers such as X-Container-Read (the public-read ACL of `website`)."""

    def __init__(self, app):
        self.app = app
        self._pipeline_final_app = app._pipeline_final_app

    def __call__(self, env, start_response):
        env['swift_owner'] = True
        return self.app(env, start_response)


def internal_client(swift_url, state_dir, tmp):
    """An InternalClient on the cluster whose proxy listens on swift_url's port (found in STATE/etc/swift-r*)."""
    port = urlparse(swift_url).port
    for conf in sorted(glob.glob(os.path.join(state_dir, 'etc', 'swift-r*', 'proxy-server.conf'))):
        if int(utils.readconf(conf, 'app:proxy-server').get('bind_port', 0)) == port:
            swift_dir = os.path.dirname(conf)
            memcache = utils.readconf(conf, 'filter:cache')['memcache_servers']
            break
    else:
        raise SystemExit('seed: no swift config in %s/etc for %s' % (state_dir, swift_url))
    ic_conf = os.path.join(tmp, 'internal-client.conf')
    with open(ic_conf, 'w') as f:
        f.write(f"""[DEFAULT]
swift_dir = {swift_dir}
log_level = WARNING
log_name = oss-demo-seed
[pipeline:main]
pipeline = catch_errors cache listing_formats proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:cache]
use = egg:swift#memcache
memcache_servers = {memcache}
[filter:listing_formats]
use = egg:swift#listing_formats
""")
    app = OwnerApp(loadapp(ic_conf, allow_modify_pipeline=False))
    return InternalClient(ic_conf, 'oss-demo-seed', request_tries=3, app=app), swift_dir


def head(ic, account, container=None, obj=None):
    resp = ic.make_request('HEAD', ic.make_path(account, container, obj), {}, (2, 404))
    return resp.status_int, resp.headers


def put(ic, account, container, obj, ts):
    headers = {'Content-Type': obj.content_type, 'Content-Length': str(len(obj.body)), 'X-Timestamp': ts.internal}
    headers.update({'X-Object-Meta-' + k: wsgi(v) for k, v in obj.meta.items()})
    headers.update({k: wsgi(v) for k, v in obj.headers.items()})
    resp = ic.make_request('PUT', ic.make_path(account, container, obj.name), headers, (2,),
                           body_file=io.BytesIO(obj.body))
    drain_and_close(resp)
    return resp.status_int


def upload(ic, account, container, obj):
    """-> 'written' | 'present' | 'restored'"""
    if put(ic, account, container, obj, Timestamp(dataset.seed_time(obj.when))) == 201:
        return 'written'
    # 202: the object server holds something at least as new as the historical timestamp: this very object (a
    # re-run), or a user's later change or deletion, which a PUT with the historical timestamp cannot override.
    status, headers = head(ic, account, container, obj.name)
    if status == 200 and headers.get('Etag', '').strip('"') == hashlib.md5(obj.body).hexdigest():
        return 'present'
    put(ic, account, container, obj, Timestamp.now())
    return 'restored'


def listing(ic, account):
    return {c['name']: c for c in ic.iter_containers(account)}


def main():
    global REGION
    ap = argparse.ArgumentParser()
    ap.add_argument('cloud_json')
    ap.add_argument('region')
    ap.add_argument('--force', action='store_true')
    ap.add_argument('--workers', type=int, default=2)
    args = ap.parse_args()
    REGION = args.region
    with open(args.cloud_json) as f:
        cloud = json.load(f)
    account = 'AUTH_' + cloud['demo']['projectId']
    swift_url = {r['name']: r['swiftUrl'] for r in cloud['regions']}.get(args.region)
    if not swift_url:
        raise SystemExit('seed: cloud.json has no region %s' % args.region)
    containers = dataset.build()[args.region]
    utils.validate_configuration()
    tmp = tempfile.mkdtemp(prefix='oss-seed-')
    workers = []
    try:
        ic, swift_dir = internal_client(swift_url, cloud['stateDir'], tmp)

        # 0. already there?
        status, headers = head(ic, account)
        marker = headers.get(dataset.MARKER_HEADER, '') if status // 100 == 2 else ''
        counts = {}
        for c in containers:
            status, headers = head(ic, account, c.name)
            counts[c.name] = int(headers['X-Container-Object-Count']) if status // 100 == 2 else None
        complete = all(counts[c.name] == c.expected_count for c in containers)
        skipped = marker.split(' ')[0] == 'v%d' % dataset.SEED_VERSION and complete and not args.force
        if skipped:
            say('already seeded (marker %r, all %d containers complete): nothing to do' % (marker, len(containers)))
        else:
            say('seeding %s of %s@%s' % (account, cloud['demo']['name'], cloud['demo']['domain']))
            # 1. containers (a PUT on an existing container updates its metadata)
            for c in containers:
                ic.make_request('PUT', ic.make_path(account, c.name), {k: wsgi(v) for k, v in c.headers.items()},
                                (2,))
            # 2. big-dataset in worker processes, unless it holds the expected number of objects
            big = [c for c in containers if c.name == dataset.BIG_CONTAINER]
            if big and (counts[big[0].name] != big[0].expected_count or args.force):
                env = dict(os.environ, EVENTLET_NO_GREENDNS='yes')
                for i in range(args.workers):
                    workers.append(subprocess.Popen([sys.executable, os.path.join(HERE, 'bulk.py'), swift_dir,
                                                     account, str(i), str(args.workers)], stdout=subprocess.PIPE,
                                                    env=env))
                say('%s: %d objects, %d bulk.py processes' % (big[0].name, big[0].expected_count, len(workers)))
            elif big:
                say('%s: already complete (%d objects)' % (big[0].name, big[0].expected_count))
            # 3. meanwhile, the hand-made objects through the proxy app
            jobs = [(c.name, o) for c in containers for o in c.objects]
            t = time.time()
            outcome = list(eventlet.GreenPool(16).imap(lambda j: upload(ic, account, j[0], j[1]), jobs))
            say('%d objects in %d containers (%d bytes) in %.1fs: %s' % (
                len(jobs), len(containers), sum(len(o.body) for _, o in jobs), time.time() - t,
                ', '.join('%d %s' % (outcome.count(k), k) for k in ('written', 'present', 'restored')
                          if outcome.count(k))))
            for p in workers:
                while p.poll() is None:
                    eventlet.sleep(0.05)
                out = p.stdout.read().decode().strip()
                if p.returncode != 0:
                    raise SystemExit('seed: bulk.py failed (exit %d) %s' % (p.returncode, out))
                say('bulk.py %s' % out)
            # 4. the marker, last: only a complete seed carries it
            marker = 'v%d %s' % (dataset.SEED_VERSION, time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()))
            ic.make_request('POST', ic.make_path(account), {dataset.MARKER_HEADER: marker}, (2,))
            # 5. the account listing's per-container counts: the cluster's container updater reports them (~2 s)
            deadline = time.time() + 30
            while True:
                got = listing(ic, account)
                behind = []
                for c in containers:
                    status, headers = head(ic, account, c.name)
                    actual = int(headers.get('X-Container-Object-Count', -1))
                    if got.get(c.name, {}).get('count') != actual:
                        behind.append('%s %s/%d' % (c.name, got.get(c.name, {}).get('count'), actual))
                if not behind or time.time() > deadline:
                    break
                eventlet.sleep(0.25)
            if behind:
                say('WARNING: account listing not up to date after 30 s: ' + ', '.join(behind))
            wrong = ['%s %s/%d' % (c.name, got.get(c.name, {}).get('count'), c.expected_count)
                     for c in containers if got.get(c.name, {}).get('count') != c.expected_count]
            if wrong:
                say('WARNING: containers hold other objects than the data set (objects/expected): ' + ', '.join(wrong))
            say('done')
        got = listing(ic, account)
        ours = [c.name for c in containers]
        print(json.dumps({'region': args.region, 'skipped': skipped, 'marker': marker, 'containers': [
            {'name': n, 'count': got[n]['count'] if n in got else None, 'bytes': got[n]['bytes'] if n in got else None,
             'expected': next((c.expected_count for c in containers if c.name == n), None), 'seed': n in ours}
            for n in ours + sorted(set(got) - set(ours))]}), flush=True)
        return 0
    finally:
        for p in workers:  # only after an error: stop the workers this run started
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
