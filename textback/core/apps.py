from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "textback.core"
    label = "core"
    verbose_name = "textback"

    def ready(self):
        from textback.core import lookups

        post_migrate.connect(lookups.ensure_triggers, sender=self, dispatch_uid="core.lookups.triggers")
