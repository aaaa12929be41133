"""The forms on a site host that take a secret, all behind the platform lockout.

* `/admin/login/` and Wagtail's front-end `/_util/login/` (where login-restricted pages send
  visitors): staff are sent to the platform sign-in and come back through the hand-off. With
  SITEGROUP_SITE_LOCAL_LOGIN = "superusers" (break-glass), `?local=1` keeps a password login for
  the site's own superusers; authenticate() then goes through backends.LockoutModelBackend.
  With it off (production default) no password is checked on a site host at all.
* Wagtail's page and collection password forms: counted per restriction and client address
  (a lock for everyone would shut the public out of the page).

Password reset and change are off on site hosts (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED): staff
passwords live on the platform, a break-glass password is set with `manage.py`.
"""
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from wagtail import views as wagtail_views
from wagtail.admin.views.account import LoginView
from wagtail.documents.views import serve as wagtail_documents
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from . import audit, lockout, service
from .audit import Action
from .backends import break_glass_on
from .redirects import safe_path


@never_cache
def site_login(request):
    wants_local = request.GET.get("local") == "1" or request.method == "POST"
    if not (break_glass_on() and wants_local):
        if request.method == "POST":
            audit.record(Action.LOGIN_BLOCKED, request=request, actor=request.POST.get("username", "")[:150],
                         site=request.tenant, reason="local_login_off")
            raise PermissionDenied
        query = {"site": request.tenant.slug}
        site_next = safe_path(request.GET.get("next"))
        if site_next:
            query["site_next"] = site_next
        return HttpResponseRedirect(service.platform_url(request, "/login/?" + urlencode(query)))
    return _local_login(request)


def _local_login(request):
    response = LoginView.as_view()(request)
    locked = getattr(request, "sitegroup_lockout", None)
    if request.method == "POST" and locked is not None:
        # Wagtail's form only says the name or password is wrong; say the account is locked.
        messages.error(request, locked.message)
        request.method = "GET"
        return LoginView.as_view()(request)
    return response


def page_password(request, page_view_restriction_id, page_id):
    """Wagtail's page password form, counted per restriction and client address."""
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    return _counted(request, "page", restriction, lambda: wagtail_views.authenticate_with_password(
        request, page_view_restriction_id, page_id))


def collection_password(request, restriction_id):
    """Wagtail's password form for a collection's documents (and, here, its images)."""
    restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)
    return _counted(request, "collection", restriction, lambda: wagtail_documents.authenticate_with_password(
        request, restriction_id))


def _counted(request, kind, restriction, wagtail_view):
    if request.method != "POST":
        return wagtail_view()
    answer = {}

    def verify():
        answer["response"] = wagtail_view()
        return answer["response"].status_code == 302  # Wagtail redirects only once the password matched

    subject = lockout.restriction(request.tenant, kind, restriction.pk)
    try:
        if lockout.check(request, subject, verify, failure_action=Action.VIEW_PASSWORD_FAILED):
            lockout.succeeded(request, subject, remember=False)
        return answer["response"]
    except lockout.Locked as locked:
        response = render(request, "identity/attempts_paused.html", {"message": locked.message}, status=429)
        response["Retry-After"] = str(locked.seconds_left)
        return response
