"""Settings of one business: profile, the assistant and the owner's alerts, hours, templates (with a live preview),
blocked numbers and known contacts (with a CSV import), phone numbers and their Twilio setup."""

import csv
import io
from datetime import date, time

from django import forms
from django.conf import settings
from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from textback.core import businesses, clock, hours, llm_health, phones, sms, textback_policy
from textback.core.models import Business, Contact, PhoneNumber
from textback.dashboard.access import business_view, row_id
from textback.twilio import wiring

COMMON_ZONES = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "Europe/London",
]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Business
        fields = ["name", "trade", "owner_name", "owner_cell", "ring_seconds", "cooldown_hours"]
        labels = {
            "name": "Business name", "trade": "Trade", "owner_name": "Owner's first name",
            "owner_cell": "Owner's cell (gets the lead summaries and urgent alerts)",
            "ring_seconds": "Ring the owner's cell for (seconds)", "cooldown_hours": "Do not text the same caller again for (hours)",
        }
        help_texts = {"owner_cell": "Like (312) 555-0199 or +13125550199."}

    def clean_owner_cell(self):
        try:
            return businesses.check_owner_cell(self.cleaned_data["owner_cell"])
        except businesses.Invalid as e:
            raise forms.ValidationError(e.message[:1].upper() + e.message[1:]) from None

    def clean_ring_seconds(self):
        value = self.cleaned_data["ring_seconds"]
        if not 5 <= value <= 60:
            raise forms.ValidationError("Between 5 and 60 seconds.")
        return value

    def clean_cooldown_hours(self):
        value = self.cleaned_data["cooldown_hours"]
        if not 1 <= value <= 720:
            raise forms.ValidationError("Between 1 and 720 hours.")
        return value


def minutes_or_off(value, low, high):
    """0 (off) or a number of minutes in [low, high]."""
    if value and not low <= value <= high:
        raise forms.ValidationError(f"0 to turn it off, or between {low} and {high} minutes ({high // 60} hours).")
    return value


