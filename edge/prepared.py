"""Statements that a common request sends, prepared once per database connection (`PREPARE`, then `EXECUTE`).

PostgreSQL plans a statement anew each time it is sent as text, which is what Django's cursor does (client-side
binding). For the idea page's two statements the plan cost more than running them: the page's idea with its
comments took 0.7–0.85 ms of the backend's CPU per execution sent as text and 0.14–0.22 ms prepared (scale data
set, 150 random ideas, three rounds; docs/performance.md, "Vote week: the idea page outside the cache").

The first use on a connection sends `PREPARE …; EXECUTE …` in one round trip (one statement for Django's query
count, whatever was prepared before), later ones `EXECUTE …`. A prepared statement lives as long as the database
session (a rollback does not undo it); what a connection has prepared is remembered per psycopg connection
object, so a reconnect (CONN_MAX_AGE, a failed health check) prepares again. After a failure whose outcome is
unclear the next call prepares under a new name, so no call ever meets "already exists". PostgreSQL re-plans a
prepared statement by itself when a table it reads changes. Not for a connection pooler in transaction mode
(sessions would be shared between clients): the site has none.
"""

from itertools import count
from weakref import WeakKeyDictionary

from django.db import DatabaseError, connection

_prepared: WeakKeyDictionary = WeakKeyDictionary()  # psycopg connection -> {name: the name it is prepared as}
_serial = count(1)


def fetch_one(name: str, sql: str, types: str, params: list):
    """The first row of `sql` (with $1, $2 … for `params`, of the PostgreSQL `types`, e.g. "bigint, bigint"),
    prepared on this connection the first time. `name` is a plain identifier; `sql` the same text every time."""
    placeholders = ", ".join(["%s"] * len(params))
    with connection.cursor() as cursor:
        names = _prepared.setdefault(connection.connection, {})
        alias = names.get(name)
        if alias is None:
            alias = f"{name}_{next(_serial)}"
            prepare = f"PREPARE {alias} ({types}) AS {sql.replace('%', '%%')}"
            cursor.execute(f"{prepare}; EXECUTE {alias} ({placeholders})", params)
            names[name] = alias
            cursor.nextset()
        else:
            try:
                cursor.execute(f"EXECUTE {alias} ({placeholders})", params)
            except DatabaseError:
                names.pop(name, None)  # gone or unclear: prepared anew under another name next time
                raise
        return cursor.fetchone()
