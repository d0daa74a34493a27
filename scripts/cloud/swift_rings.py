"""Build the account, container and object rings of one or more all-in-one Swift clusters in ONE process.

Usage: /usr/bin/python3 swift_rings.py SWIFT_DIR:ACCOUNT_PORT:CONTAINER_PORT:OBJECT_PORT [...]
One device `d1` on 127.0.0.1, 1 replica, part power 6.
"""
import os
import sys

from swift.common.ring import RingBuilder

PART_POWER = 6


def build(swift_dir, ports):
    for kind, port in zip(('account', 'container', 'object'), ports):
        builder = RingBuilder(PART_POWER, 1, 0)
        builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port),
                         'device': 'd1', 'weight': 100.0, 'meta': ''})
        builder.rebalance()
        builder.save(os.path.join(swift_dir, kind + '.builder'))
        builder.get_ring().save(os.path.join(swift_dir, kind + '.ring.gz'))


if __name__ == '__main__':
    for arg in sys.argv[1:]:
        swift_dir, *ports = arg.split(':')
        build(swift_dir, ports)
