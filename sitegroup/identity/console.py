"""Identity's console sections: the sites I manage (home panel and hand-off), accounts and grants
(with the locked-accounts panel), the audit log, and each person's own second factor."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import ANY_STAFF, OPERATORS, ConsolePanel, ConsoleSection, register_console_section
from sitegroup.console.registry import console_action
from tenants.models import Tenant

from . import accounts_and_grants, audit, audit_log, handoff, second_factor


def my_sites(request):
    """The site switcher: every open site the person holds a grant on."""
    grants = (request.staff.grants.select_related("site").prefetch_related("site__domains")
              .exclude(site__status__in=[Tenant.Status.CLOSED, Tenant.Status.ARCHIVED])
              .order_by("site__level", "site__name"))
    if request.staff.is_operator and not grants:
        return None   # operators without a grant see the cluster's panels, not "ask an operator"
    return {"grants": grants}


register_console_section(ConsoleSection(
    name="my_sites", label=_("My sites"), url_name="console_home", permission=ANY_STAFF, order=10,
    urls=[path("sites/<slug:slug>/enter/", handoff.enter_site, name="identity_enter_site")],
    panels=[ConsolePanel(name="my_sites", template="identity/panels/my_sites.html", context=my_sites, order=10)],
))
register_console_section(ConsoleSection(
    name="accounts", label=_("Accounts and grants"), url_name="identity_accounts", permission=OPERATORS, order=30,
    urls=[
        path("accounts/", accounts_and_grants.accounts, name="identity_accounts"),
        path("accounts/<int:pk>/", accounts_and_grants.account_detail, name="identity_account"),
        path("accounts/<int:pk>/unlock/", accounts_and_grants.unlock_account, name="identity_account_unlock"),
        path("accounts/<int:pk>/second-factor/reset/", accounts_and_grants.reset_second_factor,
             name="identity_account_reset_2fa"),
        path("grants/<int:pk>/", accounts_and_grants.grant_change, name="identity_grant_change"),
    ],
    # Before "My sites": a locked account is what an operator should see first.
    panels=[ConsolePanel(name="locked_accounts", template="identity/panels/locked_accounts.html",
                         context=accounts_and_grants.locked_accounts_panel, order=5)],
))
register_console_section(ConsoleSection(
    name="audit", label=_("Audit log"), url_name="identity_audit", permission=OPERATORS, order=40,
    urls=[path("audit/", audit_log.audit_log, name="identity_audit")],
))
register_console_section(ConsoleSection(
    name="security", label=_("Two-factor authentication"), url_name="identity_security", permission=ANY_STAFF,
    order=90, urls=[path("security/", second_factor.security, name="identity_security")],
))


def record_console_action(sender, request, action, site, obj, data, **kwargs):
    """Operator actions of other apps' console sections go to the audit log like identity's own."""
    audit.record(action, request=request, account=request.staff, site=site, obj=obj, **data)


console_action.connect(record_console_action, dispatch_uid="identity-audit-console-actions")
