"""Start, stop or inspect the project's embedded PostgreSQL server (no DATABASE_URL).

    manage.py pgserver start | stop | status | psql
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sitegroup import pgserver


class Command(BaseCommand):
    help = "Manage the embedded PostgreSQL server that runs when DATABASE_URL is unset."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status", "psql"])

    def handle(self, *args, action, **options):
        if not settings.SITEGROUP_EMBEDDED_PG:
            raise CommandError("DATABASE_URL is set: the database server is not managed by this project.")
        pgdata = pgserver.pgdata_path()
        if action == "start":
            was_running = pgserver.is_running(pgdata)
            try:
                params = pgserver.ensure_running(pgdata)
            except Exception as exc:
                raise CommandError(f"PostgreSQL did not start: {exc}\n{pgserver.server_log_tail(pgdata)}") from exc
            name = settings.DATABASES["default"]["NAME"]
            created = pgserver.ensure_database(name, params)
            self.stdout.write(
                f"PostgreSQL {'already running' if was_running else 'started'} (data: {pgdata}, socket: "
                f"{params['host']}); database “{name}” {'created' if created else 'ready'}."
            )
        elif action == "stop":
            self.stdout.write("PostgreSQL stopped." if pgserver.stop(pgdata) else "PostgreSQL was not running.")
        elif action == "status":
            self.stdout.write(f"running (data: {pgdata})" if pgserver.is_running(pgdata) else "not running")
        else:
            pgserver.psql(settings.DATABASES["default"]["NAME"])
