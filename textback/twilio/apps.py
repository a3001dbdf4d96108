from django.apps import AppConfig


class TwilioConfig(AppConfig):
    name = "textback.twilio"
    label = "twilio_provider"
    verbose_name = "Twilio"
