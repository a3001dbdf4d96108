"""A local stand-in for SignalWire's Compatibility REST API, over real HTTP. It is Twilio's API
under /api/laml (developer.signalwire.com/compatibility-api/rest): basic auth with the project
ID and API token, form-encoded requests, 201 with the message JSON, errors as {"code", "message",
"more_info", "status"}; ids are UUIDs. Scripted like the Twilio fake (tests/fakes/twilio_api.py):

    api = FakeSignalWireAPI(project_id, api_token).start()
    api.fail_next(400, code=21610)           # "Attempt to send to unsubscribed recipient"
    POST /api/laml/2010-04-01/Accounts/{project}/Messages.json
    GET  /api/laml/2010-04-01/Accounts/{project}/Messages.json?To=&From=&DateSent>=YYYY-MM-DD
"""

import uuid

from tests.fakes.twilio_api import ERROR_MESSAGES, FakeTwilioAPI

ERROR_MESSAGES.update({
    21611: "This 'From' number has exceeded the maximum number of queued messages",
    21217: "A call or SMS is placed to a destination which does not represent a valid phone number",
    30022: "Campaign Registry Throughput Limit Exceeded",
})


class FakeSignalWireAPI(FakeTwilioAPI):
    root = "/api/laml"
    errors_url = "https://developer.signalwire.com/rest/compatibility-api/overview/error-codes#"

    def new_sid(self):
        return str(uuid.uuid4())
