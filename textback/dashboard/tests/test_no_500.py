"""No dashboard URL answers 500, whatever a signed-in user puts in its form fields and query string
(as the webhooks' test_malformed_input.py does for Twilio). Every URL pattern of the dashboard is
walked, its path filled with the user's own ids, and GET and POST get arbitrary parameters: the
names the dashboard's forms and views read, and any others."""

import inspect
import string

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from textback.dashboard import configure, onboarding, signin, stats, views

NAMESPACE = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "dashboard")
URL_NAMES = sorted(p.name for p in NAMESPACE.url_patterns)
FORM_FIELDS = sorted({
    name for module in (configure, onboarding, signin, stats, views)
    for _, form in inspect.getmembers(module, inspect.isclass) if issubclass(form, forms.BaseForm)
    for name in form.base_fields
})
READ_BY_VIEWS = ["action", "blocked", "body", "contact", "days", "email", "field", "mode", "next", "number",
                 "outcome", "page", "show", "template", "username", "since", "until", "status", "urgency",
                 "mon_start_0", "mon_end_0", "sat_start_1"]
NASTY = ["", "0", "-1", "abc", "9" * 30, "9999-12-31", "0001-01-01", "+13125550101", "on", "\x00", "%", "1e309",
         "NaN", "<script>", "' OR 1=1 --", "\u202e", "24:00", "mon-sun 00:00-24:00", "=1+1",
         "unblock", "save", "booked", "forwarded"]  # and the words that take a form down another path

nasty = st.sampled_from(NASTY)
values = st.one_of(nasty, nasty, nasty, st.text(max_size=40), st.integers().map(str), st.dates().map(str))
# Any of the names the dashboard reads, each there or not, and a few others.
params = st.builds(
    lambda known, other: {**other, **known},
    st.fixed_dictionaries({}, optional={name: values for name in FORM_FIELDS + READ_BY_VIEWS}),
    st.dictionaries(st.text(min_size=1, max_size=12), values, max_size=3),
)
path_text = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=40)


def path_of(name, ids, draw):
    pattern = next(p for p in NAMESPACE.url_patterns if p.name == name)
    kwargs = {key: ids.get(key) or draw(path_text) for key in pattern.pattern.converters}
    return reverse(f"dashboard:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", URL_NAMES)
@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), method=st.sampled_from(["get", "post"]), query=params, form=params,
       upload=st.none() | st.binary(max_size=300))
def test_no_dashboard_url_answers_500_to_any_form_or_query(client, carlos, reyes, jen, name, data, method, query,
                                                          form, upload):
    client.force_login(carlos)
    ids = {"business_id": reyes.id, "conversation_id": jen.id, "call_id": jen.calls.get().id}
    path = path_of(name, ids, data.draw)
    if upload is not None:
        form["file"] = SimpleUploadedFile("contacts.csv", upload)
    if method == "get":
        response = client.get(path, {**query, **{k: v for k, v in form.items() if k != "file"}})
    else:
        response = client.post(path + "?" + "&".join(f"{k}={v}" for k, v in query.items()), form)
    assert response.status_code < 500, (method, path, query, form)
