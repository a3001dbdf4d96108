from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "textback.core"
    label = "core"
    verbose_name = "textback"
