"""Seeds listing-only rows into one container of an all-in-one Swift cluster, fast (~5 s per 100,000 rows).

Usage: /usr/bin/python3 seed_rows.py SWIFT_DIR ACCOUNT CONTAINER SHAPE
       /usr/bin/python3 seed_rows.py --files DIR SHAPE
  SWIFT_DIR  the cluster's config dir ($OSS_CLOUD_DIR/etc/swift-rN: rings, container-server.conf)
  SHAPE      `big` (100,000 names, a realistic tree), `flat` (100,000 names without `/`), `million` (1,000,000 names,
             a realistic tree) or `small` (10,000 names); see the *_names() functions below. With `-mirror` (e.g.
             `million-mirror`) each row says the object holds its own name (size and MD5 of its UTF-8 bytes), and
             `--files DIR SHAPE` writes those files under DIR: a local folder identical to the container, for the
             sync comparison's figures (scripts/bench/README.md).

The container must exist (the bench creates it through the proxy). Rows are merged with Swift's own
ContainerBroker.merge_items, exactly what the container server does on an object update, with fixed timestamps, so a
second run changes nothing. These objects have no data (GET -> 404): they exist for LISTING benchmarks only
(OPENSTACK.md; writing 100,000 real objects through the proxy takes 20+ minutes here, and bulk `extract-archive`
is no faster, it validates and writes each object one by one).
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

# Top-level folders of different sizes (splitting must cope with unbalanced prefixes), one with a non-ASCII name.
BIG_TOP = [('assets', 20), ('build', 5), ('data', 25), ('docs', 3), ('logs', 30), ('src', 9), ('\u00fcber', 5)]


def tree_names(scale):
    """A realistic tree of 100,000 x `scale` names: `scale` x 97,000 in folders of uneven size (BIG_TOP, each folder
    `scale` times over: `assets/`, `assets-1/`, …), plus, at every scale, a few thousand names at the top level:
    3,000 root objects interleaved with the folders (`data.txt` sorts before `data/`, `data0` after it), a deep
    folder, and names whose UTF-8 byte order differs from JavaScript's UTF-16 order (U+FF21 sorts before an emoji in
    UTF-8, after it in UTF-16)."""
    names = []
    per_folder = 970 if scale == 1 else 1000
    for k in range(scale):  # 97 sub-folders of 970 (1,000 in the million) names per copy
        for top, subs in BIG_TOP:
            for s in range(subs):
                for f in range(per_folder):
                    names.append('%s%s/part-%03d/obj-%05d.bin' % (top, '-%d' % k if k else '', s, f))
    for i in range(2000):  # the deep folder: 1,600 objects + 400 in 20 sub-folders
        if i < 1600:
            names.append('deep/l1/l2/l3/l4/l5/file-%04d.json' % i)
        else:
            names.append('deep/l1/l2/l3/l4/l5/sub-%02d/file-%04d.json' % (i % 20, i))
    for i in range(100):
        names.append('wide/\uff21-%02d' % i if i % 2 else 'wide/\U0001F600-%02d' % i)
    for i in range(100000 * scale - len(names)):  # the rest: root-level objects, interleaved with the folders
        names.append(['data.txt-%05d', 'data0-%05d', 'readme-%05d.md', 'z-root-%05d'][i % 4] % i)
    assert len(names) == 100000 * scale and len(set(names)) == 100000 * scale, len(names)
    return names


def flat_names():
    """100,000 names without `/` (a bucket of uploads named by a hash, as many applications write them)."""
    names = ['%s.bin' % hashlib.sha1(b'%d' % i).hexdigest()[:20] for i in range(100000)]
    names[::1000] = ['\uff21-%03d' % i if i % 2 else '\U0001F600-%03d' % i for i in range(100)]
    assert len(set(names)) == 100000
    return names


def small_names():
    names = []
    for top, subs in (('alpha', 4), ('beta', 3), ('gamma', 2)):  # 9,000
        for s in range(subs):
            for f in range(1000):
                names.append('%s/dir-%02d/item-%04d.txt' % (top, s, f))
    for i in range(1000):
        names.append('root-%04d.txt' % i if i % 10 else 'caf\u00e9/\U0001F600-%04d' % i)
    assert len(names) == 10000 and len(set(names)) == 10000
    return names


def merge_rows(swift_dir, account, container, names, timestamp, deleted=0, mirror=False):
    """Merges one listing row per name (sized 100 + its index % 900, or 0 when `deleted`) into each database the
    container has on this cluster, 10,000 at a time: what the container server does on an object update.
    Returns how many databases it found (0: the container was not created). test/support/listing_rows.py uses it too.
    """
    utils.validate_configuration()  # hash path prefix/suffix from /etc/swift/swift.conf, as the servers do
    conf = utils.readconf(os.path.join(swift_dir, 'container-server.conf'), 'app:container-server')
    part, nodes = Ring(swift_dir, ring_name='container').get_nodes(account, container)
    chash = hash_path(account, container)
    found = 0
    for node in nodes:
        db_file = os.path.join(conf['devices'], node['device'], storage_directory(DATADIR, part, chash), chash + '.db')
        if not os.path.exists(db_file):
            continue
        found += 1
        broker = ContainerBroker(db_file, account=account, container=container)
        rows = []
        for i, name in enumerate(names):
            size = len(name.encode('utf-8')) if mirror else 100 + i % 900
            rows.append({'name': name, 'created_at': timestamp, 'size': 0 if deleted else size,
                         'content_type': 'application/octet-stream',
                         'etag': hashlib.md5(name.encode('utf-8')).hexdigest(), 'deleted': deleted,
                         'storage_policy_index': 0, 'ctype_timestamp': None, 'meta_timestamp': None})
            if len(rows) >= 10000:
                broker.merge_items(rows)
                rows = []
        if rows:
            broker.merge_items(rows)
    return found


def names_of(shape):
    return {'big': lambda: tree_names(1), 'million': lambda: tree_names(10), 'flat': flat_names, 'small': small_names}[shape]()


def write_files(folder, names):
    """Each name as a file under `folder` holding its own name (what a `-mirror` row says of its object)."""
    made = set()
    for name in names:
        path = os.path.join(folder, *name.split('/'))
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(path, 'wb') as f:
            f.write(name.encode('utf-8'))


def main():
    begin = time.time()
    if sys.argv[1] == '--files':
        folder, shape = sys.argv[2:4]
        names = names_of(shape.replace('-mirror', ''))
        write_files(folder, names)
        print(json.dumps({'folder': folder, 'files': len(names), 'seconds': round(time.time() - begin, 2)}), flush=True)
        return
    swift_dir, account, container, shape = sys.argv[1:5]
    names = names_of(shape.replace('-mirror', ''))
    if not merge_rows(swift_dir, account, container, names, Timestamp(1700000000.0).internal, mirror=shape.endswith('-mirror')):
        sys.exit('seed_rows: container %s/%s has no database (create it first)' % (account, container))
    print(json.dumps({'container': container, 'rows': len(names), 'seconds': round(time.time() - begin, 2)}), flush=True)


if __name__ == '__main__':
    main()
