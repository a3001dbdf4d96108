"""The statements of a status callback about a text we sent, for every provider, in raw SQL: each
text has a callback or two, and compiling these same few statements from Q objects was most of a
callback's CPU (issue 16). Values are always parameters; only the fixed fragments below vary.

Which texts a callback names (`named`, the one rule): the text with the callback's sid, or, since
a callback can beat the sender to saving the sid, the text of the callback URL's ?message=ID while
it is still sending with no sid saved."""

from django.db import connection

from textback.core import clock
from textback.core.models import Message, one


def plausible_reference(reference):
    """A ?message=ID that can name a row (shorter than a bigint's 19 digits)."""
    return reference.isdigit() and len(reference) < 19


def named(provider, sid, reference, from_number=None):
    """The WHERE clause and its parameters for the texts out of `provider` the callback names,
    sent from `from_number` when given."""
    where = "provider = %s AND direction = %s"
    params = [provider, Message.OUT]
    if from_number is not None:
        where += " AND from_number = %s"
        params.append(from_number)
    if plausible_reference(reference):
        where += " AND (provider_message_id = %s OR (id = %s AND provider_message_id IS NULL AND status = %s))"
        params += [sid, int(reference), Message.SENDING]
    else:
        where += " AND provider_message_id = %s"
        params.append(sid)
    return where, params


def table():
    return connection.ops.quote_name(Message._meta.db_table)


def moved(provider, sid, reference, from_number, among, status, code=""):
    """The named texts whose status is one of `among` set to `status` (and to the error code when
    one is given, else theirs kept; delivered_at set only when delivered); how many were."""
    sets, values = ["status = %s"], [status]
    if code:
        sets.append("error_code = %s")
        values.append(code)
    if status == Message.DELIVERED:
        sets.append("delivered_at = %s")
        values.append(connection.ops.adapt_datetimefield_value(clock.now()))
    where, params = named(provider, sid, reference, from_number)
    statuses = ", ".join(["%s"] * len(among))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table()} SET {', '.join(sets)} WHERE {where} AND status IN ({statuses})",
                       values + params + list(among))
        return cursor.rowcount


def exists(provider, sid, reference, from_number=None):
    """Whether the callback names a text (sent from `from_number`, when given)."""
    where, params = named(provider, sid, reference, from_number)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table()} WHERE {where} LIMIT 1", params)
        return cursor.fetchone() is not None


def first(provider, sid, reference, from_number=None):
    """The first text the callback names (sent from `from_number`, when given), or None."""
    where, params = named(provider, sid, reference, from_number)
    return one(Message, f"SELECT * FROM {table()} WHERE {where} ORDER BY id LIMIT 1", params)
