from django.urls import path

from textback.telnyx import webhooks

urlpatterns = [
    path("voice", webhooks.voice),
    path("voice/dial", webhooks.dial),
    path("voice/status", webhooks.voice_status),
    path("voice/screen", webhooks.screen),
    path("voice/screen/result", webhooks.screen_result),
    path("voice/voicemail", webhooks.voicemail_done),
    path("voice/recording", webhooks.recording),
    path("voice/transcription", webhooks.transcription),
    path("sms", webhooks.messaging),
    path("sms/status", webhooks.messaging),
]
