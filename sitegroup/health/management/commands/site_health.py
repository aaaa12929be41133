"""manage.py site_health [--site SLUG ... | --all] [--json] [--links] [--probe] [--queue] [--weekly-summary]

Runs the national spot checks over sites by hand and prints each site's result (or JSON). --probe
only probes the home pages; --links also checks links; --queue queues one background task per
site instead; --weekly-summary mails the operators the week's summary. The scheduler runs the
same work on its own (scheduled_jobs.py: health_probes, site_health, health_retention,
health_weekly_summary). Every run of this command also writes out pending visit counts, forgets
the visitor hashes of past days and deletes probes and runs past their keeping time (retention.py).
"""
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from tenants.models import Tenant


class Command(BaseCommand):
    help = "Check sites against the national spot-check rules (veto items, links, probes) and print the results."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--site", action="append", metavar="SLUG", help="a site to check (repeatable)")
        group.add_argument("--all", action="store_true", help="every active site (the default)")
        parser.add_argument("--json", action="store_true", help="print the results as JSON")
        parser.add_argument("--links", action="store_true", help="also check internal and outbound links")
        parser.add_argument("--probe", action="store_true", help="only probe the home pages")
        parser.add_argument("--queue", action="store_true", help="queue one background task per site")
        parser.add_argument("--weekly-summary", action="store_true", help="mail the operators the weekly summary")
        parser.add_argument("--no-progress", action="store_true")

    def _sites(self, options):
        if options["site"]:
            sites = list(Tenant.objects.filter(slug__in=options["site"]).prefetch_related("domains"))
            missing = set(options["site"]) - {s.slug for s in sites}
            if missing:
                raise CommandError(f"No such site: {', '.join(sorted(missing))}")
            return sites
        return list(Tenant.objects.exclude(status__in=[Tenant.Status.CLOSED, Tenant.Status.ARCHIVED])
                    .order_by("level", "slug").prefetch_related("domains"))

    def handle(self, *args, **options):
        from sitegroup.health.notify import alert_site, weekly_summary
        from sitegroup.health.retention import prune
        from sitegroup.health.visits import flush_visits

        flush_visits()
        prune()
        if options["weekly_summary"]:
            sent = weekly_summary()
            self.stdout.write(f"Weekly summary sent to {sent} operators." if sent else
                              "Weekly summary not sent (no mail server or no operator with an address).")
            return
        sites = self._sites(options)
        if options["probe"]:
            return self._probe(sites, options)
        if options["queue"]:
            from sitegroup.health.tasks import queue_site_health

            for site in sites:
                queue_site_health(site, links=options["links"])
            self.stdout.write(f"Queued health runs of {len(sites)} sites.")
            return
        from sitegroup.health.runner import run_site_health

        runs = []
        for site in tqdm(sites, desc="site health", unit="site", disable=options["no_progress"] or options["json"],
                         file=self.stderr._out):
            run = run_site_health(site, links=options["links"])
            alert_site(site, run)
            runs.append(run)
        if options["json"]:
            self.stdout.write(json.dumps([run_as_json(run) for run in runs], ensure_ascii=False, indent=2))
            return
        for run in runs:
            self.stdout.write(describe(run))
        failed = sum(1 for run in runs if not run.passed and not run.note)
        self.stdout.write(f"Checked {len(runs)} sites: {len(runs) - failed} pass every veto item, {failed} fail.")

    def _probe(self, sites, options):
        from sitegroup.health.probes import probe_sites

        active = [s for s in sites if s.status == Tenant.Status.ACTIVE]
        probes = probe_sites(active)
        if options["json"]:
            self.stdout.write(json.dumps([{"site": p.site.slug, "ok": p.ok, "status": p.status_code,
                                           "ms": p.elapsed_ms, "error": p.error} for p in probes], indent=2))
            return
        for probe in probes:
            state = "ok" if probe.ok else f"FAILED ({probe.error})"
            self.stdout.write(f"{probe.site.slug}: {state} {probe.elapsed_ms} ms")
        self.stdout.write(f"Probed {len(probes)} sites: {sum(1 for p in probes if not p.ok)} failed.")


def run_as_json(run):
    return {
        "site": run.site.slug, "name": run.site.name, "at": timezone.localtime(run.started_at).isoformat(),
        "passed": run.passed, "score": run.score, "zombie": run.zombie, "note": run.note,
        "items": [{"code": i.code, "veto": i.veto, "state": i.state, "count": i.count, "threshold": i.threshold,
                   "since": i.since.isoformat() if i.since else None, "days_left": i.days_left, "note": i.note,
                   "details": i.details} for i in run.items.all()],
    }


def describe(run):
    from sitegroup.health.items import label

    if run.note and not run.items.exists():
        return f"{run.site.slug}: {run.note}"
    verdict = "PASS" if run.passed else "FAIL"
    lines = [f"{run.site.slug}: {verdict} score {run.score}" + (" (zombie)" if run.zombie else "")]
    for item in run.items.all():
        if item.state in ("fail", "at_risk"):
            when = f"since {item.since}" if item.since else (f"{item.days_left} days left" if item.days_left is not None
                                                             else "")
            names = ", ".join(d["label"] for d in item.details[:5])
            lines.append(f"  {item.state.upper()} {label(item.code)} ({item.count}) {when}: {names}")
    return "\n".join(lines)
