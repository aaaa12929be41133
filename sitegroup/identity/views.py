"""Platform console (public schema) and the two site-host entry points (login redirect, hand-off)."""
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as django_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tenants.models import Tenant

from . import audit, service, totp
from .audit import Action
from .forms import (AccountForm, AuditFilterForm, GrantForm, LoginForm, NewAccountForm, NewPasswordForm,
                    OTPForm, RoleForm)
from .models import AuditLogEntry, LoginThrottle, SiteGrant, StaffAccount

# --- helpers ------------------------------------------------------------------------------


def staff_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "staff", None) is None:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(reverse("identity_login") + "?" + query)
        return view(request, *args, **kwargs)
    return never_cache(wrapped)


def operator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.staff.is_operator:
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return staff_required(wrapped)


def _safe_next(request, default):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default


def _after_login(request):
    site = request.GET.get("site") or request.POST.get("site")
    if site:
        target = reverse("identity_enter_site", args=[site])
        nxt = request.GET.get("site_next") or request.POST.get("site_next")
        return target + ("?" + urlencode({"next": nxt}) if nxt else "")
    return _safe_next(request, reverse("console_home"))


def _carry(request):
    """Query parameters that follow the person through the login steps."""
    keep = {k: request.GET[k] for k in ("next", "site", "site_next") if request.GET.get(k)}
    return "?" + urlencode(keep) if keep else ""


# --- login, second factor, logout -----------------------------------------------------------


@never_cache
def login_view(request):
    if getattr(request, "staff", None) is not None:
        return HttpResponseRedirect(_after_login(request))
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        account, error = service.authenticate_password(
            request, form.cleaned_data["username"], form.cleaned_data["password"])
        if account is not None:
            if account.needs_2fa() or account.totp_confirmed:
                service.begin_second_factor(request, account)
                step = "identity_otp" if account.totp_confirmed else "identity_otp_setup"
                return HttpResponseRedirect(reverse(step) + _carry(request))
            service.complete_login(request, account, otp_verified=False)
            return HttpResponseRedirect(_after_login(request))
    status = 200 if not error else 403
    return render(request, "identity/login.html", {"form": form, "error": error, "carry": _carry(request)},
                  status=status)


@never_cache
def otp_verify(request):
    account = service.pending_account(request)
    if account is None or not account.totp_confirmed:
        return HttpResponseRedirect(reverse("identity_login") + _carry(request))
    form = OTPForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        throttle = service.locked_throttle(service.PLATFORM_REALM, account.username)
        if throttle:
            error = service.lockout_message(throttle)
        elif totp.verify(account, form.cleaned_data["code"]):
            service.complete_login(request, account, otp_verified=True)
            return HttpResponseRedirect(_after_login(request))
        else:
            locked = service.register_failure(service.PLATFORM_REALM, account.username, request=request,
                                              account=account, action=Action.OTP_FAILED)
            if locked:
                request.session.flush()
                error = service.lockout_message(service.locked_throttle(service.PLATFORM_REALM, account.username))
            else:
                error = _("That code is not correct. Codes change every 30 seconds; each works once.")
    return render(request, "identity/otp.html", {"form": form, "error": error, "carry": _carry(request)},
                  status=403 if error else 200)


@never_cache
def otp_setup(request):
    account = service.pending_account(request) or getattr(request, "staff", None)
    if account is None:
        return HttpResponseRedirect(reverse("identity_login") + _carry(request))
    if account.totp_confirmed and service.pending_account(request):
        return HttpResponseRedirect(reverse("identity_otp") + _carry(request))
    if not account.totp_secret or account.totp_confirmed:
        account.totp_secret = totp.new_secret()
        account.totp_confirmed = False
        account.totp_last_step = 0
        account.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
    form = OTPForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        if totp.verify(account, form.cleaned_data["code"]):
            account.totp_confirmed = True
            account.save(update_fields=["totp_confirmed"])
            audit.record(Action.OTP_ENROLLED, request=request, account=account)
            service.complete_login(request, account, otp_verified=True)
            return HttpResponseRedirect(_after_login(request))
        service.register_failure(service.PLATFORM_REALM, account.username, request=request, account=account,
                                 action=Action.OTP_FAILED)
        error = _("That code is not correct. Check the time on your phone and try the newest code.")
    return render(request, "identity/otp_setup.html", {
        "form": form, "error": error, "secret": totp.base32_secret(account), "carry": _carry(request),
    }, status=403 if error else 200)


