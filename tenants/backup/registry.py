"""Rows in the public schema that belong to one site and travel with its backup.

The site's schema holds its content; a few platform tables keep per-site rows too (the staff
grants on the site, for instance). Apps name theirs in a `site_backup` module (imported at
start-up by the tenants app), so tenants needs to know none of them:

    register_site_rows("identity.SiteGrant")              # a ForeignKey to the site named `site`
    register_site_rows("myapp.Thing", site_field="tenant")
    register_site_rows("identity.SiteUserLink", restore_on_replace=True)

Rows are stored as JSON and restored with a new id for the site they are restored into; a row
whose other references no longer resolve (an account deleted since) is skipped and counted.
`--replace` (the site exists) keeps the live rows unless `restore_on_replace`: rows that describe
the schema's own content (which user id stands for which account) must match the restored schema,
while rows that say who may do what (grants) are not rolled back to an older state.
Derived data (the search index, rebuilt from the pages) and history (the audit log) are not
registered.
"""
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class SiteRows:
    model_label: str
    site_field: str
    restore_on_replace: bool = False

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def site_column(self):
        return self.model._meta.get_field(self.site_field).column


_registered: dict[str, SiteRows] = {}


def register_site_rows(model_label, site_field="site", *, restore_on_replace=False):
    label = apps.get_model(model_label)._meta.label
    if label in _registered:
        raise ImproperlyConfigured(f"{label} is already registered for site backups.")
    _registered[label] = SiteRows(label, site_field, restore_on_replace)
    return _registered[label]


def site_rows():
    return [_registered[label] for label in sorted(_registered)]
