"""Seeds the demo data set (dataset.py) into the `demo` project of a running local cloud, both regions at once (one
seed_region.py process each), and prints a summary. Called by seed.sh; see README.md.

Usage: /usr/bin/python3 seed.py CLOUD_JSON [--force] [--workers N] [--verify auto|always|never]
Then runs verify.py (the checks through the authenticated proxies): by default (auto) only when something was written.
Exit status: 0 when every region is seeded (or already was) and the checks pass, 1 otherwise.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import dataset  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('cloud_json')
    ap.add_argument('--force', action='store_true', help='write everything again even when the marker is there')
    ap.add_argument('--workers', type=int, default=max(1, min(4, os.cpu_count() or 1)),
                    help='bulk.py processes for big-dataset (default: the CPU count, at most 4)')
    ap.add_argument('--verify', choices=['auto', 'always', 'never'], default='auto',
                    help='run verify.py afterwards: auto = only when something was written')
    args = ap.parse_args()
    begin = time.time()
    with open(args.cloud_json) as f:
        cloud = json.load(f)
    regions = list(dataset.build())
    procs = {}
    for region in regions:
        cmd = [sys.executable, os.path.join(HERE, 'seed_region.py'), args.cloud_json, region,
               '--workers', str(args.workers)] + (['--force'] if args.force else [])
        procs[region] = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    results, failed = {}, []
    for region, p in procs.items():
        out = p.communicate()[0].decode()
        if p.returncode != 0:
            failed.append(region)
            continue
        results[region] = json.loads(out.strip().splitlines()[-1])
    u = cloud['demo']
    print('Demo data set v%d, project %s (AUTH_%s) of user %s in domain %s:' % (
        dataset.SEED_VERSION, u['project'], u['projectId'], u['name'], u['domain']))
    tc = to = tb = 0
    for region in regions:
        if region not in results:
            print('  %-10s FAILED' % region)
            continue
        for c in results[region]['containers']:
            if c['count'] is None:
                print('  %-10s %-20s MISSING' % (region, c['name']))
                continue
            note = '' if c['seed'] else '  (not from the seed)'
            if c['seed'] and c['count'] != c['expected']:
                note = '  (expected %d)' % c['expected']
            print('  %-10s %-20s %7d objects %11d bytes%s' % (region, c['name'], c['count'], c['bytes'], note))
            tc, to, tb = tc + 1, to + c['count'], tb + c['bytes']
    print('  %-10s %-20s %7d objects %11d bytes in %d containers' % ('total', '', to, tb, tc))
    state = ', '.join('%s %s' % (r, 'already seeded' if results[r]['skipped'] else 'seeded') for r in results)
    print('seed: %s in %.1fs%s' % (state, time.time() - begin, ('; FAILED: ' + ', '.join(failed)) if failed else ''))
    if failed:
        return 1
    wrote = any(not r['skipped'] for r in results.values())
    if args.verify == 'always' or (args.verify == 'auto' and wrote):
        sys.stdout.flush()
        return subprocess.call([sys.executable, os.path.join(HERE, 'verify.py'), args.cloud_json])
    return 0


if __name__ == '__main__':
    sys.exit(main())
