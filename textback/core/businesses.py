"""Creating a business and its phone numbers, with one set of checks for every way in: the
`textback business create` command and the dashboard's onboarding wizard.

Each check raises Invalid naming the field it is about (the command shows it as its option,
--owner-cell; the wizard puts it next to the form field)."""

import re

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from textback import settings

from textback.core import hours as opening_hours
from textback.core import phones
from textback.core.models import Business, PhoneNumber
from textback.core import providers
from textback.core.providers import TransientError

ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
AUTH_TOKEN = re.compile(r"^[0-9a-fA-F]{32}$")
PROJECT_ID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


class Invalid(ValueError):
    """A value that cannot be used; `field` names it (name, number, owner_cell, hours, timezone, ...)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def checked(field, parse, value):
    try:
        return parse(value)
    except ValueError as e:  # HoursError is a ValueError too
        raise Invalid(field, str(e)) from None


def check_business(*, name, owner_cell, timezone="America/Chicago", hours=""):
    """The business's own fields, cleaned: (name, owner_cell as E.164, timezone, the week's hours)."""
    week = checked("hours", opening_hours.parse, hours)
    checked("timezone", opening_hours.zone, timezone)
    owner_cell = check_owner_cell(owner_cell)
    if not name.strip():
        raise Invalid("name", "must not be empty")
    return name.strip(), owner_cell, timezone, week


def check_owner_cell(owner_cell):
    """The owner's cell as E.164: a phone, never a textback number (this business's or another's):
    alerts sent to it would come back in as texts from a lead, and it would text itself."""
    owner_cell = checked("owner_cell", phones.e164, owner_cell)
    if PhoneNumber.objects.filter(number=owner_cell).exists():
        raise Invalid("owner_cell", "must be the owner's own phone, not a textback number")
    return owner_cell


def check_number(number, *, owner_cell):
    """A business's textback number, as E.164: valid, not the owner's cell, not taken by any business."""
    number = checked("number", phones.e164, number)
    if owner_cell == number:
        raise Invalid("owner_cell", "must be the owner's own phone, not the business's textback number")
    if PhoneNumber.objects.filter(number=number).exists():
        raise Invalid("number", f"{number} already belongs to a business")
    return number


def check_account(provider, account_sid, auth_token, signing_key="", space_url=""):
    """A number's own account at its provider (a Twilio subaccount, a SignalWire project), in the
    provider's formats: all of it or none (the install's default account). Cleaned, as
    (account_sid, auth_token, signing_key, space_url)."""
    account_sid, auth_token = (account_sid or "").strip(), (auth_token or "").strip()
    signing_key, space_url = (signing_key or "").strip(), (space_url or "").strip()
    if provider == "signalwire":
        return check_signalwire_project(account_sid, auth_token, signing_key, space_url)
    if account_sid and not ACCOUNT_SID.match(account_sid):
        raise Invalid("account_sid", "an account SID is AC followed by 32 letters and digits (0-9, a-f)")
    if auth_token and not AUTH_TOKEN.match(auth_token):
        raise Invalid("auth_token", "an auth token is 32 letters and digits (0-9, a-f)")
    if bool(account_sid) != bool(auth_token):
        raise Invalid("auth_token" if account_sid else "account_sid", "give both the account SID and its auth token, or neither")
    return account_sid, auth_token, "", ""


def check_signalwire_project(project_id, api_token, signing_key, space_url):
    if project_id and not PROJECT_ID.match(project_id):
        raise Invalid("account_sid", "a project ID looks like 4f8e2a61-7c3d-4b9e-a5f0-1d2c3b4a5e6f (API page of the space)")
    given = {"account_sid": project_id, "auth_token": api_token, "signing_key": signing_key, "space_url": space_url}
    if any(given.values()) and not all(given.values()):
        missing = next(field for field, value in given.items() if not value)
        raise Invalid(missing, "give the space, project ID, API token and signing key, or none of them")
    if len(api_token) > 64 or len(signing_key) > 64:
        raise Invalid("auth_token" if len(api_token) > 64 else "signing_key", "is longer than SignalWire's keys")
    try:
        space_url = settings.space_url("space_url", space_url)
    except ImproperlyConfigured:
        raise Invalid("space_url", "a SignalWire space looks like example.signalwire.com") from None
    return project_id, api_token, signing_key, space_url


def verify_number(provider, number, account_sid, auth_token, *, operator, space_url=""):
    """A number as someone enters it in the dashboard, asked of its provider before anything is
    saved: the credentials work and their account owns the number. Without credentials the number
    is on this install's default account, which only an operator (a staff user; or the `textback
    business` command, which does not come here) may hand to a business: otherwise any tenant
    could claim a number of the operator's account, and its calls and texts."""
    carrier = providers.get(provider)
    if not account_sid:
        if not operator:
            raise Invalid("account_sid", f"Enter {carrier.credential_names} of your {carrier.label} account, the one this "
                                         "number is in.")
        account_sid, auth_token = carrier.account(None)
        if not (account_sid and auth_token):
            raise Invalid("account_sid", f"This textback has no default {carrier.label} account: enter the credentials "
                                         "of this number's account.")
    try:
        problem = carrier.verify_number(number, account_sid, auth_token, space_url)
    except TransientError:
        raise Invalid("number", f"Could not reach {carrier.label} to check this number and its account, so nothing "
                                "was saved. Try again in a minute.") from None
    if problem:
        raise Invalid(*problem)


def new_business(*, name, owner_cell, owner_name="", timezone="America/Chicago", trade="", hours=""):
    name, owner_cell, timezone, week = check_business(name=name, owner_cell=owner_cell, timezone=timezone, hours=hours)
    return Business.objects.create(
        name=name, owner_cell=owner_cell, owner_name=owner_name.strip(), timezone=timezone, trade=trade.strip(), hours=week
    )


def add_number(business, number, *, provider="twilio", mode=PhoneNumber.RING, account_sid="", auth_token="",
               signing_key="", space_url=""):
    if provider not in providers.names():
        raise Invalid("provider", f"{provider!r} is not a provider (use {' or '.join(providers.names())})")
    if mode not in dict(PhoneNumber.MODES):
        raise Invalid("mode", f"{mode!r} is not a mode (use ring or forwarded)")
    number = check_number(number, owner_cell=business.owner_cell)
    account_sid, auth_token, signing_key, space_url = check_account(provider, account_sid, auth_token, signing_key, space_url)
    return PhoneNumber.objects.create(
        business=business, number=number, provider=provider, mode=mode, account_sid=account_sid, auth_token=auth_token,
        signing_key=signing_key, space_url=space_url,
    )


def create(*, name, number, owner_cell, owner_name="", timezone="America/Chicago", trade="", hours="",
           provider="twilio", mode=PhoneNumber.RING):
    """A business with one phone number, everything checked before anything is saved."""
    _, cell, _, _ = check_business(name=name, owner_cell=owner_cell, timezone=timezone, hours=hours)
    # Checked first (before the transaction) so that a bad number leaves nothing behind.
    check_number(number, owner_cell=cell)
    with transaction.atomic():
        business = new_business(name=name, owner_cell=owner_cell, owner_name=owner_name, timezone=timezone,
                                trade=trade, hours=hours)
        add_number(business, number, provider=provider, mode=mode)
    return business
