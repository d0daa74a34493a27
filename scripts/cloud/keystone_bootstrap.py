"""Keystone database and key set-up in ONE process (instead of four keystone-manage calls, ~5 s each).

Usage: /usr/bin/python3 keystone_bootstrap.py CONFIG_FILE
Environment: OSS_ADMIN_PASSWORD, OSS_KEYSTONE_URL (public/internal/admin identity endpoint, ends in /v3),
OSS_REGION (region of the identity endpoints).
Does: db_sync, sqlite WAL, fernet_setup, credential_setup, bootstrap (admin user/project/role, reader/member
roles, identity service and endpoints). The key set-ups leave existing keys alone: up.sh writes the keys first so
that the uwsgi instances can load Keystone's app while this runs.
"""
import os
import sqlite3
import sys


def main():
    config_file = sys.argv[1]
    import keystone.conf
    from keystone.common import sql

    conf = keystone.conf.CONF
    keystone.conf.configure()
    sql.initialize()
    keystone.conf.set_default_for_default_log_levels()
    conf(args=['--config-file', config_file], project='keystone', default_config_files=[])
    # Nothing is cached yet; the bootstrap does not need memcached.
    conf.set_override('enabled', False, group='cache')
    keystone.conf.setup_logging()

    from keystone.common.sql import upgrades
    upgrades.offline_sync_database_to_version()

    # WAL is a persistent property of the database file: set it once, before any server opens it.
    url = conf.database.connection
    path = url.split('sqlite:///', 1)[1].split('?', 1)[0]
    db = sqlite3.connect(path)
    mode = db.execute('PRAGMA journal_mode=WAL').fetchone()[0]
    db.close()
    if mode.lower() != 'wal':
        raise SystemExit('could not switch %s to WAL (%s)' % (path, mode))

    # fernet_setup and credential_setup, as keystone-manage does them (without importing keystone.cmd.cli,
    # whose SAML imports cost ~1 s); no chown: the servers run as this user.
    from keystone.common import fernet_utils
    from keystone.credential.providers import fernet as credential_fernet

    def init_repo(repo, max_keys, group):
        futils = fernet_utils.FernetUtils(repo, max_keys, group)
        futils.create_key_directory(None, None)
        if futils.validate_key_repository(requires_write=True):
            futils.initialize_key_repository(None, None)

    init_repo(conf.fernet_tokens.key_repository, conf.fernet_tokens.max_active_keys, 'fernet_tokens')
    if (os.path.abspath(conf.fernet_tokens.key_repository) !=
            os.path.abspath(conf.fernet_receipts.key_repository)):
        init_repo(conf.fernet_receipts.key_repository, conf.fernet_receipts.max_active_keys, 'fernet_receipts')
    init_repo(conf.credential.key_repository, credential_fernet.MAX_ACTIVE_KEYS, 'credential')

    # bootstrap
    from keystone.cmd import bootstrap
    b = bootstrap.Bootstrapper()
    b.admin_password = os.environ['OSS_ADMIN_PASSWORD']
    b.admin_username = 'admin'
    b.project_name = 'admin'
    b.admin_role_name = 'admin'
    b.service_name = 'keystone'
    url = os.environ['OSS_KEYSTONE_URL']
    b.admin_url = b.public_url = b.internal_url = url
    b.region_id = os.environ.get('OSS_REGION', 'RegionOne')
    b.immutable_roles = True
    b.bootstrap()
    print('bootstrap done: admin user %s project %s' % (b.admin_user_id, b.project_id), flush=True)


if __name__ == '__main__':
    main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown (it may print a harmless AttributeError from eventlet/greenlet).
    os._exit(0)
