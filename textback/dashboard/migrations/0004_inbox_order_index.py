# The inbox is ordered by what needs the owner now (views.priority_sql), then by time. On
# PostgreSQL this index, on exactly that expression, hands a business's conversations over in
# that order: the first page is read, not sorted out of 100,000. The expression is copied here
# as it was when the index was made (a test checks the view still writes the same).

from django.db import migrations

PRIORITY = (
    "(CASE WHEN core_conversation.outcome = '' AND core_conversation.owner_took_over_at IS NULL"
    " AND core_conversation.status = 'open'"
    " AND COALESCE((core_conversation.lead ->> 'status'), '') NOT IN"
    " ('wrong_number', 'solicitor', 'opted_out', 'not_interested')"
    " THEN (CASE WHEN (core_conversation.lead ->> 'urgency') = 'emergency' THEN 0"
    " WHEN (core_conversation.lead ->> 'status') = 'qualified' THEN 1 ELSE 2 END) ELSE 2 END)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS dashboard_inbox_order ON core_conversation "
            f"(business_id, ({PRIORITY.replace('core_conversation.', '')}), last_message_at DESC, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dashboard_inbox_order")


class Migration(migrations.Migration):

    dependencies = [("dashboard", "0003_search_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
