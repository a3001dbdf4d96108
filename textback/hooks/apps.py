from django.apps import AppConfig


class HooksConfig(AppConfig):
    name = "textback.hooks"
    label = "hooks"
    verbose_name = "Outgoing webhooks"
