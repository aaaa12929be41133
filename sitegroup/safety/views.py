"""Console pages of content safety (platform host): findings people act on, scan runs,
lexicons with versions, per-site settings. Operators see every site; site administrators
their own sites.

Registered as console sections in console.py: the console lets in only signed-in staff the
section admits (`manages_content_safety`, or operators for the platform lexicon); the views
narrow what each person sees to the sites they administer."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from sitegroup.console import record_action
from sitegroup.identity.models import Role, SiteGrant
from sitegroup.tasks.report import report_task_result
from tenants.models import Tenant

from . import versions
from .forms import LexiconForm, SiteSafetyForm
from .models import AllowedMatch, ContentFinding, LexiconVersion, ScanRun, SiteSafetySettings


def _administered(staff):
    """Sites whose content safety this person manages."""
    if staff.is_operator:
        return Tenant.objects.all()
    return Tenant.objects.filter(staff_grants__account=staff, staff_grants__role=Role.SITE_ADMIN)


def manages_content_safety(request):
    """The section's permission: operators, and people holding a site-administrator grant."""
    staff = request.staff
    return staff.is_operator or staff.grants.filter(role=Role.SITE_ADMIN).exists()


def _site_for(request, slug):
    site = get_object_or_404(Tenant, slug=slug)
    if not _administered(request.staff).filter(pk=site.pk).exists():
        raise PermissionDenied
    return site


def findings(request):
    qs = ContentFinding.objects.select_related("site").filter(site__in=_administered(request.staff))
    show_resolved = request.GET.get("resolved") == "1"
    if not show_resolved:
        qs = qs.filter(resolved_at__isnull=True)
    site = request.GET.get("site", "").strip()
    if site:
        qs = qs.filter(site__slug=site)
    severity = request.GET.get("severity", "")
    if severity in ContentFinding.Severity.values:
        qs = qs.filter(severity=severity)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    granted = set(SiteGrant.objects.filter(account=request.staff).values_list("site__slug", flat=True))
    return render(request, "safety/findings.html", {
        "page": page, "site": site, "show_resolved": show_resolved, "severity": severity,
        "severities": ContentFinding.Severity.choices, "granted": granted,
        "sites": administered_sites(request.staff)})


def open_findings_panel(request):
    """The console home's box: open high and medium findings per site, or None when there are none."""
    rows = (ContentFinding.open().filter(site__in=_administered(request.staff))
            .exclude(severity=ContentFinding.Severity.LOW)
            .values("site__slug", "site__name")
            .annotate(high=Count("pk", filter=Q(severity=ContentFinding.Severity.HIGH)),
                      medium=Count("pk", filter=Q(severity=ContentFinding.Severity.MEDIUM)))
            .order_by("-high", "-medium", "site__slug"))[:20]
    return {"sites": list(rows)} if rows else None


def _finding_for(request, pk):
    finding = get_object_or_404(ContentFinding.objects.select_related("site"), pk=pk)
    if not _administered(request.staff).filter(pk=finding.site_id).exists():
        raise PermissionDenied
    return finding


# The back link after an action: only a path on this host.
def _back(request):
    back = request.POST.get("back", "")
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:
        return back
    return reverse("safety_findings")


@require_POST
def take_down(request, pk):
    from wagtail.models import Page

    from .pages import take_down as unpublish

    finding = _finding_for(request, pk)
    with tenant_context(finding.site):
        page = Page.objects.filter(pk=finding.page_id).first()
        if page is None:
            finding.resolve(ContentFinding.Resolution.PAGE_GONE, request.staff.username)
            messages.info(request, _("That page no longer exists; the finding is closed."))
        else:
            unpublish(page, finding.site, by=request.staff.username,
                      reason=f"{finding.get_kind_display()}: {finding.matched[:100]}")
            messages.success(request, _("“%(title)s” is taken down (unpublished).") % {"title": page.title})
    return redirect(_back(request))


