"""The providers' HTTP session reads the environment once per host, with requests' own rules: an
operator's egress proxy and NO_PROXY still apply to every request to the provider."""

from textback.core.providers import Session


def merged(session, url):
    return session.merge_environment_settings(url, {}, None, None, None)


def test_a_proxy_from_the_environment_is_used_and_no_proxy_is_honoured(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    session = Session()
    assert merged(session, "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json")["proxies"]["https"] == (
        "http://proxy.internal:3128")
    assert "https" not in merged(session, "https://127.0.0.1:8443/v2/messages")["proxies"]


def test_a_ca_bundle_from_the_environment_is_used(monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/egress-ca.pem")
    assert merged(Session(), "https://api.telnyx.com/v2/messages")["verify"] == "/etc/ssl/egress-ca.pem"


def test_the_environment_is_read_once_per_host_and_each_request_gets_its_own_copy(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    session = Session()
    first = merged(session, "https://api.twilio.com/one")
    first["proxies"]["https"] = "changed by one request"
    monkeypatch.setenv("HTTPS_PROXY", "http://another:3128")
    again = merged(session, "https://api.twilio.com/two")
    assert again["proxies"]["https"] == "http://proxy.internal:3128"
