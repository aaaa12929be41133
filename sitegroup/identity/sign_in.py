"""Staff sign-in on the platform host: password, then the second factor's code, and sign-out.

A person whose account has no confirmed second factor yet sets one up on the way
(second_factor.enrol). Where a completed sign-in leads (the console, `next`, or the hand-off
into the site it started from) is redirects.after_login's.
"""
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import second_factor, service, totp
from .forms import LoginForm
from .redirects import after_login, carry, site_parameter_checked


@never_cache
@site_parameter_checked
def login_view(request):
    if getattr(request, "staff", None) is not None:
        return HttpResponseRedirect(after_login(request))
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        account, error = service.authenticate_password(
            request, form.cleaned_data["username"], form.cleaned_data["password"])
        if account is not None:
            if account.needs_2fa() or account.totp_confirmed:
                service.begin_second_factor(request, account)
                step = "identity_otp" if account.totp_confirmed else "identity_otp_setup"
                return HttpResponseRedirect(reverse(step) + carry(request))
            service.complete_login(request, account, otp_verified=False)
            return HttpResponseRedirect(after_login(request))
    status = 200 if not error else 403
    return render(request, "identity/login.html", {"form": form, "error": error, "carry": carry(request)},
                  status=status)


@never_cache
@site_parameter_checked
def otp_verify(request):
    account = service.pending_account(request)
    if account is None or not account.totp_confirmed:
        return HttpResponseRedirect(reverse("identity_login") + carry(request))
    return second_factor.code_step(
        request, account, lambda code: totp.verify(account, code),
        wrong=_("That code is not correct. Codes change every 30 seconds; each works once."),
        template="identity/otp.html")


@require_POST
def logout_view(request):
    """Logging out ends the person's sessions everywhere: here, in other browsers, on every site."""
    staff = getattr(request, "staff", None)
    service.platform_logout(request, staff or service.pending_account(request), everywhere=staff is not None)
    return HttpResponseRedirect(reverse("identity_login"))
