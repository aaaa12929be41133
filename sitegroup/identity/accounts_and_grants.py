"""The accounts-and-grants pages of the console (operators): create and change staff accounts,
set passwords, add, change and revoke site grants, end a lockout, reset someone's second factor.
Every change goes to the audit log.

The console registry (console.py) admits operators only; the views need no guard of their own.
"""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import audit, lockout
from .audit import Action
from .forms import AccountForm, GrantForm, NewAccountForm, NewPasswordForm, RoleForm
from .models import SiteGrant, StaffAccount
from .redirects import safe_path


def accounts(request):
    """The list of accounts (searchable) and the form for a new one."""
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = form.save()
        audit.record(Action.ACCOUNT_CREATED, request=request, account=request.staff, obj=account,
                     is_operator=account.is_operator)
        messages.success(request, _("Account %(name)s created.") % {"name": account.username})
        return redirect("identity_account", pk=account.pk)
    q = request.GET.get("q", "").strip()
    found = StaffAccount.objects.all()
    if q:
        found = found.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
    page = Paginator(found.prefetch_related("grants__site"), 50).get_page(request.GET.get("page"))
    return render(request, "identity/accounts.html", {"form": form, "page": page, "q": q},
                  status=400 if form.errors else 200)


def account_detail(request, pk):
    """One account: its details, a new password, its grants (a form field `form` says which was sent)."""
    account = get_object_or_404(StaffAccount, pk=pk)
    form = AccountForm(request.POST or None, instance=account, prefix="account")
    password_form = NewPasswordForm(prefix="password")
    grant_form = GrantForm(account=account, prefix="grant")
    if request.method != "POST":
        return _account_page(request, account, form, password_form, grant_form)
    what = request.POST.get("form")
    if what == "account" and form.is_valid():
        changed = form.changed_data
        form.save()
        audit.record(Action.ACCOUNT_CHANGED, request=request, account=request.staff, obj=account, fields=changed)
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
    return _account_page(request, account, form, password_form, grant_form, status=400)


def _account_page(request, account, form=None, password_form=None, grant_form=None, *, status=200):
    return render(request, "identity/account.html", {
        "account": account,
        "form": form or AccountForm(instance=account, prefix="account"),
        "password_form": password_form or NewPasswordForm(prefix="password"),
        "grant_form": grant_form or GrantForm(account=account, prefix="grant"),
        "grants": account.grants.select_related("site").order_by("site__level", "site__name"),
        "role_form": RoleForm(), "locks": lockout.active_locks(lockout.account_subjects(account)),
    }, status=status)


@require_POST
def grant_change(request, pk):
    """Change a grant's role, or revoke it (`action=revoke`)."""
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


# --- Security actions on someone's account ---------------------------------------------------------

@require_POST
def unlock_account(request, pk):
    """End every lock on the account now (also `manage.py unlock_account`); back to `next` or the account."""
    account = get_object_or_404(StaffAccount, pk=pk)
    lockout.unlock(lockout.account_subjects(account), request=request, by=request.staff, obj=account)
    messages.success(request, _("Unlocked."))
    return redirect(safe_path(request.POST.get("next"), default=reverse("identity_account", args=[pk])))


@require_POST
def reset_second_factor(request, pk):
    """Someone else's second factor: removed, they set a new one up at their next sign-in."""
    account = get_object_or_404(StaffAccount, pk=pk)
    if account.pk == request.staff.pk:
        # Your own factor changes on your security page, with your password and a current code.
        messages.error(request, _("Change your own authenticator app on your security page."))
        return _account_page(request, account, status=400)
    account.totp_secret, account.totp_confirmed, account.totp_last_step = "", False, 0
    account.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
    audit.record(Action.OTP_RESET, request=request, account=request.staff, obj=account)
    messages.success(request, _("Two-factor authentication reset: the person sets it up at next login."))
    return redirect("identity_account", pk=pk)


def locked_accounts_panel(request):
    """The console home's panel of staff accounts locked now, each with its locks; None when there are none."""
    locks_by_account = lockout.locked_staff_accounts()
    if not locks_by_account:
        return None
    found = StaffAccount.objects.filter(pk__in=locks_by_account).order_by("username")
    return {"locked_accounts": [(account, locks_by_account[account.pk]) for account in found]}
