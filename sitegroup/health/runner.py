"""One health run over a site: every spot-check item, stored as a HealthRun with its items.

`run_site_health(site, now=…)` enters the site's schema, runs the content checks, reads the
probes and (with `links=True`) checks links; without `links`, the link items of the latest run
that checked them are carried over. A site that is not active, or is being moved up, is
skipped with a note.
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from tenants.models import MoveUp, Tenant

from . import checks, partners
from .evaluate import Finding, ItemResult, evaluate
from .items import LINK_CODES
from .models import HealthItem, HealthRun, SiteVisits, State
from .reachability import check_reachable
from .thresholds import thresholds

# Points off 100 per item: the score only orders sites; passing is decided by the veto items.
PENALTY = {State.FAIL: 30, State.AT_RISK: 8}
COUNTED_PENALTY = 2
COUNTED_PENALTY_MAX = 20


def skip_reason(site):
    if site.status != Tenant.Status.ACTIVE:
        return _("Skipped: the site is %(status)s.") % {"status": site.get_status_display()}
    if MoveUp.objects.filter(source=site).exclude(state__in=[MoveUp.State.DONE, MoveUp.State.ROLLED_BACK]).exists():
        return _("Skipped: the site is being moved up.")
    return ""


def check_unanswered(site, now, limits):
    days = limits["unanswered_days"]
    letters = partners.unanswered_letters(site, older_than_days=max(0, days - limits["warn_days"]))
    if letters is None:
        return ItemResult(code="unanswered_letters", veto=True, state=State.NO_DATA,
                          note=_("No data: the public interaction app is not installed."))
    today = timezone.localdate(now)
    findings = [Finding(label=title, url=url, counts_from=(received or today) + datetime.timedelta(days=days),
                        detail=_("Received %(date)s") % {"date": received.isoformat() if received else "?"})
                for title, received, url in letters]
    return evaluate("unanswered_letters", findings, limits["unanswered_fail"], today, limits["warn_days"])


def _carried_link_items(site):
    previous = (HealthItem.objects.filter(run__site=site, code__in=LINK_CODES)
                .order_by("-run__started_at", "-run_id").select_related("run"))
    latest = {}
    for item in previous[:len(LINK_CODES) * 3]:
        if item.code not in latest:
            latest[item.code] = ItemResult(
                code=item.code, veto=False, state=item.state, count=item.count, threshold=item.threshold,
                since=item.since, details=item.details,
                note=item.note or _("From the link check of %(date)s.") % {
                    "date": timezone.localdate(item.run.started_at).isoformat()})
    return [latest[code] for code in LINK_CODES if code in latest]


def is_zombie(site, results, now, limits):
    """Long stale, many empty columns and no visits: a candidate to close and move up."""
    by_code = {r.code: r for r in results}
    home = by_code.get("home_stale")
    stale_since = home.since if home and home.since else None
    long_stale = stale_since is not None and (timezone.localdate(now) - stale_since).days >= (
        limits["zombie_stale_days"] - limits["home_stale_days"])
    empty = by_code.get("empty_columns")
    many_empty = empty is not None and empty.count >= limits["zombie_empty_columns"]
    since = timezone.localdate(now) - datetime.timedelta(days=limits["zombie_visit_days"])
    visited = SiteVisits.objects.filter(site=site, day__gte=since, views__gt=0).exists()
    return long_stale and many_empty and not visited


def score(results):
    points = 100
    counted = 0
    for result in results:
        if result.veto:
            points -= PENALTY.get(result.state, 0)
        elif result.state == State.FAIL:
            counted += result.count * COUNTED_PENALTY
    return max(0, points - min(counted, COUNTED_PENALTY_MAX))


def compute(site, now, *, links=False):
    """[ItemResult] for the site (inside its schema), without storing anything."""
    limits = thresholds()
    with tenant_context(site):
        home = checks.home_page()
        if home is None:
            return [ItemResult(code="home_stale", veto=True, state=State.NO_DATA, note=_("The site has no home page."))]
        results = [check_reachable(site, now, limits), checks.check_home(home, now, limits),
                   *checks.check_columns(home, now, limits), check_unanswered(site, now, limits),
                   checks.check_service_guides(home, now, limits), checks.check_serious_errors(site, now, limits)]
        if links:
            from .links import check_links

            own_hosts = set(site.domains.values_list("domain", flat=True))
            results += check_links(home, own_hosts, now)
    if not links:
        results += _carried_link_items(site)
    return results


def run_site_health(site, *, now=None, links=False):
    """Run every check over `site` and store the run; returns the HealthRun."""
    now = now or timezone.now()
    reason = skip_reason(site)
    if reason:
        return HealthRun.objects.create(site=site, started_at=now, finished_at=now, note=reason, passed=False)
    results = compute(site, now, links=links)
    limits = thresholds()
    with transaction.atomic():
        run = HealthRun.objects.create(
            site=site, started_at=now, finished_at=timezone.now(), score=score(results),
            veto_failed=sum(1 for r in results if r.veto and r.state == State.FAIL),
            at_risk=sum(1 for r in results if r.veto and r.state == State.AT_RISK),
            zombie=is_zombie(site, results, now, limits))
        run.passed = run.veto_failed == 0
        run.save(update_fields=["passed"])
        HealthItem.objects.bulk_create([
            HealthItem(run=run, code=r.code, veto=r.veto, state=r.state, count=r.count, threshold=r.threshold,
                       since=r.since, days_left=r.days_left, details=r.details[:200], note=r.note[:300])
            for r in results])
    return run


def latest_runs(sites=None):
    """{site id: latest HealthRun} (one query)."""
    runs = HealthRun.objects.order_by("site_id", "-started_at", "-id").distinct("site_id")
    if sites is not None:
        runs = runs.filter(site__in=sites)
    return {run.site_id: run for run in runs}
