"""Container and object updater of one all-in-one Swift cluster, in ONE process, without forking.

Usage: /usr/bin/python3 swift_updaters.py CONTAINER_SERVER_CONF OBJECT_SERVER_CONF
Runs swift's own ContainerUpdater and ObjectUpdater (the code of swift-container-updater and swift-object-updater)
through their run_once() every `interval` seconds of [container-updater]. Why not the two daemons: their
run_forever() forks a child for every pass, and each child's exit (interpreter teardown) costs ~0.3-1 s of CPU;
at a 2 s interval that was ~30 % of a core per cluster on a 2-core machine, for doing nothing.
Account object/byte counts are updated by the container updater; async pendings (container updates that failed
while an object was written) by the object updater.
"""
import sys
import time

from swift.common import utils
from swift.container.updater import ContainerUpdater
from swift.obj.updater import ObjectUpdater


def make(klass, conf_file, section):
    conf = utils.readconf(conf_file, section)
    logger = utils.get_logger(conf, conf.get('log_name', section), log_to_console=True, log_route=section)
    return klass(conf, logger=logger), conf


def main():
    utils.validate_configuration()
    container_updater, conf = make(ContainerUpdater, sys.argv[1], 'container-updater')
    object_updater, _ = make(ObjectUpdater, sys.argv[2], 'object-updater')
    interval = float(conf.get('interval', 2))
    container_updater.logger.warning('updaters running every %.1fs', interval)
    while True:
        begin = time.time()
        for updater in (container_updater, object_updater):
            try:
                updater.run_once()
            except Exception:  # keep going: the next pass may succeed
                updater.logger.exception('updater pass failed')
        time.sleep(max(0.2, interval - (time.time() - begin)))


if __name__ == '__main__':
    main()