@never_cache
def otp_qr(request):
    account = service.pending_account(request) or getattr(request, "staff", None)
    if account is None or account.totp_confirmed or not account.totp_secret:
        raise PermissionDenied
    response = HttpResponse(totp.qr_svg(account), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_POST
def logout_view(request):
    service.platform_logout(request, getattr(request, "staff", None) or service.pending_account(request))
    return HttpResponseRedirect(reverse("identity_login"))


# --- console: site switcher and hand-off ---------------------------------------------------


@staff_required
def enter_site(request, slug):
    site = get_object_or_404(Tenant, slug=slug)
    grant = SiteGrant.objects.filter(account=request.staff, site=site).select_related("site").first()
    if grant is None or site.status in (Tenant.Status.CLOSED, Tenant.Status.ARCHIVED):
        audit.record(Action.SITE_ENTER_REFUSED, request=request, account=request.staff, site=site)
        raise PermissionDenied
    next_url = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = "/admin/"
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
            "reason": str(refusal), "platform_login": service.platform_url(request, reverse_platform_login()),
        }, status=403)
    request._sitegroup_handoff = True
    django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[service.SESSION_ACCOUNT] = account.pk
    request.session[service.SESSION_HASH] = account.session_hash()
    request.session[service.SESSION_OTP] = handoff.otp_verified
    request.session[service.SESSION_ROLE] = grant.role
    request.session[service.SESSION_SECTION] = grant.section_path
    audit.record(Action.SITE_ENTER, request=request, account=account, site=request.tenant, role=grant.role)
    next_url = handoff.next_url if handoff.next_url.startswith("/") and not handoff.next_url.startswith("//") \
        else "/admin/"
    return HttpResponseRedirect(next_url)


def reverse_platform_login():
    return "/login/"


@never_cache
def site_login(request):
    """/admin/login/ on a site host.

    Staff sign in on the platform; this page sends them there and back. With
    SITEGROUP_SITE_LOCAL_LOGIN = "superusers", `?local=1` keeps a break-glass login for the
    site's own superusers (locked out after repeated failures like everyone else).
    """
    local_allowed = settings.SITEGROUP_SITE_LOCAL_LOGIN == "superusers"
    wants_local = request.GET.get("local") == "1" or request.method == "POST"
    if not (local_allowed and wants_local):
        if request.method == "POST":
            raise PermissionDenied
        query = {"site": request.tenant.slug}
        nxt = request.GET.get("next")
        if nxt and nxt.startswith("/") and not nxt.startswith("//"):
            query["site_next"] = nxt
        return HttpResponseRedirect(service.platform_url(request, "/login/?" + urlencode(query)))
    return _local_site_login(request)


def _local_site_login(request):
    from django.contrib.auth import get_user_model
    from wagtail.admin.views.account import LoginView

    from .models import SiteUserLink

    realm = request.tenant.schema_name
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        request._sitegroup_counted = True
        throttle = service.locked_throttle(realm, username)
        if throttle:
            audit.record(Action.LOGIN_BLOCKED, request=request, actor=username, site=request.tenant)
            messages.error(request, service.lockout_message(throttle))
            return _redisplay_login(request, LoginView)
        user = get_user_model().objects.filter(username=username).first()
        local_superuser = (user is not None and user.is_superuser and user.is_active
                           and not SiteUserLink.objects.filter(site=request.tenant, user_id=user.pk).exists())
        if local_superuser:
            response = LoginView.as_view()(request)
            if request.user.is_authenticated:
                service.clear_failures(realm, username)
                return response
        service.register_failure(realm, username, request=request, site=request.tenant)
        throttle = service.locked_throttle(realm, username)
        if not local_superuser or throttle:
            messages.error(request, service.lockout_message(throttle) if throttle else
                           _("Only this site's own superusers can sign in here; staff sign in on the platform."))
            return _redisplay_login(request, LoginView)
        return response
    return LoginView.as_view()(request)


def _redisplay_login(request, view_class):
    """Show the login form again (200) with the error in the messages, nothing authenticated."""
    request.method = "GET"
    return view_class.as_view()(request)


# --- console: accounts and grants (operators) -----------------------------------------------


@operator_required
def accounts(request):
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = form.save()
        audit.record(Action.ACCOUNT_CREATED, request=request, account=request.staff, obj=account,
                     is_operator=account.is_operator)
        messages.success(request, _("Account %(name)s created.") % {"name": account.username})
        return redirect("identity_account", pk=account.pk)
    q = request.GET.get("q", "").strip()
    accounts = StaffAccount.objects.all()
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
    page = Paginator(accounts.prefetch_related("grants__site"), 50).get_page(request.GET.get("page"))
    return render(request, "identity/accounts.html", {"form": form, "page": page, "q": q},
                  status=400 if form.errors else 200)


