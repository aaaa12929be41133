"""Console pages of site health (platform host): the dashboard, one page per site, run now.

Operators see every site; site administrators the sites they administer (access.py). Registered
as a console section in console.py, which lets in only the staff the section admits.
"""
import datetime
from urllib.parse import urlencode

from django.db.models import Sum, prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sitegroup.console import record_action
from sitegroup.tasks.report import report_task_result
from tenants.models import Tenant

from . import charts, partners
from .access import site_for, watched_sites
from .items import label
from .models import PageVisits, ReferrerVisits, State
from .runner import latest_runs

FILTERS = {"failing": lambda row: row["run"] and not row["run"].passed and not row["run"].note,
           "at_risk": lambda row: row["run"] and row["run"].passed and row["run"].at_risk,
           "zombie": lambda row: row["run"] and row["run"].zombie,
           "unchecked": lambda row: not row["run"]}


def _rows(sites):
    runs = latest_runs(sites)
    prefetch_related_objects(list(runs.values()), "items")
    rows = []
    for site in sites:
        run = runs.get(site.pk)
        items = list(run.items.all()) if run else []
        rows.append({"site": site, "run": run,
                     "problems": [{"item": i, "label": label(i.code)} for i in items
                                  if i.state in (State.FAIL, State.AT_RISK)]})
    # Failing sites first, then by score (lowest first); unchecked sites last.
    return sorted(rows, key=lambda r: (r["run"] is None, r["run"].passed if r["run"] else True,
                                       r["run"].score if r["run"] else 0, r["site"].slug))


def overview(request):
    sites = watched_sites(request.staff).exclude(status__in=[Tenant.Status.CLOSED, Tenant.Status.ARCHIVED])
    level, parent, state = request.GET.get("level", ""), request.GET.get("parent", ""), request.GET.get("state", "")
    if level in Tenant.Level.values:
        sites = sites.filter(level=level)
    if parent:
        sites = sites.filter(parent__slug=parent)
    sites = list(sites.select_related("parent").order_by("slug"))
    rows = _rows(sites)
    if state in FILTERS:
        rows = [row for row in rows if FILTERS[state](row)]
    parents = Tenant.objects.filter(level__in=[Tenant.Level.CITY, Tenant.Level.DISTRICT]).order_by("slug")
    return render(request, "health/overview.html", {
        "rows": rows, "level": level, "parent": parent, "state": state, "levels": Tenant.Level.choices,
        "parents": parents.filter(pk__in=watched_sites(request.staff)) if not request.staff.is_operator else parents,
        "states": [("failing", _("Failing a veto item")), ("at_risk", _("At risk")), ("zombie", _("Zombie")),
                   ("unchecked", _("Not checked yet"))],
        "trend": charts.cluster_trend(sites)})


def site_context(site, *, console=True):
    """What the per-site health page shows (the console's and the site admin's)."""
    run = latest_runs([site]).get(site.pk)
    items = [{"item": i, "label": label(i.code)} for i in run.items.all()] if run else []
    today = timezone.localdate()
    month_ago = today - datetime.timedelta(days=30)
    top_pages = (PageVisits.objects.filter(site=site, day__gte=month_ago).values("path")
                 .annotate(views=Sum("views"), visitors=Sum("visitors")).order_by("-views", "path")[:10])
    referrers = (ReferrerVisits.objects.filter(site=site, day__gte=month_ago).values("domain")
                 .annotate(views=Sum("views")).order_by("-views", "domain")[:10])
    moveup_url = ""
    if run and run.zombie and site.level == Tenant.Level.TOWNSHIP and console:
        moveup_url = reverse("tenants_moves") + "?" + urlencode({"site": site.slug, "section": f"/{site.slug}/"})
    return {"site": site, "run": run, "items": items, "score_trend": charts.site_score_trend(site),
            "visits_trend": charts.site_visits_trend(site), "top_pages": list(top_pages),
            "referrers": list(referrers), "search_terms": partners.top_search_terms(site, days=30),
            "moveup_url": moveup_url, "year": today.year - 1 if today.month == 1 else today.year}


def site_address(request, site):
    """The site's public address as seen from this request (same scheme and port as the platform)."""
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    return f"{request.scheme}://{site.primary_domain_name()}" + ("" if port == default else f":{port}")


def site_health(request, slug):
    site = site_for(request, slug)
    return render(request, "health/site.html", {**site_context(site), "site_url": site_address(request, site)})


@require_POST
def run_now(request, slug):
    from .tasks import queue_site_health

    site = site_for(request, slug)
    result = queue_site_health(site, links=request.POST.get("links") == "1")
    record_action(request, "health_run_requested", site=site)
    report_task_result(request, result, _("Checked %(site)s.") % {"site": site.name})
    return redirect("health_site", slug=site.slug)


def overview_panel(request):
    """The console home's box: the sites failing or at risk (worst first), or None when all pass."""
    rows = [row for row in _rows(list(watched_sites(request.staff).filter(status=Tenant.Status.ACTIVE)))
            if row["problems"] or (row["run"] and row["run"].zombie)]
    if not rows:
        return None
    messages_shown = rows[:15]
    return {"rows": messages_shown, "more": max(0, len(rows) - len(messages_shown))}
