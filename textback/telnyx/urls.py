from textback.telnyx import webhooks as texts
from textback.telnyx.transport import provider
from textback.twilio import webhooks

# TeXML's calls on the shared views; the Messaging API's events (a received text at the messaging
# profile's URL, a status at each sent text's webhook_url) on one view, as Telnyx may send either to either.
urlpatterns = webhooks.urlpatterns(provider, webhooks.CALLS + [("sms", texts.messaging), ("sms/status", texts.messaging)])
