from textback.signalwire.transport import provider
from textback.twilio import webhooks

urlpatterns = webhooks.urlpatterns(provider)
