"""WSGI entry of the local Keystone (as /usr/bin/keystone-wsgi-public), with one change for sqlite.

Several Keystone processes (two uwsgi workers + the short-token instance) share one sqlite file. oslo.db begins
every transaction with a plain (deferred) BEGIN. A write transaction that reads first and writes later then fails
at once with "database is locked" (SQLITE_BUSY_SNAPSHOT in WAL mode: no busy wait) when another process committed
in between, e.g. two concurrent DELETE /v3/projects or token revocations (seen: 7 of 44 under load).

Here the first transaction begun inside an outermost `sql.session_for_write()` starts with BEGIN IMMEDIATE: it takes
the write lock up front, so concurrent writers queue on sqlite's busy timeout (timeout=30 in the database URL)
instead of failing. Read transactions keep the deferred BEGIN (WAL readers never wait), so a reader opened while a
writer is active in the same process cannot deadlock. (BEGIN IMMEDIATE for every transaction did deadlock.)
The listener runs before oslo.db's own "begin" listener (class-level listeners come first) and marks the
transaction as begun, so oslo.db emits no second BEGIN.
"""
import threading

import sqlalchemy
from sqlalchemy.engine import Engine

_state = threading.local()


@sqlalchemy.event.listens_for(Engine, 'begin')
def _sqlite_begin_immediate(conn):
    if not getattr(_state, 'pending', False):
        return
    if conn.engine.dialect.name == 'sqlite' and 'in_transaction' not in conn.info:
        _state.pending = False
        conn.execute(sqlalchemy.text('BEGIN IMMEDIATE'))
        conn.info['in_transaction'] = True


class _ImmediateWriter(object):
    def __init__(self, cm):
        self._cm = cm

    def __enter__(self):
        depth = getattr(_state, 'depth', 0)
        _state.depth = depth + 1
        if depth == 0:
            _state.pending = True
        return self._cm.__enter__()

    def __exit__(self, *exc):
        try:
            return self._cm.__exit__(*exc)
        finally:
            _state.depth -= 1
            if _state.depth == 0:
                _state.pending = False


def _patch():
    from keystone.common import sql
    from keystone.common.sql import core

    original = core.session_for_write

    def session_for_write():
        return _ImmediateWriter(original())

    core.session_for_write = session_for_write
    sql.session_for_write = session_for_write


_patch()

from keystone.server.wsgi import initialize_public_application  # noqa: E402

application = initialize_public_application()
