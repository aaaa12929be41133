from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page


def page_check(request, page_id):
    """The accessibility problems of a page's latest draft, with where they are."""
    from .page_checks import check_page

    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    problems = check_page(draft)
    return TemplateResponse(request, "accessibility/page_check.html", {
        "page": page, "problems": problems, "header_title": _("Accessibility check"),
    })


def audit_report(request):
    """This site's audit runs: the latest in detail, the trend, the worst pages."""
    from tenants.models import Tenant

    from .reports.models import AuditRun

    site = Tenant.objects.filter(schema_name=connection.schema_name).first()
    runs = list(AuditRun.objects.filter(site=site).order_by("-started_at")[:20]) if site else []
    latest = runs[0] if runs else None
    peak = max([run.total for run in runs] + [1])
    trend = [{"run": run, "width": round(100 * run.total / peak)} for run in reversed(runs)]
    return TemplateResponse(request, "accessibility/audit_report.html", {
        "site": site, "latest": latest, "trend": trend, "header_title": _("Accessibility audits"),
        "rules": sorted(((mode, rule, data) for mode, rules in (latest.results.items() if latest else [])
                         for rule, data in rules.items()), key=lambda row: -row[2]["count"]),
    })


def run_audit(request):
    """Start a whole-site audit from the admin (site admins): a background task, like the command."""
    from sitegroup.tasks.report import report_task_result

    from .tasks import audit_site_task

    if request.method != "POST":
        return redirect("accessibility_audits")
    if not request.user.is_superuser:
        raise PermissionDenied
    report_task_result(request, audit_site_task.enqueue(request.tenant.pk),
                       _("The audit has finished: its results are below."))
    return redirect("accessibility_audits")
