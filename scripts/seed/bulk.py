"""Writes the objects of the big container (dataset.BIG_*) straight into one all-in-one Swift cluster, fast.

Usage: /usr/bin/python3 bulk.py SWIFT_DIR ACCOUNT WORKER WORKERS
  SWIFT_DIR  the cluster's config dir ($OSS_CLOUD_DIR/etc/swift-rN: rings, object/container-server.conf)
  WORKER     this worker's index (0..WORKERS-1): it handles objects k with k % WORKERS == WORKER

Why not HTTP (measured on this 2-core machine): through the cloud's authenticated proxy every request is validated by
Keystone, ~27 objects/s with `swift upload --object-threads 32` and ~29/s with `?extract-archive=tar`; Swift's
InternalClient (proxy app in-process, no auth) ~290/s; PUTs straight to the object server ~650/s (its single
process is then the bottleneck). Here each object is written the way the object server writes it, in-process, with
Swift's own DiskFile code (same on-disk layout: data file, xattr metadata, hashes.invalid), ~2,500 objects/s per
process, and its row goes into the container database with Swift's own ContainerBroker.merge_items (what the
container server does with a container update), 5,000 rows per transaction. The objects are real: GET, HEAD,
listings and the account's counts (the cloud's container updater reports them within ~2 s) all work through the proxy.

Idempotent and repairing: the container's rows (deleted ones too) are read first; an object whose row is live with
the expected ETag is skipped; a missing one is written with its historical timestamp, or with the current time when a
newer row (a user's deletion or change) would otherwise win. The container must exist (seed_region.py creates it).
Prints one JSON line: {"worker", "objects", "written", "restored", "bytes", "seconds"}.
"""
import hashlib
import json
import os
import sys
import time
import types

import swift.obj.diskfile
from swift.common import utils
from swift.common.ring import Ring
from swift.common.storage_policy import POLICIES
from swift.common.utils import Timestamp, hash_path, storage_directory
from swift.container.backend import DATADIR as CONTAINER_DATADIR, ContainerBroker
from swift.obj.diskfile import DiskFileRouter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dataset  # noqa: E402

# DiskFile hands the final fsync/rename of every object to eventlet's thread pool, so that an object server's event
# loop is never blocked. This process has no event loop: run it inline (half the time per object).
swift.obj.diskfile.tpool = types.SimpleNamespace(execute=lambda fn, *args, **kwargs: fn(*args, **kwargs))


def main():
    swift_dir, account, worker, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    container = dataset.BIG_CONTAINER
    begin = time.time()
    utils.validate_configuration()  # hash path prefix/suffix from /etc/swift/swift.conf, as the servers do
    conf = utils.readconf(os.path.join(swift_dir, 'object-server.conf'), 'app:object-server')
    conf['log_level'] = 'WARNING'
    logger = utils.get_logger(conf, log_route='oss-seed-bulk')
    policy = POLICIES.default
    manager = DiskFileRouter(conf, logger)[policy]
    object_ring = Ring(swift_dir, ring_name=policy.ring_name)

    cconf = utils.readconf(os.path.join(swift_dir, 'container-server.conf'), 'app:container-server')
    cpart, cnodes = Ring(swift_dir, ring_name='container').get_nodes(account, container)
    chash = hash_path(account, container)
    db_file = os.path.join(cconf['devices'], cnodes[0]['device'], storage_directory(CONTAINER_DATADIR, cpart, chash),
                           chash + '.db')
    if not os.path.exists(db_file):
        sys.exit('bulk: container %s/%s has no database at %s (create it first)' % (account, container, db_file))
    broker = ContainerBroker(db_file, account=account, container=container, logger=logger)
    broker.get_info()  # merges the container server's pending updates into the database first
    with broker.get() as conn:
        rows_now = {name: (Timestamp(created_at), deleted, etag) for name, created_at, deleted, etag in
                    conn.execute('SELECT name, created_at, deleted, etag FROM object')}

    rows, total_bytes, count, written, restored = [], 0, 0, 0, 0
    total = dataset.BIG_SHARDS * dataset.BIG_PER_SHARD
    for k in range(worker, total, workers):
        name, body, when = dataset.big_object(k // dataset.BIG_PER_SHARD, k % dataset.BIG_PER_SHARD)
        count += 1
        etag = hashlib.md5(body).hexdigest()
        ts = Timestamp(dataset.seed_time(when))
        now = rows_now.get(name)
        if now and not now[1] and now[2] == etag:
            continue  # already there
        if now and now[0] >= ts:
            ts = Timestamp.now()  # a newer row (deletion or change) would win over the historical timestamp
            restored += 1
        part, nodes = object_ring.get_nodes(account, container, name)
        for node in nodes:  # one replica in this cloud; all of them if there were more
            df = manager.get_diskfile(node['device'], str(part), account, container, name, policy=policy)
            with df.create(size=len(body)) as writer:
                writer.write(body)
                writer.put({'X-Timestamp': ts.internal, 'Content-Type': 'application/json',
                            'Content-Length': str(len(body)), 'ETag': etag})
                writer.commit(ts)
        rows.append({'name': name, 'created_at': ts.internal, 'size': len(body), 'content_type': 'application/json',
                     'etag': etag, 'deleted': 0, 'storage_policy_index': int(policy), 'ctype_timestamp': None,
                     'meta_timestamp': None})
        total_bytes += len(body)
        written += 1
        if len(rows) >= 5000:
            broker.merge_items(rows)
            rows = []
    if rows:
        broker.merge_items(rows)
    print(json.dumps({'worker': worker, 'objects': count, 'written': written, 'restored': restored,
                      'bytes': total_bytes, 'seconds': round(time.time() - begin, 2)}), flush=True)


if __name__ == '__main__':
    main()
