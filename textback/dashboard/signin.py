"""Signing in with an email and a password, a few attempts a minute at most."""

import hashlib
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from textback.core import clock
from textback.dashboard.models import SignInFailure
from textback.dashboard.onboarding import signup_open

WINDOW = timedelta(minutes=1)
PER_EMAIL_AND_IP = 5  # failed attempts a minute for one email from one address
PER_IP = 20  # failed attempts a minute from one address, whatever the email
TOO_MANY = "Too many sign-in attempts. Wait a minute, then try again (or reset your password)."


class SignInForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


def keys(request, email):
    ip = request.META.get("REMOTE_ADDR", "")
    digest = lambda text: hashlib.sha256(text.encode()).hexdigest()  # noqa: E731
    return digest(f"{ip}|{email.strip().lower()}"), digest(f"ip|{ip}")


def limited(request, email):
    pair, ip = keys(request, email)
    since = clock.now() - WINDOW
    recent = SignInFailure.objects.filter(at__gte=since)
    return recent.filter(key=pair).count() >= PER_EMAIL_AND_IP or recent.filter(key=ip).count() >= PER_IP


def record_failure(request, email):
    now = clock.now()
    SignInFailure.objects.bulk_create([SignInFailure(key=k, at=now) for k in keys(request, email)])
    SignInFailure.objects.filter(at__lt=now - timedelta(hours=1)).delete()


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(target or "dashboard:home")
    form = SignInForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if limited(request, email):
            error, status = TOO_MANY, 429
        else:
            user = auth.authenticate(request, username=email, password=form.cleaned_data["password"])
            if user is not None and user.is_active:
                auth.login(request, user)
                return redirect(target or "dashboard:home")
            record_failure(request, email)
            error, status = "That email and password do not match an account.", 200
    elif request.method == "POST":
        error = "Enter your email and password."
    context = {"form": form, "error": error, "next": target, "signup": signup_open()}
    return render(request, "dashboard/sign_in.html", context, status=status)


def sign_out(request):
    if request.method == "POST":
        auth.logout(request)
    return redirect("dashboard:sign_in")


class PasswordReset(auth_views.PasswordResetView):
    """Links in the email point at TEXTBACK_PUBLIC_URL, never at whatever Host the request named."""

    template_name = "dashboard/password_reset_form.html"
    email_template_name = "dashboard/password_reset_email.txt"
    subject_template_name = "dashboard/password_reset_subject.txt"
    success_url = reverse_lazy("dashboard:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"public_url": settings.PUBLIC_URL}
        return super().form_valid(form)
