"""Signing in with an email and a password, and resetting a forgotten one.

Failed sign-ins (the dashboard's and the Django admin's) are counted by django-axes in the database,
per email *and* client address: an attacker's failures lock out the attacker's address for that
email, never the owner signing in from elsewhere. The client address is the one the trusted reverse
proxy saw (textback.core.proxy). Password checks for one account run one at a time (a row lock on the
user), so parallel attempts cannot all slip past the limit before the first failure is counted.
docs/decisions.md says why axes, docs/security.md what is limited where."""

import hashlib
from datetime import timedelta
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from textback.core import clock
from textback.core.proxy import client_address
from textback.dashboard.models import AccountMail

TOO_MANY = "Too many sign-in attempts. Wait a few minutes, then try again (or reset your password)."
RESET_WINDOW = timedelta(hours=1)
RESET_MAILS_PER_ACCOUNT = 3  # reset or sign-up mails an hour to one email, whoever asks
RESET_REQUESTS_PER_ADDRESS = 10  # such requests an hour from one client address, whatever the email


def signup_open():
    """TEXTBACK_SIGNUP=open, or no account exists yet (a fresh install's first account)."""
    return settings.SIGNUP == "open" or not get_user_model().objects.exists()


class SignInForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


def attempted_username(request, credentials=None):
    """What axes counts failures under: the email or admin username as typed, case folded."""
    raw = (credentials or {}).get("username") or request.POST.get("email") or request.POST.get("username") or ""
    return str(raw).strip().lower()[:255]


def one_check_at_a_time(view):
    """A POST runs with the row of the user it names locked: a second attempt for the same account
    waits, and then sees the first one's failure counted."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            users = get_user_model().objects.select_for_update().filter(username__iexact=attempted_username(request))
            list(users.values_list("pk", flat=True))
            return view(request, *args, **kwargs)

    return wrapped


def locked_out(request, response, credentials):
    """Axes's answer to a locked-out attempt, on the dashboard's sign-in page and the admin's alike."""
    context = {"form": SignInForm(), "error": TOO_MANY, "next": "", "signup": signup_open()}
    return render(request, "dashboard/sign_in.html", context, status=429)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@one_check_at_a_time
def sign_in(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only (redirect() would take "home" or "0" for the name of a view).
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(target or "dashboard:home")
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        user = auth.authenticate(request, username=email, password=form.cleaned_data["password"])
        if user is not None and user.is_active:
            auth.login(request, user)
            return redirect(target or "dashboard:home")
        error = "That email and password do not match an account."  # axes answers 429 once locked out
    elif request.method == "POST":
        error = "Enter your email and password."
    context = {"form": form, "error": error, "next": target, "signup": signup_open()}
    return render(request, "dashboard/sign_in.html", context)


def sign_out(request):
    if request.method == "POST":
        auth.logout(request)
    return redirect("dashboard:sign_in")


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def may_mail(request, email):
    """Whether another mail about an account (a reset link, a sign-up) may go to `email`: a few an hour
    to one address (the row lock on its user makes the count atomic) and from one client address.
    Every request counts, mailed or not. Call it inside a transaction."""
    since = clock.now() - RESET_WINDOW
    account, address = digest(f"email|{email}"), digest(f"ip|{client_address(request)}")
    list(get_user_model().objects.select_for_update().filter(email__iexact=email).values_list("pk", flat=True))
    recent = AccountMail.objects.filter(at__gte=since)
    allowed = (recent.filter(key=account).count() < RESET_MAILS_PER_ACCOUNT
               and recent.filter(key=address).count() < RESET_REQUESTS_PER_ADDRESS)
    AccountMail.objects.bulk_create([AccountMail(key=k, at=clock.now()) for k in (account, address)])
    AccountMail.objects.filter(at__lt=since).delete()
    return allowed


class PasswordReset(auth_views.PasswordResetView):
    """Links in the email point at TEXTBACK_PUBLIC_URL, never at whatever Host the request named.
    Over the limits the page answers exactly as when it sends (no mail, nothing to tell apart)."""

    template_name = "dashboard/password_reset_form.html"
    email_template_name = "dashboard/password_reset_email.txt"
    subject_template_name = "dashboard/password_reset_subject.txt"
    success_url = reverse_lazy("dashboard:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"public_url": settings.PUBLIC_URL}
        with transaction.atomic():
            allowed = may_mail(self.request, form.cleaned_data["email"].strip().lower())
        return super().form_valid(form) if allowed else redirect(self.success_url)
