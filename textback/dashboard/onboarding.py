"""Getting started: sign up (when TEXTBACK_SIGNUP allows it), then a short wizard to a working
number: 1) the business, 2) its number, on the simulator or at Twilio or SignalWire, 3) a test call, watched
live, then the inbox. The checks are those of `textback business create` (core/businesses.py)."""

from django import forms
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from textback.assistant.trades import TRADES
from textback.core import businesses, phones, providers
from textback.core.models import Call, Membership, Message, PhoneNumber
from textback.dashboard.access import business_view
from textback.dashboard.configure import COMMON_ZONES
from textback.dashboard.signin import may_mail, signup_open
from textback.simulator import phone as simulator
from textback.simulator.views import DEFAULT_CALLER, page_url
from textback.twilio import wiring

PASSWORD_RULES = password_validation.get_password_validators([
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
])
STEPS = ["Business", "Number", "Test call"]


# -- sign-up -----------------------------------------------------------------------------------


class SignUpForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; a few words you will remember are best.",
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("email") and data.get("password"):
            user = get_user_model()(username=data["email"], email=data["email"])
            try:
                password_validation.validate_password(data["password"], user, PASSWORD_RULES)
            except forms.ValidationError as e:
                self.add_error("password", e)
        return data


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_up(request):
    """The first account of a fresh install is made and signed in at once (there is nobody to
    impersonate yet). Any later sign-up answers "check your email" whether or not the email has an
    account, so the page tells nobody who uses textback: a new email gets a link that activates the
    account, an existing one a note that someone tried (the account itself is untouched)."""
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    if not signup_open():
        return render(request, "dashboard/sign_up_closed.html", status=403)
    first = not get_user_model().objects.exists()
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        if not first:
            with transaction.atomic():
                allowed = may_mail(request, email)
                user = allowed and pending_account(email, password)
            if allowed:
                mail_sign_up(email, user)
            return redirect("dashboard:sign_up_sent")
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(username=email, email=email, password=password)
        except IntegrityError:  # the same email, a moment earlier
            form.add_error("email", "Someone created the first account a moment ago: sign in instead.")
        else:
            auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("dashboard:start")
    return render(request, "dashboard/sign_up.html", {"form": form, "first": first})


def pending_account(email, password):
    """The inactive account a sign-up link will activate, with this password: a new one, or one
    whose link was never followed (its password replaced, so the earlier link stops working: a
    stranger who signed up first with someone's email cannot end up sharing their account).
    None when an active account has the email."""
    user, _ = get_user_model().objects.select_for_update().get_or_create(
        username=email, defaults={"email": email, "is_active": False}
    )
    if user.is_active:
        return None
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def mail_sign_up(email, user):
    if user is None:
        template, link = "dashboard/sign_up_exists_email.txt", ""
    else:
        template = "dashboard/sign_up_email.txt"
        uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
        link = settings.PUBLIC_URL + reverse("dashboard:sign_up_confirm", args=[uid, token])
    context = {"email": email, "link": link, "public_url": settings.PUBLIC_URL}
    send_mail("Your textback account", render_to_string(template, context), None, [email])


@never_cache
def sign_up_sent(request):
    return render(request, "dashboard/sign_up_sent.html")


