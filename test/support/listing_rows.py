"""Adds (or removes) listing rows of one container of the local cloud's Swift, fast: the way
scripts/bench/seed_rows.py seeds the benchmark's 100,000 names (Swift's own ContainerBroker.merge_items, what the
container server does on an object update), but with the names the test chooses.

Usage: /usr/bin/python3 listing_rows.py SWIFT_DIR ACCOUNT CONTAINER add|remove < names
  names: one JSON string per line (so names may hold newlines).
The container must exist. Rows have no object data (a GET answers 404): they exist for listings. `remove` marks the
rows deleted (a newer timestamp), so the container can then be deleted through the proxy.
Prints one JSON line: {"container": c, "rows": n, "seconds": s}.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'scripts', 'bench'))
from seed_rows import merge_rows  # noqa: E402 (the benchmark's seeding, shared)
from swift.common.utils import Timestamp  # noqa: E402


def main():
    swift_dir, account, container, action = sys.argv[1:5]
    begin = time.time()
    names = [json.loads(line) for line in sys.stdin.read().split('\n') if line]
    deleted = 1 if action == 'remove' else 0
    if not merge_rows(swift_dir, account, container, names, Timestamp(time.time()).internal, deleted):
        sys.exit('listing_rows: container %s/%s has no database (create it first)' % (account, container))
    print(json.dumps({'container': container, 'rows': len(names), 'seconds': round(time.time() - begin, 2)}), flush=True)


if __name__ == '__main__':
    main()
