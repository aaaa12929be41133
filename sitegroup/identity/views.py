"""Platform console (public schema) and the hand-off into a site.

The second-factor set-up lives in second_factor.py, the site hosts' login forms in site_auth.py.
"""
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login as django_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tenants.models import Tenant

from . import audit, lockout, second_factor, service, totp
from .audit import Action
from .forms import AccountForm, AuditFilterForm, GrantForm, LoginForm, NewAccountForm, NewPasswordForm, RoleForm
from .models import AuditLogEntry, SiteGrant, StaffAccount
from .redirects import after_login, carry, safe_path, site_parameter_checked

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


# --- login, second factor, logout -----------------------------------------------------------


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


# --- console: site switcher and hand-off ---------------------------------------------------


@staff_required
def enter_site(request, slug):
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
            "reason": str(refusal), "platform_login": service.platform_url(request, reverse_platform_login()),
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


def reverse_platform_login():
    return "/login/"


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
            lockout.unlock(staff_subjects(account), request=request, by=request.staff, obj=account)
            messages.success(request, _("Unlocked."))
            return redirect("identity_account", pk=pk)
        if what == "reset_2fa" and account.pk == request.staff.pk:
            # Your own factor changes on your security page, with your password and a current code.
            messages.error(request, _("Change your own authenticator app on your security page."))
        elif what == "reset_2fa":
            account.totp_secret, account.totp_confirmed, account.totp_last_step = "", False, 0
            account.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
            audit.record(Action.OTP_RESET, request=request, account=request.staff, obj=account)
            messages.success(request, _("Two-factor authentication reset: the person sets it up at next login."))
            return redirect("identity_account", pk=pk)
        status = 400
    return render(request, "identity/account.html", {
        "account": account, "form": form, "password_form": password_form, "grant_form": grant_form,
        "grants": account.grants.select_related("site").order_by("site__level", "site__name"),
        "role_form": RoleForm(), "locks": lockout.active_locks(staff_subjects(account)),
    }, status=status)


def staff_subjects(account):
    """The lockout counters of an account: its own, and those of its name typed before it existed."""
    return [lockout.staff(account), lockout.staff(None, account.username)]


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
