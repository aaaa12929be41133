"""Restore a site from its archive (`manage.py restore_site ARCHIVE [--as SLUG] [--replace]`).

Order of events, so an interrupted restore never leaves half a site:
1. the archive is unpacked into a staging folder (MEDIA_ROOT/.restore-staging/, never served)
   and every member checked against the manifest; its format and migrations must be this
   install's; the slug, parent, domains and schema name are checked;
2. ONE transaction: (with --replace, the old schema is dropped) the schema is created from the
   dump, every table's row count and checksum is compared with the manifest, content types
   with the template's; then the registry row, domains and public rows are written, the Wagtail
   Site gets the primary domain, and the unpacked media folder is moved into MEDIA_ROOT/<schema>/;
3. commit. If anything fails before, the transaction rolls back and the media folder is moved
   back out, so neither a registry row nor a schema nor a media folder remains.
"""
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_tenants.utils import schema_context, schema_exists

from .. import template_schema, wagtail_site
from ..models import Domain, Tenant, validate_slug
from ..signals import site_restored
from .archive import BackupRefused, unpack
from .registry import site_rows
from .schema_data import applied_migrations, load_dump, table_fingerprints


def staging_root():
    return Path(settings.MEDIA_ROOT) / ".restore-staging"


@dataclass
class RestoreResult:
    tenant: Tenant
    replaced: bool
    manifest: dict
    tables: dict                       # as restored: {table: {"rows", "checksum"}}
    skipped_rows: dict = field(default_factory=dict)   # model label → rows whose references are gone


@dataclass
class Target:
    slug: str
    schema: str
    existing: Tenant | None
    parent: Tenant | None
    domains: list
    name: str


def restore_site(archive_path, *, as_slug=None, replace=False, domains=None, name=None):
    """Restore the archive into site `as_slug` (default: the archived site's slug). Returns a RestoreResult."""
    unpacked = unpack(archive_path, staging_root() / f"unpack-{uuid.uuid4().hex}")
    try:
        target = _check_target(unpacked.manifest, unpacked.registry, as_slug, replace, domains, name)
        _check_versions(unpacked.manifest)
        return _restore(unpacked, target)
    finally:
        unpacked.discard()


def _refuse_invalid_slug(slug):
    try:
        validate_slug(slug)
    except ValidationError as exc:
        raise BackupRefused(" ".join(exc.messages)) from None


def _check_target(manifest, registry, as_slug, replace, domains, name):
    site = manifest["site"]
    slug = as_slug or site["slug"]
    _refuse_invalid_slug(slug)
    existing = Tenant.objects.filter(slug=slug).first()
    if existing is not None and not replace:
        raise BackupRefused(f"A site “{slug}” exists. Restore under another slug with --as NEWSLUG, or pass "
                            "--replace to replace its content with the archive's (this cannot be undone).")
    parent = None
    if site["parent"]:
        parent = existing.parent if existing else Tenant.objects.filter(slug=site["parent"]).first()
        if parent is None:
            raise BackupRefused(f"The parent site “{site['parent']}” of “{site['slug']}” does not exist here; "
                                "restore or provision it first.")
    schema = existing.schema_name if existing else Tenant.schema_name_for(slug)
    if existing is None and schema_exists(schema):
        raise BackupRefused(f"The schema “{schema}” exists although no site uses it; remove it first "
                            f"(DROP SCHEMA \"{schema}\" CASCADE) after checking it holds nothing you need.")
    if existing is not None:
        names = [d.domain for d in existing.domains.order_by("-is_primary", "pk")]
    elif domains:
        names = list(domains)
    elif slug == site["slug"]:
        names = [d["domain"] for d in sorted(registry["domains"], key=lambda d: not d["is_primary"])]
    else:
        names = [f"{slug}.{settings.SITEGROUP_SITE_DOMAIN_SUFFIX}"]
    taken = Domain.objects.filter(domain__in=names).exclude(tenant=existing).values_list("domain", flat=True)
    if existing is None and taken:
        raise BackupRefused(f"The domain(s) {', '.join(sorted(taken))} belong to another site; pass --domain.")
    return Target(slug=slug, schema=schema, existing=existing, parent=parent, domains=names,
                  name=name or (existing.name if existing else site["name"]))


def _check_versions(manifest):
    template = template_schema.template_schema_name()
    pending = template_schema.pending_migrations()
    if pending:
        raise BackupRefused(f"This install has {len(pending)} unapplied migration(s); run `manage.py migrate` first.")
    with connection.cursor() as cursor:
        current = set(applied_migrations(cursor, template))
    archived = set(manifest["migrations"])
    if archived != current:
        newer, older = sorted(archived - current), sorted(current - archived)
        details = []
        if older:
            details.append(f"it lacks {len(older)} migration(s) this install has ({', '.join(older[:3])}…)")
        if newer:
            details.append(f"it has {len(newer)} this install does not know ({', '.join(newer[:3])}…)")
        raise BackupRefused("The archive was made by another version of Sitegroup: " + "; ".join(details)
                            + ". Restore it with the version that made it.")


