"""What every provider webhook looks up first, cached per process: our number (with its account's
credentials) and its business; and what every event looks up, a business's outgoing webhook
endpoints (hooks/events.py: most businesses have none, and a missed call has two events).

A webhook is verified with the token of the account that owns the number it is about, so a stale
entry could accept a request signed with a revoked token, or route a call to a number that was
removed. The cache is therefore never trusted on time alone: every lookup first reads one integer,
`core_lookupsversion.n`, which database triggers set to a new random value in the same
transaction as any change to a business, a number or an endpoint (migrations core 0017 and hooks
0002, and ensure_triggers after every migrate: a save, a queryset update, a delete, raw SQL, another
process or machine). A process whose version differs drops its whole cache and reads again. The
read is one indexed single-row SELECT, so a webhook costs that instead of building and running the
number-and-business join through the ORM; and a change is seen by the very next webhook in every
process, as it would be without a cache. When the version row is missing (a test database
flushed) nothing is cached. Within one webhook or one send (`one_read`) the version is read once,
at the first lookup: a change made while it runs is seen by the next, as a change made just after
it started would be.
"""

import json
import threading
from contextlib import contextmanager

from django.db import connection

from textback.core.models import Business, PhoneNumber, converter

_lock = threading.Lock()
_cache = {}  # (provider, number) -> (number's field values, business's field values)
_endpoints = {}  # business id -> [(endpoint id, its event types)]
_version = None
_scope = threading.local()  # .version: inside one_read, the version read at its first lookup (or UNREAD)
UNREAD = object()

PHONE_FIELDS = [f.attname for f in PhoneNumber._meta.concrete_fields]
BUSINESS_FIELDS = [f.attname for f in Business._meta.concrete_fields]
JSON_FIELDS = {f.attname for f in Business._meta.concrete_fields if f.get_internal_type() == "JSONField"}


def version():
    """The current version (None: no version row, so nothing may be cached)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM core_lookupsversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def one_read():
    """Within (a webhook, a send), the version is read at the first lookup only: a missed call's
    dial result and its send each look up twice (the number, then the endpoints of its events)."""
    outer = getattr(_scope, "version", None)  # a send run inline inside a webhook: the webhook's read stands
    if outer is None:
        _scope.version = UNREAD
    try:
        yield
    finally:
        if outer is None:
            del _scope.version


def checked():
    """The current version, the caches emptied first when it is not the one they were filled at."""
    global _version
    pinned = getattr(_scope, "version", None)
    if pinned is not None and pinned is not UNREAD:
        return pinned
    current = version()
    if pinned is UNREAD:
        _scope.version = current
    with _lock:
        if current != _version:
            _cache.clear()
            _endpoints.clear()
            _version = current
    return current


def number(provider, e164):
    """Our number `e164` at `provider`, its business loaded, or None. Fresh instances each time
    (built from the cached values; JSON fields copied), so no request sees another's changes."""
    current = checked()
    with _lock:
        cached = _cache.get((provider, e164)) if current is not None else None
    if cached is None:
        cached = _read_number(provider, e164)
        if cached is None:
            return None  # not ours: not cached, so junk numbers cannot grow the cache
        with _lock:
            if current is not None and current == _version:
                _cache[(provider, e164)] = cached
    phone_values, business_values = cached
    found = PhoneNumber.from_db(connection.alias, PHONE_FIELDS, list(phone_values))
    found.business = Business.from_db(connection.alias, BUSINESS_FIELDS, [
        json.loads(v) if f in JSON_FIELDS else v for f, v in zip(BUSINESS_FIELDS, business_values)])
    return found


def _read_number(provider, e164):
    """The number's and its business's field values, as the ORM would load them, in one statement:
    a process's first webhook for each number pays for this (and all of them do after any change
    anywhere), and the ORM's select_related(...).first() cost four times the Python (decisions 21).
    JSON fields (a business's hours, holidays) are kept as text, so each lookup gets its own copy."""
    sql, converters = _number_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [e164, provider])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [value if convert is None else convert(value) for value, convert in zip(row, converters)]
    business_values = values[len(PHONE_FIELDS):]
    return (values[:len(PHONE_FIELDS)],
            [json.dumps(v) if f in JSON_FIELDS else v for f, v in zip(BUSINESS_FIELDS, business_values)])


