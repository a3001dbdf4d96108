from django.apps import AppConfig


class TelnyxConfig(AppConfig):
    name = "textback.telnyx"
    label = "telnyx_provider"
    verbose_name = "Telnyx"
