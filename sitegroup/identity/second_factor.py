"""Setting up and replacing a person's second factor (TOTP authenticator app).

Nothing here changes an account on a GET. A new key lives in the session until an
authenticator app proves it holds it (a correct code); only then does it replace the account's
key, in one conditional UPDATE, and the event goes to the audit log.

* `/login/2fa/setup/`: during sign-in, for a person who has just given their password and whose
  account has no confirmed factor yet (new account, or reset by an operator).
* `/console/security/`: signed in, to add or replace one: a POST with the current password and,
  when a factor is confirmed, a current code from it (both counted by the lockout), then the
  new app's code. Replacing the key ends the person's other sessions (the session hash covers it).

Resetting someone else's factor is an operator action (accounts_and_grants.reset_second_factor), audited.
"""
import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import audit, lockout, service, totp
from .audit import Action
from .forms import OTPForm, ReauthenticateForm
from .models import StaffAccount
from .redirects import after_login, carry, site_parameter_checked

SESSION_CANDIDATE = "sg_totp_candidate"
SESSION_REAUTHENTICATED = "sg_totp_reauthenticated"
# How long a key on screen (and a confirmed password on the security page) stays usable.
CANDIDATE_MAX_AGE = 10 * 60


def _candidate(request, account, *, create=False):
    """The key being set up for `account` in this session (a new one when `create`)."""
    stored = request.session.get(SESSION_CANDIDATE) or {}
    if stored.get("account") == account.pk and time.time() - stored.get("at", 0) < CANDIDATE_MAX_AGE:
        return stored["secret"]
    if not create:
        return None
    secret = totp.new_secret()
    request.session[SESSION_CANDIDATE] = {"account": account.pk, "secret": secret, "at": time.time()}
    return secret


def _install(request, account, code, *, replacing):
    """Make the session's key the account's if `code` comes from it. True when installed.

    The UPDATE only applies if the account's key is still the one seen (no race with a second
    tab or an operator's reset).
    """
    secret = _candidate(request, account)
    step = totp.matching_step(secret, code)
    if step is None:
        return False
    installed = StaffAccount.objects.filter(pk=account.pk, totp_secret=account.totp_secret,
                                            totp_confirmed=account.totp_confirmed).update(
        totp_secret=secret, totp_confirmed=True, totp_last_step=step)
    if not installed:
        return False
    request.session.pop(SESSION_CANDIDATE, None)
    request.session.pop(SESSION_REAUTHENTICATED, None)
    account.refresh_from_db()
    audit.record(Action.OTP_REPLACED if replacing else Action.OTP_ENROLLED, request=request, account=account)
    return True


def _key_context(account, secret):
    return {"secret": totp.base32_secret(secret), "account": account}


# --- during sign-in ---------------------------------------------------------------------------


@never_cache
@site_parameter_checked
def enrol(request):
    account = service.pending_account(request)
    if account is None:
        if getattr(request, "staff", None) is not None:
            return redirect("identity_security")  # signed in: changes need the password first
        return HttpResponseRedirect(reverse("identity_login") + carry(request))
    if account.totp_confirmed:
        return HttpResponseRedirect(reverse("identity_otp") + carry(request))
    secret = _candidate(request, account, create=True)
    return code_step(
        request, account, lambda code: _install(request, account, code, replacing=False),
        wrong=_("That code is not correct. Check the time on your phone and try the newest code."),
        template="identity/otp_setup.html", context=_key_context(account, secret), stage="enrolment")


def code_step(request, account, verify, *, wrong, template, context=None, **details):
    """The last sign-in step: a code, checked through the lockout; signs the person in when
    verify(code) passes. A lock ends the half-finished sign-in."""
    form = OTPForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if lockout.check(request, lockout.staff(account), lambda: verify(code),
                             failure_action=Action.OTP_FAILED, **details):
                service.complete_login(request, account, otp_verified=True)
                return HttpResponseRedirect(after_login(request))
            error = wrong
        except lockout.Locked as locked:
            request.session.flush()
            error = locked.message
    return render(request, template, {"form": form, "error": error, "carry": carry(request), **(context or {})},
                  status=403 if error else 200)


@never_cache
def qr_code(request):
    """The QR code of the key being set up in this session; nothing else."""
    account = service.pending_account(request) or getattr(request, "staff", None)
    secret = _candidate(request, account) if account is not None else None
    if secret is None:
        raise PermissionDenied
    response = HttpResponse(totp.qr_svg(account.username, secret), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


# --- signed in: add or replace ----------------------------------------------------------------


def _reauthenticated(request, account):
    at = request.session.get(SESSION_REAUTHENTICATED) or {}
    return at.get("account") == account.pk and time.time() - at.get("at", 0) < CANDIDATE_MAX_AGE


def security(request):
    """The signed-in person's own second factor (a console section: the registry admits staff only)."""
    account = request.staff
    step = request.POST.get("step") if request.method == "POST" else None
    form = ReauthenticateForm(request.POST if step == "verify" else None, account=account)
    code_form = OTPForm(request.POST if step == "confirm" else None)
    error, status = None, 200
    if step == "verify":
        if not form.is_valid():
            status = 400
        else:
            error = _check_current_secrets(request, account, form.cleaned_data)
            if error is None:
                request.session[SESSION_REAUTHENTICATED] = {"account": account.pk, "at": time.time()}
                _candidate(request, account, create=True)
    elif step == "confirm":
        if not _reauthenticated(request, account) or _candidate(request, account) is None:
            error = _("Confirm your password first.")
        elif code_form.is_valid():
            replacing = account.totp_confirmed
            if _install(request, account, code_form.cleaned_data["code"], replacing=replacing):
                request.session[service.SESSION_HASH] = account.session_hash()  # this session goes on
                request.session[service.SESSION_OTP] = True
                messages.success(request, _("Your new authenticator app is set up. Your other sessions have ended."))
                return redirect("identity_security")
            audit.record(Action.OTP_FAILED, request=request, account=account, context="new_factor")
            error = _("That code is not correct. Check the time on your phone and try the newest code.")
        else:
            status = 400
    elif step is not None:
        status = 400
    if error:
        status = 403
    secret = _candidate(request, account) if _reauthenticated(request, account) else None
    return render(request, "identity/security.html", {
        "account": account, "form": form, "code_form": code_form, "error": error,
        **(_key_context(account, secret) if secret else {}),
    }, status=status)


def _check_current_secrets(request, account, data):
    """The current password, and a current code when a factor is confirmed; None when both pass."""
    subject = lockout.staff(account)
    try:
        if not lockout.check(request, subject, lambda: account.check_password(data["password"]),
                             context="second_factor"):
            return _("The password is not correct.")
        if account.totp_confirmed and not lockout.check(
                request, subject, lambda: totp.verify(account, data["code"]),
                failure_action=Action.OTP_FAILED, context="second_factor"):
            return _("That code is not correct. Codes change every 30 seconds; each works once.")
    except lockout.Locked as locked:
        return locked.message
    return None