def _restore(unpacked, target):
    manifest, registry = unpacked.manifest, unpacked.registry
    media = MediaSwap(final=Path(settings.MEDIA_ROOT) / target.schema)
    replaced = target.existing is not None
    try:
        with transaction.atomic():
            if replaced:
                with connection.cursor() as cursor:
                    # Deferred foreign-key checks still pending in an enclosing transaction would refuse the drop.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(f'DROP SCHEMA "{target.schema}" CASCADE')
            load_dump(unpacked.dump_path, manifest["site"]["schema"], target.schema)
            tables = _verify(manifest, target.schema)
            tenant = _write_registry(target, registry)
            skipped = _write_site_rows(tenant, registry, replaced=replaced)
            _point_wagtail_site(tenant, target)
            # Last, so that nothing can fail between the files arriving and the commit.
            _move_media_in(media, unpacked.media_folder)
            transaction.on_commit(media.forget_old)
            transaction.on_commit(lambda: site_restored.send(sender=Tenant, tenant=tenant, replaced=replaced))
    except BaseException:
        media.move_back()
        raise
    finally:
        connection.set_schema_to_public()
    return RestoreResult(tenant=tenant, replaced=replaced, manifest=manifest, tables=tables, skipped_rows=skipped)


def _verify(manifest, schema):
    with connection.cursor() as cursor:
        tables = table_fingerprints(cursor, schema)
        problems = [table for table, expected in manifest["tables"].items() if tables.get(table) != expected]
        problems += [table for table in tables if table not in manifest["tables"]]
        if problems:
            raise BackupRefused(f"The restored data differ from the archive's manifest in {', '.join(problems[:5])}; "
                                "nothing was restored.")
        query = 'SELECT id, app_label, model FROM "{}".django_content_type ORDER BY id'
        cursor.execute(query.format(schema))
        restored = cursor.fetchall()
        cursor.execute(query.format(template_schema.template_schema_name()))
        if restored != cursor.fetchall():
            raise BackupRefused("The archive's content types differ from this install's; nothing was restored.")
    return tables


def _write_registry(target, registry):
    archived = registry["tenant"]
    if target.existing is not None:
        return target.existing
    tenant = Tenant(slug=target.slug, name=target.name, level=archived["level"], parent=target.parent,
                    schema_name=target.schema, status=archived["status"])
    tenant.save()
    for number, name in enumerate(target.domains):
        Domain.objects.create(domain=name, tenant=tenant, is_primary=number == 0)
    return tenant


def _write_site_rows(tenant, registry, *, replaced):
    """Insert the archived public rows for `tenant` (new ids); rows whose references are gone are skipped."""
    skipped = {}
    archived = registry.get("site_rows", {})
    for rows in site_rows():
        if replaced and not rows.restore_on_replace:
            continue          # e.g. grants: who may edit the site now is not rolled back
        model = rows.model
        if replaced:
            model.objects.filter(**{rows.site_field: tenant}).delete()
        for data in archived.get(rows.model_label, []):
            data = {**data, rows.site_column: tenant.pk}
            data.pop(model._meta.pk.column, None)
            if not _references_resolve(model, data, rows.site_field):
                skipped[rows.model_label] = skipped.get(rows.model_label, 0) + 1
                continue
            columns = ", ".join(f'"{column}"' for column in data)
            with connection.cursor() as cursor:
                cursor.execute(f'INSERT INTO public."{rows.table}" ({columns}) SELECT {columns} FROM '
                               f'json_populate_record(NULL::public."{rows.table}", %s::json)',
                               [json.dumps(data, default=str)])
    return skipped


def _references_resolve(model, data, site_field):
    """Every foreign key of the row (but the site) points at a row that exists here (FKs are checked at commit)."""
    for model_field in model._meta.concrete_fields:
        value = data.get(model_field.column)
        if model_field.is_relation and model_field.name != site_field and value is not None:
            if not model_field.related_model._default_manager.filter(pk=value).exists():
                return False
    return True


def _point_wagtail_site(tenant, target):
    from wagtail.models import Site

    with schema_context(target.schema):
        Site.objects.update(hostname=target.domains[0], site_name=tenant.name)
        # Wagtail caches the site's root paths per schema; the content behind them changed.
        cache.delete("wagtail_site_root_paths")
        wagtail_site.forget()  # update() sends no signal: the remembered Site row has the old hostname


@dataclass
class MediaSwap:
    """The restored media folder put in place, and how to undo it until the transaction commits."""

    final: Path                        # MEDIA_ROOT/<schema>
    old: Path | None = None            # what was there before, kept aside until commit
    moved_in: bool = False

    def forget_old(self):
        if self.old is not None:
            shutil.rmtree(self.old, ignore_errors=True)

    def move_back(self):
        if self.moved_in:
            shutil.rmtree(self.final, ignore_errors=True)
        if self.old is not None:
            os.replace(self.old, self.final)


def _move_media_in(swap, unpacked_media):
    if swap.final.exists():
        # The replaced site's files, or those left by a restore interrupted after this step (no site owns them).
        swap.old = staging_root() / f"replaced-{swap.final.name}-{uuid.uuid4().hex}"
        swap.old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(swap.final, swap.old)
    if unpacked_media.exists():
        os.replace(unpacked_media, swap.final)
        swap.moved_in = True
