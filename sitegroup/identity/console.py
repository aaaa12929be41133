"""Identity's console sections: the sites I manage (home panel and hand-off), accounts and grants, audit log."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import ANY_STAFF, OPERATORS, ConsolePanel, ConsoleSection, register_console_section
from sitegroup.console.registry import console_action
from tenants.models import Tenant

from . import audit, views


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
    urls=[path("sites/<slug:slug>/enter/", views.enter_site, name="identity_enter_site")],
    panels=[ConsolePanel(name="my_sites", template="identity/panels/my_sites.html", context=my_sites, order=10)],
))
register_console_section(ConsoleSection(
    name="accounts", label=_("Accounts and grants"), url_name="identity_accounts", permission=OPERATORS, order=30,
    urls=[
        path("accounts/", views.accounts, name="identity_accounts"),
        path("accounts/<int:pk>/", views.account_detail, name="identity_account"),
        path("grants/<int:pk>/", views.grant_change, name="identity_grant_change"),
    ],
))
register_console_section(ConsoleSection(
    name="audit", label=_("Audit log"), url_name="identity_audit", permission=OPERATORS, order=40,
    urls=[path("audit/", views.audit_log, name="identity_audit")],
))


def record_console_action(sender, request, action, site, obj, data, **kwargs):
    """Operator actions of other apps' console sections go to the audit log like identity's own."""
    audit.record(action, request=request, account=request.staff, site=site, obj=obj, **data)


console_action.connect(record_console_action, dispatch_uid="identity-audit-console-actions")
