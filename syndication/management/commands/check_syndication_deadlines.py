"""Report pushes past their deadline and items waiting for sites that cannot receive them."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from syndication.deadlines import check_deadlines


class Command(BaseCommand):
    help = ("Report pushes not published by their deadline (each late site once to the audit log) and items "
            "addressed to suspended, closed or moved-up sites.")

    def handle(self, *args, **options):
        report = check_deadlines()
        for delivery in report.overdue:
            new = " (new)" if delivery in report.newly_overdue else ""
            due = timezone.localtime(delivery.push.deadline)
            self.stdout.write(f"overdue{new}: {delivery.recipient.slug} ← {delivery.push.sender.slug} "
                              f"“{delivery.push.title}”, due {due:%Y-%m-%d %H:%M}")
        for delivery in report.stranded:
            self.stdout.write(f"waiting for an inactive site ({delivery.recipient.status}): "
                              f"{delivery.recipient.slug} ← {delivery.push.sender.slug} “{delivery.push.title}”")
        for submission in report.stranded_submissions:
            self.stdout.write(f"submission waiting for an inactive site ({submission.target.status}): "
                              f"{submission.target.slug} ← {submission.submitter.slug} “{submission.title}”")
        self.stdout.write(self.style.SUCCESS(
            f"{len(report.overdue)} overdue ({len(report.newly_overdue)} new), "
            f"{len(report.stranded) + len(report.stranded_submissions)} waiting for inactive sites."))
