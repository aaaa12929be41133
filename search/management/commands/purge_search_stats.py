"""Delete search query statistics older than SITEGROUP_SEARCH_STATS_DAYS (or --older-than-days)."""
from django.core.management.base import BaseCommand, CommandError

from search.analytics import purge


class Command(BaseCommand):
    help = "Delete search query statistics older than the retention period (default 400 days)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, help="Override SITEGROUP_SEARCH_STATS_DAYS.")

    def handle(self, *args, older_than_days=None, **options):
        if older_than_days is not None and older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        deleted = purge(older_than_days)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} daily query statistic(s)."))
