from textback.twilio import webhooks
from textback.twilio.transport import provider

urlpatterns = webhooks.urlpatterns(provider)
