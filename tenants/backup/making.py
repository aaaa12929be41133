"""Back up one site into one archive (`manage.py backup_site SLUG`), and keep the newest N per site."""
import datetime
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..models import Tenant
from .archive import FORMAT, FORMAT_VERSION, BackupRefused, write_archive
from .registry import site_rows
from .schema_data import SnapshotReader, applied_migrations, table_fingerprints

SUFFIX = ".sitebackup.tar"

# Per-table row counts shown in the manifest's summary (and by backup_site / restore_site).
SUMMARY_TABLES = {"pages": "wagtailcore_page", "revisions": "wagtailcore_revision", "images": "wagtailimages_image",
                  "documents": "wagtaildocs_document", "users": "auth_user", "redirects": "wagtailredirects_redirect",
                  "form_submissions": "wagtailforms_formsubmission"}


def backup_directory(directory=None):
    return Path(directory or settings.SITEGROUP_BACKUP_DIR)


def archive_name(slug, when):
    return f"{slug}.{when.astimezone(datetime.timezone.utc):%Y%m%dT%H%M%SZ}{SUFFIX}"


def summary(tables):
    return {key: tables.get(table, {}).get("rows", 0) for key, table in SUMMARY_TABLES.items()}


def backup_site(slug, directory=None):
    """Write an archive of site `slug`; return (path, manifest)."""
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None:
        raise BackupRefused(f"No site with slug “{slug}” exists.")
    directory = backup_directory(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    path = directory / archive_name(slug, now)
    if path.exists():           # two backups within one second
        path = path.with_name(path.name.replace(SUFFIX, f"-{now:%f}{SUFFIX}"))
    schema = tenant.schema_name
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        dump_path = Path(work) / "schema.dump"
        with SnapshotReader() as reader:
            registry = reader.registry(tenant, site_rows())
            if registry is None:
                raise BackupRefused(f"The site “{slug}” was deleted while its backup started.")
            tables = table_fingerprints(reader.cursor, schema)
            migrations = applied_migrations(reader.cursor, schema)
            reader.dump_schema(schema, dump_path)
            server_version = reader.conn.info.server_version
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "created_at": now.isoformat(),
            "site": {"slug": tenant.slug, "name": tenant.name, "level": tenant.level, "status": tenant.status,
                     "parent": tenant.parent.slug if tenant.parent_id else None, "schema": schema},
            "server_version": server_version, "migrations": migrations, "tables": tables,
            "counts": summary(tables),
        }
        manifest = write_archive(path, manifest, registry, dump_path, Path(settings.MEDIA_ROOT) / schema)
    return path, manifest


def archives_of(slug, directory=None):
    """The site's archives in the backup folder, newest first."""
    found = backup_directory(directory).glob(f"{slug}.*{SUFFIX}")
    return sorted(found, key=lambda path: (path.stat().st_mtime, path.name), reverse=True)


def prune_archives(slug, keep, directory=None):
    """Delete all but the newest `keep` archives of the site; return the deleted paths."""
    old = archives_of(slug, directory)[keep:]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def scheduled_backup(site):
    """The nightly per-site job: back up, then keep the newest SITEGROUP_BACKUP_KEEP archives."""
    path, manifest = backup_site(site.slug)
    pruned = prune_archives(site.slug, settings.SITEGROUP_BACKUP_KEEP)
    return f"{path.name} ({manifest['counts']['pages']} pages), {len(pruned)} old archive(s) removed"
