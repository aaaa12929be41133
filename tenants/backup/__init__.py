"""Per-site backup and restore: one archive per site (schema, media, public rows, manifest).

    path, manifest = backup_site("peach")                       # manage.py backup_site peach
    result = restore_site(path, as_slug="peach-copy")            # manage.py restore_site ARCHIVE --as peach-copy
    restore_site(path, replace=True)                             # over the live site, explicitly

See tenants/backup/archive.py (the format), restoring.py (the order of events) and
docs/architecture.md ("Backups").
"""
from .archive import BackupRefused
from .making import archives_of, backup_site, prune_archives, scheduled_backup
from .registry import register_site_rows, site_rows
from .restoring import RestoreResult, restore_site

__all__ = ["BackupRefused", "RestoreResult", "archives_of", "backup_site", "prune_archives", "register_site_rows",
           "restore_site", "scheduled_backup", "site_rows"]
