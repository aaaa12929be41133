"""manage.py restore_site ARCHIVE [--as NEWSLUG] [--domain HOST ...] [--name NAME] [--replace]

Restores a site from an archive written by backup_site: into its own slug when that site no
longer exists, into a new site (--as), or over the live site (--replace, explicitly). The archive
is verified against its manifest first; the restore is one transaction, and the registry row
appears only when the schema and the media folder are complete (tenants/backup/restoring.py).
"""
from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupRefused, restore_site


class Command(BaseCommand):
    help = "Restore a site from its archive: as itself, as a new site (--as), or over it (--replace)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--as", dest="as_slug", metavar="NEWSLUG", help="restore into a new site with this slug")
        parser.add_argument("--domain", action="append", help="domain(s) of the new site (first is primary)")
        parser.add_argument("--name", help="name of the new site (default: the archived site's)")
        parser.add_argument("--replace", action="store_true",
                            help="replace the content of the existing site with the archive's")

    def handle(self, *args, archive, as_slug, domain, name, replace, **options):
        try:
            result = restore_site(archive, as_slug=as_slug, replace=replace, domains=domain, name=name)
        except BackupRefused as exc:
            raise CommandError(f"Refused, nothing was changed: {exc}") from None
        counts = result.manifest["counts"]
        verb = "Replaced the content of" if result.replaced else "Restored"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} “{result.tenant.slug}” ({result.tenant.schema_name}) from {result.manifest['created_at']}: "
            f"{counts['pages']} pages, {counts['revisions']} revisions, {counts['images']} images, "
            f"{counts['documents']} documents, {counts['files']} files; every table's rows and checksum "
            f"match the manifest."))
        for label, count in result.skipped_rows.items():
            self.stderr.write(f"  {count} {label} row(s) skipped: what they refer to no longer exists.")
