"""Content safety's console section: findings (operators see every site, site admins their own)."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import ANY_STAFF, OPERATORS, ConsolePanel, ConsoleSection, register_console_section

from . import views

register_console_section(ConsoleSection(
    name="safety_findings", label=_("Content safety"), url_name="safety_findings", permission=ANY_STAFF, order=60,
    urls=[path("findings/", views.findings, name="safety_findings")],
))


def latest_findings_panel(request):
    """The console home for operators: open findings across the cluster, newest first."""
    from django.db.models import Count

    from .models import ContentFinding

    open_findings = ContentFinding.open()
    return {"findings": list(open_findings.select_related("site")[:8]),
            "by_kind": [(ContentFinding.Kind(row["kind"]).label if row["kind"] in ContentFinding.Kind.values
                         else row["kind"], row["n"])
                        for row in open_findings.values("kind").annotate(n=Count("id")).order_by("-n")],
            "total": open_findings.count()}


register_console_section(ConsoleSection(
    name="safety_overview", label=_("Content safety"), permission=OPERATORS, order=60,
    panels=[ConsolePanel(name="latest_findings", template="safety/panels/latest_findings.html",
                         context=latest_findings_panel, order=60)],
))
