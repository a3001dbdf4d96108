"""Creating a business and its phone numbers, with one set of checks for every way in: the
`textback business create` command and the dashboard's onboarding wizard.

Each check raises Invalid naming the field it is about (the command shows it as its option,
--owner-cell; the wizard puts it next to the form field)."""

import re

from django.conf import settings
from django.db import transaction

from textback.core import hours as opening_hours
from textback.core import phones
from textback.core.models import Business, PhoneNumber
from textback.core.providers import TransientError, transport

PROVIDERS = ("twilio", "telnyx", "simulator")
ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
AUTH_TOKEN = re.compile(r"^[0-9a-fA-F]{32}$")


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


def check_twilio_account(account_sid, auth_token):
    """A subaccount's SID and token for one number: both or neither, in Twilio's formats."""
    account_sid, auth_token = (account_sid or "").strip(), (auth_token or "").strip()
    if account_sid and not ACCOUNT_SID.match(account_sid):
        raise Invalid("account_sid", "an account SID is AC followed by 32 letters and digits (0-9, a-f)")
    if auth_token and not AUTH_TOKEN.match(auth_token):
        raise Invalid("auth_token", "an auth token is 32 letters and digits (0-9, a-f)")
    if bool(account_sid) != bool(auth_token):
        raise Invalid("auth_token" if account_sid else "account_sid", "give both the account SID and its auth token, or neither")
    return account_sid, auth_token


def check_telnyx_account(public_key, api_key):
    """A number's own Telnyx account (PhoneNumber.account_sid holds its public key, auth_token its API
    key): both or neither, the public key an Ed25519 key in base64 as Mission Control shows it."""
    from textback.telnyx.signature import public_key as ed25519_key

    public_key, api_key = (public_key or "").strip(), (api_key or "").strip()
    if public_key and ed25519_key(public_key) is None:
        raise Invalid("account_sid", "the public key is 44 characters of base64 (Keys & Credentials, Public Key)")
    if bool(public_key) != bool(api_key):
        raise Invalid("auth_token" if public_key else "account_sid", "give both the public key and the API key, or neither")
    return public_key, api_key


def verify_twilio_number(number, account_sid, auth_token, *, operator):
    """A Twilio number as someone enters it in the dashboard, asked of Twilio before anything is
    saved: the credentials work and their account owns the number. Without credentials the number
    is on this install's default account, which only an operator (a staff user; or the `textback
    business` command, which does not come here) may hand to a business: otherwise any tenant
    could claim a number of the operator's account, and its calls and texts."""
    if not account_sid:
        if not operator:
            raise Invalid("account_sid", "Enter the Account SID and auth token of your Twilio account, the one this "
                                         "number is in (Twilio console, Account info).")
        if not (settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN):
            raise Invalid("account_sid", "This textback has no default Twilio account (TWILIO_ACCOUNT_SID and "
                                         "TWILIO_AUTH_TOKEN are not set): enter the account SID and auth token of this number.")
        account_sid, auth_token = settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN
    try:
        problem = transport("twilio").verify_number(number, account_sid, auth_token)
    except TransientError:
        raise Invalid("number", "Could not reach Twilio to check this number and its account, so nothing was saved. "
                                "Try again in a minute.") from None
    if problem:
        raise Invalid(*problem)


def verify_telnyx_number(number, public_key, api_key, *, operator):
    """A Telnyx number as someone enters it in the dashboard, asked of Telnyx before anything is
    saved: the API key's account owns the number. Without credentials the number is on the
    default account, which only an operator may hand to a business (as for Twilio)."""
    if not api_key:
        if not operator:
            raise Invalid("account_sid", "Enter the public key and an API key of your Telnyx account, the one this "
                                         "number is in (Mission Control, Keys & Credentials).")
        if not (settings.TELNYX_API_KEY and settings.TELNYX_PUBLIC_KEY):
            raise Invalid("account_sid", "This textback has no default Telnyx account (TELNYX_API_KEY and "
                                         "TELNYX_PUBLIC_KEY are not set): enter the public key and API key of this number.")
        api_key = settings.TELNYX_API_KEY
    try:
        problem = transport("telnyx").verify_number(number, api_key)
    except TransientError:
        raise Invalid("number", "Could not reach Telnyx to check this number and its account, so nothing was saved. "
                                "Try again in a minute.") from None
    if problem:
        raise Invalid(*problem)


def new_business(*, name, owner_cell, owner_name="", timezone="America/Chicago", trade="", hours=""):
    name, owner_cell, timezone, week = check_business(name=name, owner_cell=owner_cell, timezone=timezone, hours=hours)
    return Business.objects.create(
        name=name, owner_cell=owner_cell, owner_name=owner_name.strip(), timezone=timezone, trade=trade.strip(), hours=week
    )


def add_number(business, number, *, provider="twilio", mode=PhoneNumber.RING, account_sid="", auth_token=""):
    if provider not in PROVIDERS:
        raise Invalid("provider", f"{provider!r} is not a provider (use {' or '.join(PROVIDERS)})")
    if mode not in dict(PhoneNumber.MODES):
        raise Invalid("mode", f"{mode!r} is not a mode (use ring or forwarded)")
    number = check_number(number, owner_cell=business.owner_cell)
    check_account = check_telnyx_account if provider == "telnyx" else check_twilio_account
    account_sid, auth_token = check_account(account_sid, auth_token)
    return PhoneNumber.objects.create(
        business=business, number=number, provider=provider, mode=mode, account_sid=account_sid, auth_token=auth_token
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
