"""The hand-off from the console into a site's admin, both ends.

* Platform host (`/console/sites/<slug>/enter/`, a console section): a person with a grant on an
  open site gets a signed, single-use token for it (service.issue_handoff).
* Site host (`/admin/handoff/?token=…`): the token is redeemed, the person's grant mirrored into
  the site's own user, and that user signed in to Wagtail's admin.
"""
from django.contrib.auth import login as django_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from tenants.models import Tenant

from . import audit, service
from .audit import Action
from .models import SiteGrant
from .redirects import safe_path

PLATFORM_LOGIN_PATH = "/login/"


def enter_site(request, slug):
    """Console: confirm (GET), then send the person to the site with a fresh token (POST)."""
    site = get_object_or_404(Tenant, slug=slug)
    grant = SiteGrant.objects.filter(account=request.staff, site=site).select_related("site").first()
    if grant is None or site.status in (Tenant.Status.CLOSED, Tenant.Status.ARCHIVED):
        audit.record(Action.SITE_ENTER_REFUSED, request=request, account=request.staff, site=site)
        raise PermissionDenied
    next_url = safe_path(request.POST.get("next") or request.GET.get("next"), default="/admin/")
    if request.method == "POST":
        return HttpResponseRedirect(service.issue_handoff(request, request.staff, grant, next_url))
    return render(request, "identity/enter.html", {"grant": grant, "next": next_url})


def site_handoff(request):
    """On a site host: redeem the token, sign the person in as the site's mirrored user."""
    try:
        account, grant, handoff = service.redeem_handoff(request, request.GET.get("token"), request.tenant)
        user = service.sync_site_user(account, grant)
    except service.HandoffRefused as refusal:
        audit.record(Action.SITE_ENTER_REFUSED, request=request, site=request.tenant, reason=str(refusal))
        return render(request, "identity/handoff_refused.html", {
            "reason": str(refusal), "platform_login": service.platform_url(request, PLATFORM_LOGIN_PATH),
        }, status=403)
    request._sitegroup_handoff = True
    django_login(request, user, backend="sitegroup.identity.backends.LockoutModelBackend")
    request.session[service.SESSION_ACCOUNT] = account.pk
    request.session[service.SESSION_HASH] = account.session_hash()
    request.session[service.SESSION_OTP] = handoff.otp_verified
    request.session[service.SESSION_ROLE] = grant.role
    request.session[service.SESSION_SECTION] = grant.section_path
    audit.record(Action.SITE_ENTER, request=request, account=account, site=request.tenant, role=grant.role)
    return HttpResponseRedirect(safe_path(handoff.next_url, default="/admin/"))
