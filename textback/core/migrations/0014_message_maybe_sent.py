"""Message.maybe_sent: "the last request may have reached the provider" in a field of its own,
no longer the error_code "maybe-sent". The texts already marked that way are carried over, and
the delivery jobs already queued follow `deliver` from core/outbox.py to core/delivery.py."""

from django.db import migrations, models

OLD_TASK, NEW_TASK = "textback.core.outbox.deliver", "textback.core.delivery.deliver"


def forwards(apps, schema_editor):
    Message = apps.get_model("core", "Message")
    Message.objects.filter(error_code="maybe-sent").update(maybe_sent=True, error_code="")
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=OLD_TASK).update(task_path=NEW_TASK)


def backwards(apps, schema_editor):
    Message = apps.get_model("core", "Message")
    Message.objects.filter(maybe_sent=True, status="queued").update(error_code="maybe-sent")
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=NEW_TASK).update(task_path=OLD_TASK)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0013_business_facts"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AddField(model_name="message", name="maybe_sent", field=models.BooleanField(default=False)),
        migrations.RunPython(forwards, backwards),
    ]