class SaysOrNot(forms.NullBooleanSelect):
    """Yes / no / not set, where "not set" means the assistant leaves the answer to the owner."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "Don't say: I'll tell them myself"), ("true", "Yes"), ("false", "No")]


class AssistantForm(forms.ModelForm):
    """The assistant on or off and its questions; what it may tell callers; the owner's alerts;
    links in a first text; retention."""

    class Meta:
        model = Business
        fields = [
            "assistant_enabled", "assistant_asks_timeline", "assistant_asks_name", "follow_up_minutes",
            "licensed_insured", "free_estimates", "service_fee", "service_area",
            "owner_summaries", "quiet_summary_minutes", "allow_links_in_first_text", "retention_days",
        ]
        labels = {
            "assistant_enabled": "The assistant answers callers' texts and qualifies the lead",
            "assistant_asks_timeline": "Ask when they need it done",
            "assistant_asks_name": "Ask their name",
            "licensed_insured": "Licensed and insured",
            "free_estimates": "Free estimates",
            "service_fee": "Service call fee",
            "service_area": "Service area",
            "follow_up_minutes": "Follow up when the caller goes quiet, after (minutes)",
            "owner_summaries": "Text me a summary of each lead",
            "quiet_summary_minutes": "When the caller goes quiet before the lead is complete, text me what is known after (minutes)",
            "allow_links_in_first_text": "Allow links in the first text to a caller",
            "retention_days": "Keep texts, recordings and transcripts for (days)",
        }
        help_texts = {
            "assistant_enabled": "",
            "assistant_asks_timeline": "",
            "assistant_asks_name": "",
            "licensed_insured": "When a caller asks. Not set: the assistant says you will go over it with them.",
            "free_estimates": "",
            "service_fee": 'As you would say it, e.g. "$89, waived if you book the repair". Empty: you go over pricing.',
            "service_area": 'e.g. "Chicago and the north suburbs". Empty: you confirm the address is covered.',
            "follow_up_minutes": "One gentle reminder asking for what is still missing, sent in the caller's daytime. 0: never.",
            "owner_summaries": "Urgent alerts (gas, flooding, no heat...) are always texted to you, whatever this says.",
            "quiet_summary_minutes": "0: never. Only while summaries are on.",
            "allow_links_in_first_text": "Off by default: carriers often filter a first text that contains a link, "
                                        "so the caller never gets it. Links are taken out of the first text only.",
            "retention_days": "",
        }
        widgets = {
            f: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})
            for f in ("follow_up_minutes", "quiet_summary_minutes", "retention_days")
        } | {"licensed_insured": SaysOrNot, "free_estimates": SaysOrNot}

    def clean_follow_up_minutes(self):
        return minutes_or_off(self.cleaned_data["follow_up_minutes"], 10, 2880)

    def clean_quiet_summary_minutes(self):
        return minutes_or_off(self.cleaned_data["quiet_summary_minutes"], 5, 1440)

    def clean_retention_days(self):
        value = self.cleaned_data["retention_days"]
        if value and not 7 <= value <= 3650:
            raise forms.ValidationError("Empty for the server's default, 0 to keep everything, or between 7 and 3650 days.")
        return value


DAY_NAMES = dict(zip(hours.DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))
MIDNIGHT = time(0, 0)
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")  # the phone's own time picker


class HoursForm(forms.Form):
    """The week as a grid a contractor can set from a phone: each day open or closed, with one or
    two periods (a lunch break). A period that ends before it starts runs past midnight; one that
    ends at 00:00 ends at midnight."""

    timezone = forms.CharField(label="Time zone", max_length=64, widget=forms.TextInput(attrs={"list": "zones"}))
    holidays = forms.CharField(
        label="Holidays (closed all day)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One date a line, like 2026-12-25.",
    )

    def __init__(self, *args, week=None, **kwargs):
        super().__init__(*args, **kwargs)
        week = week or {}
        for day in hours.DAYS:
            periods = week.get(day, [])
            self.fields[f"{day}_open"] = forms.BooleanField(label=DAY_NAMES[day], required=False, initial=bool(periods))
            for n, name in enumerate(("", "2")):
                start, end = periods[n] if n < len(periods) else ("", "")
                what = "opens" if not name else "opens again"
                self.fields[f"{day}_from{name}"] = forms.TimeField(
                    label=f"{DAY_NAMES[day]} {what}", required=False, initial=start or None, widget=TIME_INPUT,
                )
                self.fields[f"{day}_to{name}"] = forms.TimeField(
                    label=f"{DAY_NAMES[day]} closes", required=False, initial="00:00" if end == "24:00" else end or None,
                    widget=TIME_INPUT,
                )
        # Days set with more than two periods (from the command line): the grid shows two.
        self.more_periods = [DAY_NAMES[day] for day in hours.DAYS if len(week.get(day, [])) > 2]

    def days(self):
        """Per day, for the template: its name, the open box, and the two periods' fields."""
        return [
            {"name": DAY_NAMES[day], "open": self[f"{day}_open"],
             "periods": [(self[f"{day}_from{n}"], self[f"{day}_to{n}"]) for n in ("", "2")]}
            for day in hours.DAYS
        ]

    def clean(self):
        data = super().clean()
        week = {}
        for day in hours.DAYS:
            if not data.get(f"{day}_open"):
                continue  # closed: any times left in the boxes are ignored
            periods = []
            for n in ("", "2"):
                start, end = data.get(f"{day}_from{n}"), data.get(f"{day}_to{n}")
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(f"{day}_from{n}", f"{DAY_NAMES[day]}: give the time it opens and the time it closes.")
                elif start == end and end != MIDNIGHT:
                    self.add_error(f"{day}_from{n}", f"{DAY_NAMES[day]}: it opens and closes at the same time.")
                else:
                    periods.append([start.strftime("%H:%M"), "24:00" if end == MIDNIGHT else end.strftime("%H:%M")])
            if not periods and not self.has_error(f"{day}_from") and not self.has_error(f"{day}_from2"):
                self.add_error(f"{day}_open", f"{DAY_NAMES[day]}: give its hours, or untick it to close it all day.")
            week[day] = sorted(periods)
        data["week"] = week
        return data

    def clean_timezone(self):
        name = self.cleaned_data["timezone"].strip()
        try:
            hours.zone(name)
        except hours.HoursError as e:
            raise forms.ValidationError(str(e)) from None
        return name

    def clean_holidays(self):
        days = []
        for line in self.cleaned_data["holidays"].replace(",", "\n").splitlines():
            if line.strip():
                try:
                    days.append(date.fromisoformat(line.strip()).isoformat())
                except ValueError:
                    raise forms.ValidationError(f"{line.strip()!r} is not a date like 2026-12-25") from None
        return sorted(set(days))


