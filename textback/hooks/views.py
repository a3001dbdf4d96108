"""Settings → Webhooks: a business's endpoints (add, choose events, remove), each one's delivery
log, "Send test event" and "Resend". Scoped to the signed-in user's business like every page."""

from django import forms
from django.contrib import messages as flash
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from textback.dashboard.access import business_view, row_id
from textback.hooks import endpoints, events
from textback.hooks.models import EVENTS, Delivery, Endpoint

LOG_ROWS = 20  # deliveries shown per endpoint, newest first


class EndpointForm(forms.Form):
    url = forms.CharField(
        label="Endpoint URL", max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off", "spellcheck": "false",
                                      "placeholder": "https://hooks.zapier.com/hooks/catch/…"}),
        help_text="Zapier, Make or n8n give you one (a \"Catch Hook\" / \"Custom webhook\" / \"Webhook\" trigger).",
    )
    events = forms.MultipleChoiceField(
        label="Send these events", choices=list(EVENTS.items()), initial=list(EVENTS),
        widget=forms.CheckboxSelectMultiple,
    )


class EventsForm(forms.Form):
    events = forms.MultipleChoiceField(choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple)


@business_view
def webhooks(request, business):
    form = EndpointForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            form = EndpointForm(request.POST)
            if form.is_valid() and (endpoint := add(form, business)):
                flash.success(request, f"Endpoint added: {endpoint.url}. Its signing secret is below.")
                return redirect("hooks:webhooks", business_id=business.id)
        else:
            act_on(request, business, action)
            return redirect("hooks:webhooks", business_id=business.id)
    rows = [{"endpoint": e, "log": e.deliveries.select_related("event").order_by("-created_at", "-id")[:LOG_ROWS]}
            for e in business.webhook_endpoints.order_by("id")]
    return render(request, "hooks/settings_webhooks.html", {
        "section": "settings", "tab": "webhooks", "form": form, "rows": rows, "event_names": EVENTS,
    })


def add(form, business):
    try:
        return endpoints.add(business, form.cleaned_data["url"], form.cleaned_data["events"])
    except endpoints.Invalid as e:
        form.add_error(e.field, e.message[:1].upper() + e.message[1:] + ".")
        return None


def act_on(request, business, action):
    """Remove, change events, test, resend: each on a row of this business only (404 otherwise)."""
    if action == "resend":
        sending = get_object_or_404(Delivery, id=row_id(request.POST.get("delivery")), endpoint__business=business)
        with transaction.atomic():
            events.resend(sending)
        flash.success(request, f"Sending {sending.event.type} again to {sending.endpoint.url}.")
        return
    endpoint = get_object_or_404(Endpoint, id=row_id(request.POST.get("endpoint")), business=business)
    if action == "remove":
        endpoint.delete()
        flash.success(request, f"Endpoint removed: {endpoint.url}. It gets nothing more.")
    elif action == "events":
        chosen = EventsForm(request.POST)
        if chosen.is_valid():
            endpoint.events = endpoints.chosen_events(chosen.cleaned_data["events"])
            endpoint.save(update_fields=["events"])
            flash.success(request, f"{endpoint.url} now gets: {', '.join(endpoint.events)}.")
        else:
            flash.error(request, "Choose at least one event (or remove the endpoint).")
    elif action == "test":
        with transaction.atomic():
            events.send_test(endpoint)
        flash.success(request, f"Test event on its way to {endpoint.url}: see the log below.")