_statements = {}  # vendor -> (the number's SELECT, a converter or None per column)


def _number_statement():
    """The join of a number and its business, and each column's converters as the ORM's compiler
    applies them (the backend's, then the field's: SQLite's datetimes, the encrypted tokens, JSON)."""
    if connection.vendor not in _statements:
        columns, converters = [], []
        for alias, model in (("p", PhoneNumber), ("b", Business)):
            for field in model._meta.concrete_fields:
                columns.append(f"{alias}.{connection.ops.quote_name(field.column)}")
                converters.append(converter(field.get_col(alias)))
        sql = (f"SELECT {', '.join(columns)} FROM core_phonenumber p JOIN core_business b ON b.id = p.business_id "
               "WHERE p.number = %s AND p.provider = %s")
        _statements[connection.vendor] = (sql, converters)
    return _statements[connection.vendor]


def endpoints(business_id):
    """The business's webhook endpoints (id, business and event types only: not the secret, which
    is decrypted at delivery), in id order; fresh instances each time."""
    from textback.hooks.models import Endpoint  # hooks depends on core, not the other way round

    current = checked()
    with _lock:
        cached = _endpoints.get(business_id) if current is not None else None
    if cached is None:
        cached = [(id, json.dumps(events)) for id, events in
                  Endpoint.objects.filter(business_id=business_id).order_by("id").values_list("id", "events")]
        with _lock:
            if current is not None and current == _version:
                _endpoints[business_id] = cached
    return [Endpoint.from_db(connection.alias, ["id", "business_id", "events"], [id, business_id, json.loads(events)])
            for id, events in cached]


# -- the triggers ----------------------------------------------------------------------------------
# Created by migration 0017, and made sure of after every `migrate` (CoreConfig.ready connects this):
# on SQLite, a later migration that changes core_business or core_phonenumber rebuilds the table and
# drops its triggers with it, and a cache without them would go stale silently.

TRIGGER_TABLES = ("core_business", "core_phonenumber", "hooks_endpoint")
_BUMP = {
    "postgresql": "UPDATE core_lookupsversion SET n = floor(random() * 9007199254740991)::bigint WHERE id = 1",
    "sqlite": "UPDATE core_lookupsversion SET n = random() WHERE id = 1",
}


def trigger_statements(vendor, tables=TRIGGER_TABLES):
    if vendor == "postgresql":
        yield (f"CREATE OR REPLACE FUNCTION core_lookups_version_bump() RETURNS trigger LANGUAGE plpgsql AS "
               f"$$ BEGIN {_BUMP[vendor]}; RETURN NULL; END $$")
        for table in tables:
            yield f"DROP TRIGGER IF EXISTS {table}_lookups_version ON {table}"
            yield (f"CREATE TRIGGER {table}_lookups_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION core_lookups_version_bump()")
    elif vendor == "sqlite":
        for table in tables:
            for op in ("INSERT", "UPDATE", "DELETE"):
                yield (f"CREATE TRIGGER IF NOT EXISTS {table}_lookups_version_{op.lower()} AFTER {op} ON {table} "
                       f"BEGIN {_BUMP[vendor]}; END")


def drop_trigger_statements(vendor, tables):
    for table in tables:
        if vendor == "postgresql":
            yield f"DROP TRIGGER IF EXISTS {table}_lookups_version ON {table}"
        else:
            for op in ("insert", "update", "delete"):
                yield f"DROP TRIGGER IF EXISTS {table}_lookups_version_{op}"


def migration_triggers(tables):
    """RunPython's forward and backward functions for a migration that adds the triggers to `tables`
    (a fixed list, as a migration's must be)."""

    def forward(apps, schema_editor):
        for sql in trigger_statements(schema_editor.connection.vendor, tables):
            schema_editor.execute(sql)

    def backward(apps, schema_editor):
        for sql in drop_trigger_statements(schema_editor.connection.vendor, tables):
            schema_editor.execute(sql)

    return forward, backward


def ensure_triggers(using="default", **_):
    """post_migrate: the triggers exist (again) once the version table does, on the tables there are."""
    from django.db import connections

    db = connections[using]
    tables = db.introspection.table_names()
    if "core_lookupsversion" not in tables:
        return
    with db.cursor() as cursor:
        for sql in trigger_statements(db.vendor, [t for t in TRIGGER_TABLES if t in tables]):
            cursor.execute(sql)