class TemplatesForm(forms.ModelForm):
    class Meta:
        model = Business
        fields = ["template_in_hours", "template_after_hours"]
        labels = {"template_in_hours": "During opening hours", "template_after_hours": "After hours and on holidays"}
        widgets = {f: forms.Textarea(attrs={"rows": 4, "data-preview": f}) for f in fields}
        help_texts = {f: "" for f in fields}

    def clean(self):
        data = super().clean()
        for field in self._meta.fields:
            try:
                textback_policy.render(data.get(field) or "", self.instance)
            except textback_policy.TemplateError as e:
                self.add_error(field, str(e))
        return data


def settings_page(request, business, template, context):
    return render(request, f"dashboard/{template}", {"section": "settings", **context})


@business_view
def profile(request, business):
    form = ProfileForm(request.POST or None, instance=business)
    if request.method == "POST" and form.is_valid():
        form.save()
        flash.success(request, "Saved.")
        return redirect("dashboard:settings", business_id=business.id)
    return settings_page(request, business, "settings_profile.html", {"form": form, "tab": "profile"})


def default_retention():
    days = settings.RETENTION_DAYS
    return f"{days} days" if days else "keep everything"


@business_view
def assistant(request, business):
    form = AssistantForm(request.POST or None, instance=business)
    form.fields["retention_days"].help_text = (
        f"Empty: the server's default ({default_retention()}). 0: keep everything. Older texts, voicemail "
        "recordings and transcripts are blanked by the textback purge command, which your server should run "
        "once a day; the leads and the stats stay."
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        flash.success(request, "Saved.")
        return redirect("dashboard:settings_assistant", business_id=business.id)
    trial = llm_health.latest_trial() if llm_health.configured() else None
    found = llm_health.summary() if trial and trial.approved else None
    return settings_page(request, business, "settings_assistant.html", {
        "form": form, "tab": "assistant", "owner_cell": phones.pretty(business.owner_cell),
        "model_health": llm_health.in_words(found) if found else "", "model_failing": found and llm_health.failing(found),
        "model_off": llm_health.configured() and not (trial and trial.approved),
    })


@business_view
def business_hours(request, business):
    initial = {"timezone": business.timezone, "holidays": "\n".join(business.holidays)}
    form = HoursForm(request.POST or None, initial=initial, week=business.hours)
    if request.method == "POST" and form.is_valid():
        business.timezone = form.cleaned_data["timezone"]
        business.hours, business.holidays = form.cleaned_data["week"], form.cleaned_data["holidays"]
        business.save(update_fields=["timezone", "hours", "holidays"])
        flash.success(request, f"Saved: {hours.describe(business.hours)}.")
        return redirect("dashboard:settings_hours", business_id=business.id)
    try:
        open_now = business.is_open(clock.now())
    except hours.HoursError:
        open_now = None
    return settings_page(request, business, "settings_hours.html", {
        "form": form, "tab": "hours", "zones": COMMON_ZONES, "described": hours.describe(business.hours),
        "open_now": open_now,
    })


def preview(business, template, after_hours):
    """What a new caller would receive with this template, and what it costs."""
    default = textback_policy.DEFAULT_AFTER_HOURS if after_hours else textback_policy.DEFAULT_IN_HOURS
    try:
        text = textback_policy.render(template.strip() or default, business)
    except textback_policy.TemplateError as e:
        return {"error": str(e), "text": "", "segments": 0, "encoding": "", "ucs2": [], "length": 0, "dropped": ""}
    if "stop" not in text.lower():
        text = f"{text} {textback_policy.OPT_OUT_LINE}"
    text, dropped = sms.clean(text), ""
    if not business.allow_links_in_first_text:
        stripped = sms.strip_links(text)  # as the outbox sends a first text (see outbox.queue)
        if stripped != text:
            dropped = ("Links are left out of first texts: carriers filter first texts with a link. "
                       "Allow them under Settings → Assistant & alerts (“Allow links in the first text to a caller”).")
        text = stripped
    ucs2 = sorted({c for c in text if sms.encoding(c) == "UCS-2"})
    return {
        "error": "", "text": text, "segments": sms.segments(text), "encoding": sms.encoding(text),
        "ucs2": ucs2, "length": len(text), "dropped": dropped,
    }


@business_view
def templates(request, business):
    form = TemplatesForm(request.POST or None, instance=business)
    if request.method == "POST" and form.is_valid():
        form.save()
        flash.success(request, "Saved. The next missed call gets the new text.")
        return redirect("dashboard:settings_templates", business_id=business.id)
    source = form.data if form.is_bound else {f: getattr(business, f) for f in TemplatesForm.Meta.fields}
    return settings_page(request, business, "settings_templates.html", {
        "form": form, "tab": "templates", "variables": textback_policy.VARIABLES,
        "fields": [
            (form["template_in_hours"], preview(business, source.get("template_in_hours", ""), after_hours=False)),
            (form["template_after_hours"], preview(business, source.get("template_after_hours", ""), after_hours=True)),
        ],
    })


@require_POST
@business_view
def template_preview(request, business):
    which = request.POST.get("field", "template_in_hours")
    return JsonResponse(preview(business, request.POST.get("template", "")[:2000], after_hours=which == "template_after_hours"))


class ContactForm(forms.Form):
    number = forms.CharField(label="Phone number", max_length=30)
    name = forms.CharField(label="Name", max_length=100, required=False)
    blocked = forms.BooleanField(label="Blocked: never text this number", required=False)

    def clean_number(self):
        try:
            return phones.e164(self.cleaned_data["number"])
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None


@business_view
def contacts(request, business):
    form = ContactForm(request.POST if request.POST.get("action") == "save" else None)
    if request.method == "POST":
        if request.POST.get("action") == "unblock":
            Contact.objects.filter(business=business, id=row_id(request.POST.get("contact"))).update(blocked=False)
            flash.success(request, "Unblocked.")
            return redirect("dashboard:settings_contacts", business_id=business.id)
        if form.is_valid():
            data = form.cleaned_data
            Contact.objects.update_or_create(
                business=business, number=data["number"], defaults={"name": data["name"], "blocked": data["blocked"]}
            )
            flash.success(request, f"Saved {phones.pretty(data['number'])}.")
            return redirect("dashboard:settings_contacts", business_id=business.id)
    listed = business.contacts.filter(Q(blocked=True) | ~Q(name="")).order_by("-blocked", "name", "number")
    page = Paginator(listed, 100).get_page(request.GET.get("page"))
    rows = [{"contact": c, "number": phones.pretty(c.number)} for c in page.object_list]
    return settings_page(request, business, "settings_contacts.html", {"form": form, "tab": "contacts", "page": page, "rows": rows})


MAX_IMPORT_BYTES = 1_000_000


@require_POST
@business_view
def contacts_import(request, business):
    """CSV with a number and a name a line (and optionally "blocked"); a header row is skipped."""
    upload = request.FILES.get("file")
    back = redirect("dashboard:settings_contacts", business_id=business.id)
    if upload is None or upload.size > MAX_IMPORT_BYTES:
        flash.error(request, "Choose a CSV file under 1 MB.")
        return back
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        flash.error(request, "That file is not UTF-8 text. Save it as CSV (UTF-8) and try again.")
        return back
    try:
        saved, problems = import_contacts(business, text)
    except csv.Error as e:  # a field over csv's 128 KiB limit, a NUL: nothing of the file is kept
        flash.error(request, f"That file cannot be read as CSV ({e}). Nothing was imported.")
        return back
    if saved:
        flash.success(request, f"Imported {saved} contact{'s' if saved != 1 else ''}.")
    for problem in problems[:5]:
        flash.error(request, problem)
    if len(problems) > 5:
        flash.error(request, f"… and {len(problems) - 5} more lines that were not phone numbers.")
    if not saved and not problems:
        flash.error(request, "No contacts found in that file.")
    return back


def import_contacts(business, text):
    """Save the file's contacts in one transaction: (how many, the lines that were not numbers)."""
    saved, problems = 0, []
    reader = csv.reader(io.StringIO(text))
    with transaction.atomic():
        for line_no, cells in enumerate(lines_of(reader), start=1):
            cells = [c.strip() for c in cells]
            if not cells or not any(cells):
                continue
            try:
                number = phones.e164(cells[0])
            except ValueError:
                if line_no > 1:  # the first line may be a header
                    problems.append(f"line {line_no}: {cells[0][:30]!r} is not a phone number")
                continue
            name = cells[1][:100] if len(cells) > 1 else ""
            blocked = len(cells) > 2 and cells[2].lower() in ("1", "yes", "true", "blocked", "y", "x")
            defaults = {"blocked": blocked} | ({"name": name} if name else {})
            Contact.objects.update_or_create(business=business, number=number, defaults=defaults)
            saved += 1
    return saved, problems


def lines_of(reader):
    """The rows of a csv reader; its errors name the line."""
    try:
        yield from reader
    except csv.Error as e:
        raise csv.Error(f"line {reader.line_num}: {e}") from None


@business_view
def numbers(request, business):
    if request.method == "POST":
        number = get_object_or_404(PhoneNumber, id=row_id(request.POST.get("number")), business=business)
        if request.POST.get("action") == "connect" and (provider := wiring.provider_of(number)):
            connect_at_provider(request, number, provider)
            return redirect("dashboard:settings_numbers", business_id=business.id)
        mode = request.POST.get("mode")
        if mode in dict(PhoneNumber.MODES):
            number.mode = mode
            number.save(update_fields=["mode"])
            flash.success(request, f"{phones.pretty(number.number)}: {number.get_mode_display().lower()}.")
        return redirect("dashboard:settings_numbers", business_id=business.id)
    rows = [
        {"number": n, "pretty": phones.pretty(n.number), "digits": n.number.removeprefix("+1"),
         "provider": (provider := wiring.provider_of(n)),
         "webhooks": [(wire.label, wire.expected) for wire in wiring.wires(provider)] if provider else []}
        for n in business.numbers.order_by("id")
    ]
    return settings_page(request, business, "settings_numbers.html", {
        "tab": "numbers", "rows": rows, "modes": PhoneNumber.MODES,
        "owner_cell": phones.pretty(business.owner_cell),
    })


def connect_at_provider(request, number, provider):
    """The Connect button: the number's webhooks pointed here through its provider's
    IncomingPhoneNumbers API (Twilio's, and SignalWire's Compatibility API: twilio/wiring.py)."""
    report = wiring.connect(number, provider)
    if report.ok:
        flash.success(request, f"{phones.pretty(number.number)} is connected: its calls and texts come to textback.")
    else:
        flash.error(request, f"{phones.pretty(number.number)} is not connected yet: " + "; ".join(report.lines) + ".")
