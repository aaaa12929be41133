"""Accessibility's part of the operator's console home: each site's latest axe-core audit."""
from django.utils.translation import gettext_lazy as _

from sitegroup.console import OPERATORS, ConsolePanel, ConsoleSection, register_console_section

SHOWN = 10


def latest_audits_panel(request):
    """The newest audit of each site, sites with the most serious problems first."""
    from .reports.models import AuditRun

    latest = list(AuditRun.objects.order_by("site_id", "-started_at").distinct("site_id").select_related("site"))
    latest.sort(key=lambda run: (-run.serious, -run.total, run.site.name))
    return {"runs": latest[:SHOWN], "audited": len(latest), "with_serious": sum(1 for run in latest if run.serious)}


register_console_section(ConsoleSection(
    name="accessibility_overview", label=_("Accessibility audits"), permission=OPERATORS, order=67,
    panels=[ConsolePanel(name="latest_audits", template="accessibility/panels/latest_audits.html",
                         context=latest_audits_panel, order=70)],
))