@require_POST
def false_positive(request, pk):
    finding = _finding_for(request, pk)
    AllowedMatch.objects.get_or_create(site=finding.site, rule=finding.kind, key=finding.key,
                                       defaults={"created_by": request.staff.username})
    closed = ContentFinding.open().filter(site=finding.site, kind=finding.kind, key=finding.key).update(
        resolved_at=timezone.now(),
        resolution=ContentFinding.Resolution.FALSE_POSITIVE, resolved_by=request.staff.username)
    record_action(request, "finding_false_positive", site=finding.site, obj=finding,
                  rule=finding.kind, key=finding.key, closed=closed)
    messages.success(request, _("Marked as a false positive: “%(text)s” is allowed on %(site)s from now on.")
                     % {"text": finding.matched[:60], "site": finding.site.name})
    return redirect(_back(request))


def runs(request):
    qs = ScanRun.objects.select_related("site").filter(site__in=_administered(request.staff))
    site = request.GET.get("site", "").strip()
    if site:
        qs = qs.filter(site__slug=site)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "safety/runs.html", {"page": page, "site": site,
                                                "sites": administered_sites(request.staff)})


@require_POST
def scan_now(request, slug):
    from .tasks import queue_site_scan

    site = _site_for(request, slug)
    result = queue_site_scan(site, ScanRun.Trigger.MANUAL)
    report_task_result(request, result, _("%(site)s was scanned.") % {"site": site.name})
    return redirect(f"{reverse('safety_runs')}?site={site.slug}")


def _lexicon_page(request, site):
    current = versions.latest(site)
    form = LexiconForm(request.POST or None, request.FILES or None, initial={
        "text": current.text if current else (versions.platform_text() if site is None else "")})
    if request.method == "POST" and form.is_valid():
        version = versions.save(form.cleaned_data["text"], site=site, by=request.staff.username,
                                comment=form.cleaned_data["comment"], request=request, account=request.staff)
        messages.success(request, _("Saved as version %(number)d.") % {"number": version.number})
        return redirect(request.path)
    return render(request, "safety/lexicon.html", {
        "form": form, "site": site, "current": current,
        "versions": LexiconVersion.objects.filter(site=site).order_by("-number")[:50]})


def platform_lexicon(request):
    return _lexicon_page(request, None)


def site_lexicon(request, slug):
    return _lexicon_page(request, _site_for(request, slug))


def lexicon_version(request, pk):
    version = get_object_or_404(LexiconVersion.objects.select_related("site"), pk=pk)
    if version.site is None and not request.staff.is_operator or (
            version.site is not None and not _administered(request.staff).filter(pk=version.site_id).exists()):
        raise PermissionDenied
    if request.method == "POST":
        restored = versions.save(version.text, site=version.site, by=request.staff.username,
                                 comment=_("Restored version %(number)d") % {"number": version.number},
                                 request=request, account=request.staff)
        messages.success(request, _("Version %(old)d restored as version %(new)d.") % {
            "old": version.number, "new": restored.number})
        return redirect("safety_site_lexicon", version.site.slug) if version.site else redirect("safety_lexicon")
    return render(request, "safety/lexicon_version.html", {"version": version})


def site_settings(request, slug):
    from sitegroup.review.workflow import ensure_review_workflow, review_steps

    site = _site_for(request, slug)
    settings_row = SiteSafetySettings.for_site(site)
    with tenant_context(site):
        steps = review_steps() or 2
    form = SiteSafetyForm(request.POST or None, initial={"review_steps": steps,
                                                         "auto_takedown": settings_row.auto_takedown})
    if request.method == "POST" and form.is_valid():
        with tenant_context(site):
            ensure_review_workflow(steps=form.cleaned_data["review_steps"])
        settings_row.auto_takedown = form.cleaned_data["auto_takedown"]
        settings_row.save()
        record_action(request, "safety_settings_changed", site=site,
                      review_steps=form.cleaned_data["review_steps"], auto_takedown=settings_row.auto_takedown)
        messages.success(request, _("Settings of %(site)s saved.") % {"site": site.name})
        return redirect(request.path)
    return render(request, "safety/site_settings.html", {"form": form, "site": site})


def administered_sites(staff):
    return _administered(staff).exclude(status=Tenant.Status.ARCHIVED).order_by("level", "slug")
