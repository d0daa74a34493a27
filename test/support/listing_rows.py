"""Adds (or removes) listing rows of one container of the local cloud's Swift, fast: the way
scripts/bench/seed_rows.py seeds the benchmark's 100,000 names (Swift's own ContainerBroker.merge_items, what the
container server does on an object update), but with the names the test chooses.

Usage: /usr/bin/python3 listing_rows.py SWIFT_DIR ACCOUNT CONTAINER add|remove < names
  names: one JSON string per line (so names may hold newlines).
The container must exist. Rows have no object data (a GET answers 404): they exist for listings. `remove` marks the
rows deleted (a newer timestamp), so the container can then be deleted through the proxy.
Prints one JSON line: {"container": c, "rows": n, "seconds": s}.
"""
import hashlib
import json
import os
import sys
import time

from swift.common import utils
from swift.common.ring import Ring
from swift.common.utils import Timestamp, hash_path, storage_directory
from swift.container.backend import DATADIR, ContainerBroker


def main():
    swift_dir, account, container, action = sys.argv[1:5]
    begin = time.time()
    names = [json.loads(line) for line in sys.stdin.read().split('\n') if line]
    utils.validate_configuration()
    conf = utils.readconf(os.path.join(swift_dir, 'container-server.conf'), 'app:container-server')
    part, nodes = Ring(swift_dir, ring_name='container').get_nodes(account, container)
    chash = hash_path(account, container)
    deleted = 1 if action == 'remove' else 0
    ts = Timestamp(time.time()).internal
    seen = 0
    for node in nodes:
        db_file = os.path.join(conf['devices'], node['device'], storage_directory(DATADIR, part, chash), chash + '.db')
        if not os.path.exists(db_file):
            continue
        seen += 1
        broker = ContainerBroker(db_file, account=account, container=container)
        rows = []
        for i, name in enumerate(names):
            rows.append({'name': name, 'created_at': ts, 'size': 0 if deleted else 100 + i % 900,
                         'content_type': 'application/octet-stream',
                         'etag': hashlib.md5(name.encode('utf-8')).hexdigest(), 'deleted': deleted,
                         'storage_policy_index': 0, 'ctype_timestamp': None, 'meta_timestamp': None})
            if len(rows) >= 10000:
                broker.merge_items(rows)
                rows = []
        if rows:
            broker.merge_items(rows)
    if not seen:
        sys.exit('listing_rows: container %s/%s has no database (create it first)' % (account, container))
    print(json.dumps({'container': container, 'rows': len(names), 'seconds': round(time.time() - begin, 2)}), flush=True)


if __name__ == '__main__':
    main()