@operator_required
def account_detail(request, pk):
    account = get_object_or_404(StaffAccount, pk=pk)
    form = AccountForm(request.POST or None, instance=account, prefix="account")
    password_form = NewPasswordForm(prefix="password")
    grant_form = GrantForm(account=account, prefix="grant")
    status = 200
    if request.method == "POST":
        what = request.POST.get("form")
        if what == "account" and form.is_valid():
            changed = form.changed_data
            form.save()
            audit.record(Action.ACCOUNT_CHANGED, request=request, account=request.staff, obj=account,
                         fields=changed)
            messages.success(request, _("Saved."))
            return redirect("identity_account", pk=pk)
        if what == "password":
            password_form = NewPasswordForm(request.POST, prefix="password")
            if password_form.is_valid():
                account.set_password(password_form.cleaned_data["password1"])
                account.save(update_fields=["password"])
                audit.record(Action.PASSWORD_CHANGED, request=request, account=request.staff, obj=account)
                messages.success(request, _("Password changed; the account's sessions have ended."))
                return redirect("identity_account", pk=pk)
        if what == "grant":
            grant_form = GrantForm(request.POST, account=account, prefix="grant")
            if grant_form.is_valid():
                grant = grant_form.save(commit=False)
                grant.account, grant.created_by = account, request.staff
                grant.save()
                audit.record(Action.GRANT_ADDED, request=request, account=request.staff, site=grant.site,
                             obj=grant, grantee=account.username, role=grant.role, section=grant.section_path)
                messages.success(request, _("Grant added."))
                return redirect("identity_account", pk=pk)
        if what == "unlock":
            LoginThrottle.objects.filter(username=account.username.lower()).delete()
            audit.record(Action.ACCOUNT_UNLOCKED, request=request, account=request.staff, obj=account)
            messages.success(request, _("Unlocked."))
            return redirect("identity_account", pk=pk)
        if what == "reset_2fa":
            account.totp_secret, account.totp_confirmed, account.totp_last_step = "", False, 0
            account.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
            audit.record(Action.OTP_RESET, request=request, account=request.staff, obj=account)
            messages.success(request, _("Two-factor authentication reset: the person sets it up at next login."))
            return redirect("identity_account", pk=pk)
        status = 400
    throttle = LoginThrottle.objects.filter(realm=service.PLATFORM_REALM, username=account.username.lower()).first()
    return render(request, "identity/account.html", {
        "account": account, "form": form, "password_form": password_form, "grant_form": grant_form,
        "grants": account.grants.select_related("site").order_by("site__level", "site__name"),
        "role_form": RoleForm(), "locked": throttle.is_locked() if throttle else False,
    }, status=status)


@require_POST
@operator_required
def grant_change(request, pk):
    grant = get_object_or_404(SiteGrant.objects.select_related("account", "site"), pk=pk)
    if request.POST.get("action") == "revoke":
        audit.record(Action.GRANT_REVOKED, request=request, account=request.staff, site=grant.site,
                     obj=grant, grantee=grant.account.username, role=grant.role)
        grant.delete()
        messages.success(request, _("Grant revoked: the person is locked out of the site at once."))
    else:
        form = RoleForm(request.POST)
        if form.is_valid() and form.cleaned_data["role"] != grant.role:
            old = grant.role
            grant.role = form.cleaned_data["role"]
            grant.save(update_fields=["role"])
            audit.record(Action.GRANT_CHANGED, request=request, account=request.staff, site=grant.site,
                         obj=grant, grantee=grant.account.username, old_role=old, role=grant.role)
            messages.success(request, _("Role changed."))
    return redirect("identity_account", pk=grant.account_id)


# --- console: audit log (operators) -----------------------------------------------------------


@operator_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditLogEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"]
            entries = entries.filter(Q(actor__icontains=q) | Q(object_repr__icontains=q) | Q(action__icontains=q)
                                     | Q(site_slug__icontains=q) | Q(object_type__icontains=q))
        if data["site"]:
            entries = entries.filter(site_slug=data["site"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["actor"]:
            entries = entries.filter(actor__iexact=data["actor"])
        if data["date_from"]:
            entries = entries.filter(timestamp__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(timestamp__date__lte=data["date_to"])
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "identity/audit.html", {"form": form, "page": page, "query": query.urlencode()})
