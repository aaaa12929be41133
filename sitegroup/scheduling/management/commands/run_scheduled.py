"""manage.py run_scheduled [--list] [--job NAME ... [--site SLUG ...]]

Without options: run every scheduled job that is due now (what deploy/sitegroup-scheduler.timer
calls every minute). `--job` runs the named jobs now whether due or not; `--site` limits a
per-site job to those sites. `--list` shows every job, its schedule, its last run and when it is
next due. Exits with an error when a job failed anywhere (systemd then marks the unit failed),
after every site was visited.
"""
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from sitegroup.scheduling.models import ScheduledRun
from sitegroup.scheduling.registry import get_scheduled_job
from sitegroup.scheduling.runner import JobLocked, next_runs, run_due_jobs, run_job

# Without a terminal (systemd, cron) progress is written as a line this often.
LOG_EVERY_SECONDS = 30


class Command(BaseCommand):
    help = "Run the scheduled jobs that are due (or the named ones), over every site they apply to."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="list the jobs, their last run and next run")
        parser.add_argument("--job", action="append", metavar="NAME", help="run this job now (repeatable)")
        parser.add_argument("--site", action="append", metavar="SLUG",
                            help="with --job: only these sites (repeatable)")

    def handle(self, *args, **options):
        if options["list"]:
            return self.list_jobs()
        if options["site"] and not options["job"]:
            raise CommandError("--site needs --job: say which job to run for the site.")
        started = time.monotonic()
        if options["job"]:
            runs = []
            for name in options["job"]:
                job = get_scheduled_job(name)
                if job is None:
                    raise CommandError(f"No scheduled job named “{name}”. `run_scheduled --list` shows them.")
                try:
                    runs.append(run_job(job, sites=options["site"], progress=self.progress()))
                except JobLocked:
                    raise CommandError(f"“{name}” is running already (another scheduler holds it).") from None
        else:
            runs = run_due_jobs(progress=self.progress())
        self.report(runs, time.monotonic() - started, options["verbosity"])

    def progress(self):
        """A callback showing progress: a bar on a terminal, a line every 30 s otherwise."""
        bars, last_line = {}, [time.monotonic()]
        interactive = self.stderr._out.isatty()

        def show(job, number, total, site, failures):
            if interactive:
                bar = bars.get(job.name)
                if bar is None:
                    bar = bars[job.name] = tqdm(total=total, desc=job.name, unit="site", file=self.stderr._out)
                bar.update(1)
                bar.set_postfix(failed=len(failures), refresh=False)
                if number == total:
                    bar.close()
            elif number == total or time.monotonic() - last_line[0] > LOG_EVERY_SECONDS:
                self.stdout.write(f"{job.name}: {number}/{total} sites, {len(failures)} failed")
                last_line[0] = time.monotonic()
        return show

    def report(self, runs, seconds, verbosity):
        failed = [run for run in runs if run.state == ScheduledRun.State.FAILED]
        for run in runs:
            if verbosity:
                scope = f" over {run.sites_total} site(s)" if run.sites_total else ""
                self.stdout.write(f"{run.job}: {run.get_state_display()}{scope}, {run.sites_failed} failed")
                if run.summary and verbosity > 1:
                    self.stdout.write("  " + run.summary.replace("\n", "\n  "))
            for slug, error in sorted(run.failures.items()):
                self.stderr.write(f"  {run.job} failed{' on ' + slug if slug else ''}: {error}")
        if verbosity:
            self.stdout.write(f"{len(runs)} job(s) run in {seconds:.1f} s.")
        if failed:
            raise CommandError(f"{len(failed)} job(s) failed somewhere: "
                               f"{', '.join(run.job for run in failed)}. The other sites were done.")

    def list_jobs(self):
        now = timezone.now()
        rows = [("job", "scope", "schedule", "last run", "state", "failed", "next due")]
        for job, last, due in next_runs(now):
            scope = ("per site, queued" if job.queue else "per site") if job.per_site else "platform"
            rows.append((job.name, scope, job.describe_schedule(),
                         timezone.localtime(last.started_at).strftime("%Y-%m-%d %H:%M") if last else "never",
                         last.state if last else "-", str(last.sites_failed) if last else "-",
                         timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "off"))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