@never_cache
def sign_up_confirm(request, uidb64, token):
    """The link from the sign-up mail: activates the account and signs it in."""
    try:
        user = get_user_model().objects.get(pk=int(urlsafe_base64_decode(uidb64)), is_active=False)
    except (ValueError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "dashboard/sign_up_link_invalid.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("dashboard:start")


# -- step 1: the business ----------------------------------------------------------------------


class BusinessForm(forms.Form):
    name = forms.CharField(label="Business name", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    trade = forms.CharField(label="Trade", max_length=50, required=False, widget=forms.TextInput(attrs={"list": "trades"}),
                            help_text="Like plumbing, hvac, roofing.")
    owner_name = forms.CharField(label="Your first name", max_length=100, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
                                 help_text="Optional. Your texts can name you: {owner} in the text-back message (Settings).")
    owner_cell = forms.CharField(label="Your cell", max_length=30,
                                 widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                                 help_text="Like (312) 555-0199. Calls ring it first; lead summaries and urgent alerts go to it.")
    timezone = forms.CharField(label="Time zone", max_length=64, initial="America/Chicago",
                               widget=forms.TextInput(attrs={"list": "zones", "data-guess-zone": "1"}))
    hours = forms.CharField(label="Opening hours", max_length=300, required=False, initial="mon-fri 08:00-17:00",
                            help_text="Like: mon-fri 7am-12pm, 1pm-6pm; sat 8-12. Days not named are closed; "
                                      "empty: always closed (every caller gets the after-hours text).")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            name, cell, zone, week = businesses.check_business(
                name=data["name"], owner_cell=data["owner_cell"], timezone=data["timezone"].strip(), hours=data["hours"],
            )
        except businesses.Invalid as e:
            self.add_error(e.field, e.message[:1].upper() + e.message[1:])
            return data
        return {**data, "name": name, "owner_cell": cell, "timezone": zone}


def steps(current):
    return [{"number": i, "label": label, "current": i == current, "done": i < current} for i, label in enumerate(STEPS, 1)]


@login_required
def start(request):
    """Step 1, for a user without a business (or adding another one)."""
    form = BusinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                business = businesses.new_business(
                    name=data["name"], owner_cell=data["owner_cell"], owner_name=data["owner_name"],
                    timezone=data["timezone"], trade=data["trade"], hours=data["hours"],
                )
                Membership.objects.create(user=request.user, business=business)
        except businesses.Invalid as e:  # checked in the form already; kept for safety
            form.add_error(e.field, e.message)
        else:
            return redirect("dashboard:start_number", business_id=business.id)
    has_business = Membership.objects.filter(user=request.user).exists()
    return render(request, "dashboard/start_business.html", {
        "form": form, "steps": steps(1), "zones": COMMON_ZONES, "trades": TRADES, "has_business": has_business,
    })


# -- step 2: the number ------------------------------------------------------------------------


class TwilioNumberForm(forms.Form):
    provider = "twilio"
    number = forms.CharField(label="Your Twilio number", max_length=30, widget=forms.TextInput(attrs={"type": "tel"}),
                             help_text="The number you bought in the Twilio console, like +1 312 555 0100.")
    mode = forms.ChoiceField(label="How calls reach it", choices=PhoneNumber.MODES, initial=PhoneNumber.RING,
                             widget=forms.RadioSelect)
    account_sid = forms.CharField(label="Account SID", max_length=64, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    auth_token = forms.CharField(label="Auth token", max_length=64, required=False,
                                 widget=forms.PasswordInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, business, operator=False, **kwargs):
        # Each provider's form on the page has ids of its own (id_number, signalwire_number, ...).
        kwargs.setdefault("auto_id", "id_%s" if self.provider == "twilio" else f"{self.provider}_%s")
        super().__init__(*args, **kwargs)
        self.business, self.operator = business, operator

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        label = providers.get(self.provider).label
        try:
            number = businesses.checked("number", phones.e164, data["number"])
            if number == self.business.owner_cell:
                raise businesses.Invalid("number", f"That is your own cell. Enter the {label} number callers will reach.")
            data["number"] = businesses.check_number(number, owner_cell=self.business.owner_cell)
            account = businesses.check_account(self.provider, data["account_sid"], data["auth_token"],
                                               data.get("signing_key", ""), data.get("space_url", ""))
            data["account_sid"], data["auth_token"], data["signing_key"], data["space_url"] = account
            businesses.verify_number(self.provider, data["number"], data["account_sid"], data["auth_token"],
                                     operator=self.operator, space_url=data["space_url"])
        except businesses.Invalid as e:
            self.add_error(e.field, e.message[:1].upper() + e.message[1:])
        return data


class SignalWireNumberForm(TwilioNumberForm):
    provider = "signalwire"
    number = forms.CharField(label="Your SignalWire number", max_length=30, widget=forms.TextInput(attrs={"type": "tel"}),
                             help_text="The number you bought in your SignalWire space, like +1 312 555 0100.")
    space_url = forms.CharField(label="Space", max_length=100, required=False, help_text="like example.signalwire.com",
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    account_sid = forms.CharField(label="Project ID", max_length=64, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    auth_token = forms.CharField(label="API token", max_length=64, required=False,
                                 widget=forms.PasswordInput(attrs={"autocomplete": "off"}))
    signing_key = forms.CharField(label="Signing key", max_length=64, required=False,
                                  widget=forms.PasswordInput(attrs={"autocomplete": "off"}))


# The providers a real number can be connected on, as the wizard offers them (action -> form).
NUMBER_FORMS = {form.provider: form for form in (TwilioNumberForm, SignalWireNumberForm)}


def simulator_number(business):
    """A free number in the 555-0100 to 555-0199 range, which is reserved for fiction in North
    America: nobody real can own it. In the owner's area code when it can be."""
    area = business.owner_cell[2:5] if business.owner_cell.startswith("+1") else "312"
    for code in dict.fromkeys([area, "312", "773", "872", "630", "847"]):
        prefix = f"+1{code}55501"
        taken = set(PhoneNumber.objects.filter(number__startswith=prefix).values_list("number", flat=True))
        for n in range(100):
            candidate = f"{prefix}{n:02d}"
            if candidate not in taken and candidate not in (business.owner_cell, DEFAULT_CALLER):
                try:
                    return phones.e164(candidate)
                except ValueError:
                    break  # this area code has no valid 555 numbers: try the next
    raise businesses.Invalid("number", "no free simulator number left; delete an unused one in the admin")


@business_view
def start_number(request, business):
    """Step 2: a number on the simulator (one click), or a number at a provider (Twilio, SignalWire)."""
    action = request.POST.get("action", "")
    forms_shown = [make(request.POST if action == name else None, business=business, operator=request.user.is_staff)
                   for name, make in NUMBER_FORMS.items()]
    form = next((f for f in forms_shown if f.provider == action), None)
    error = ""
    if request.method == "POST" and action == "simulator":
        try:
            with transaction.atomic():
                businesses.add_number(business, simulator_number(business), provider=simulator.PROVIDER)
        except (businesses.Invalid, IntegrityError) as e:
            error = f"Could not make a simulator number: {getattr(e, 'message', 'try again')}."
        else:
            return redirect("dashboard:start_test", business_id=business.id)
    elif request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                businesses.add_number(business, data["number"], provider=form.provider, mode=data["mode"],
                                      account_sid=data["account_sid"], auth_token=data["auth_token"],
                                      signing_key=data["signing_key"], space_url=data["space_url"])
        except businesses.Invalid as e:
            form.add_error("number" if e.field not in form.fields else e.field, e.message)
        except IntegrityError:
            form.add_error("number", "That number was just added to a business.")
        else:
            return redirect("dashboard:start_test", business_id=business.id)
    return render(request, "dashboard/start_number.html", {
        "form": forms_shown[0], "signalwire_form": forms_shown[1], "error": error, "steps": steps(2), "section": "start",
        "numbers": [{"pretty": phones.pretty(n.number), "number": n} for n in business.numbers.order_by("id")],
        "webhooks": [(wire.label, wire.expected) for wire in wiring.wires()],
        "signalwire_webhooks": [(wire.label, wire.expected) for wire in wiring.wires(providers.get("signalwire"))],
        "owner_cell": phones.pretty(business.owner_cell),
    })


# -- step 3: a test call -----------------------------------------------------------------------


def call_check(business, number):
    """What became of the newest call to this number, in words, for the live check."""
    call = Call.objects.filter(business=business, phone_number=number).order_by("-started_at", "-id").first()
    if call is None:
        return {"state": "waiting", "title": f"Waiting for a call to {phones.pretty(number.number)}…", "detail": ""}
    caller = phones.pretty(call.caller) if call.caller else "a withheld number"
    title = f"A call from {caller} arrived."
    if call.outcome == Call.PENDING:
        return {"state": "ringing", "title": title, "detail": f"Ringing your cell ({phones.pretty(business.owner_cell)}). "
                "Let it ring out, or decline it, and the caller gets the text."}
    if call.outcome == Call.ANSWERED:
        return {"state": "answered", "title": title, "detail": "It was answered, so no text went out. Call again and let it ring out."}
    text = call.messages.filter(kind=Message.TEXTBACK).first()
    if call.textback == Call.TEXTED and text is not None:
        seconds = ""
        if call.missed_at and text.first_attempt_at:
            seconds = f" in {max(0.0, (text.first_attempt_at - call.missed_at).total_seconds()):.1f} s"
        if text.status in (Message.FAILED, Message.UNDELIVERED, Message.GIVEN_UP):
            return {"state": "failed", "title": title,
                    "detail": f"Missed, and the text-back failed: {text.error or text.get_status_display()}.", "text": text.body}
        if text.status in (Message.QUEUED, Message.SENDING):
            return {"state": "sending", "title": title, "detail": "Missed: sending the text-back…", "text": text.body}
        return {"state": "texted", "title": title, "detail": f"Missed, and texted back{seconds}. It works!", "text": text.body}
    if call.textback in (Call.SKIPPED, Call.JOINED):
        return {"state": "not_texted", "title": title, "detail": f"Missed, not texted back: {call.textback_reason}."}
    return {"state": "deciding", "title": title, "detail": "Missed: deciding on the text-back…"}


def newest_number(business):
    return business.numbers.order_by("-id").first()


@business_view
def start_test(request, business):
    """Step 3: call the number and watch what happens; then the inbox."""
    number = newest_number(business)
    if number is None:
        return redirect("dashboard:start_number", business_id=business.id)
    return render(request, "dashboard/start_test.html", {
        "steps": steps(3), "section": "start", "number": number, "pretty": phones.pretty(number.number),
        "digits": number.number.removeprefix("+1"), "owner_cell": phones.pretty(business.owner_cell),
        "check": call_check(business, number),
        "simulator_url": page_url(number.number, DEFAULT_CALLER) if number.provider == simulator.PROVIDER else "",
        "provider": (provider := wiring.provider_of(number)),
        "webhooks": [(wire.label, wire.expected) for wire in wiring.wires(provider)] if provider else [],
    })


@business_view
def start_check(request, business):
    number = newest_number(business)
    if number is None:
        return JsonResponse({"state": "no_number", "title": "No number yet.", "detail": "",
                             "next": reverse("dashboard:start_number", args=[business.id])})
    return JsonResponse(call_check(business, number))
