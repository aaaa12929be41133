"""Create sites: registry row, domains, a schema cloned from the template, home page,
standard columns and the Wagtail Site record, all in one transaction."""
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from . import template_schema
from .models import Domain, Tenant
from .signals import site_provisioned


@dataclass
class SiteSpec:
    """What an operator asks for: the input of `provision_site`, one row of a bulk file."""

    slug: str
    name: str
    level: str
    parent: str | None = None          # the parent site's slug
    domains: list[str] = field(default_factory=list)

    def domain_names(self):
        return self.domains or [f"{self.slug}.{settings.SITEGROUP_SITE_DOMAIN_SUFFIX}"]


def build_tenant(spec, known_parents=None):
    """Validate `spec` and return an unsaved Tenant and Domains; raise ValidationError.

    `known_parents` maps slugs to Tenants planned in the same bulk run but not saved yet.
    """
    errors = {}
    parent = None
    if spec.parent:
        parent = (known_parents or {}).get(spec.parent) or Tenant.objects.filter(slug=spec.parent).first()
        if parent is None:
            errors["parent"] = [f"No site with slug “{spec.parent}” exists (parent of “{spec.slug}”)."]
    tenant = Tenant(slug=spec.slug, name=spec.name, level=spec.level, parent=parent,
                    schema_name=Tenant.schema_name_for(spec.slug or ""))
    try:
        # The level rules of the check constraint are validated by clean() with a precise
        # message (and a parent planned in the same bulk run has no id yet).
        tenant.full_clean(exclude=["parent"] if "parent" in errors else None, validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    domains = []
    for name in spec.domain_names():
        domain = Domain(domain=name.strip().lower(), tenant=tenant, is_primary=not domains)
        try:
            domain.full_clean(exclude=["tenant"])
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                errors.setdefault("domains", []).extend(messages)
        domains.append(domain)
    if errors:
        raise ValidationError(errors)
    return tenant, domains


def provision_site(spec, *, verify_template=True, clone=True):
    """Create a site ready to edit and return its Tenant. All or nothing.

    clone=False builds the schema by running every migration instead: many times slower,
    kept as the reference the provisioning benchmark compares cloning with.
    """
    tenant, domains = build_tenant(spec)
    if verify_template and clone:
        template_schema.assert_ready()
    try:
        if not clone:
            # Migrations run one transaction each (data migrations followed by ALTERs cannot
            # share one), so this path is not atomic; it drops the schema on failure instead.
            migrate_new_schema(tenant.schema_name)
        with transaction.atomic():
            _register_and_build(tenant, domains, clone)
    except Exception:
        if not clone:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')
        raise
    connection.set_schema_to_public()
    if not connection.in_atomic_block:
        # The clone leaves its hundreds of new relations in this PostgreSQL backend's caches, and
        # DDL in a backend slows as they grow: one connection cloning site after site went from
        # 0.64 s per site (sites 1-100) to 1.3 s (sites 601-650); bench/scale.py. A new connection
        # costs milliseconds. Inside a caller's transaction the connection is the caller's.
        connection.close()
    return tenant


def _register_and_build(tenant, domains, clone):
    tenant.save()
    for domain in domains:
        domain.tenant = tenant
        domain.save()
    if clone:
        clone_template_into(tenant.schema_name)
    with schema_context(tenant.schema_name):
        _build_site(tenant, primary_domain=domains[0].domain)
    transaction.on_commit(lambda: site_provisioned.send(sender=Tenant, tenant=tenant))


def clone_template_into(schema_name):
    template_schema.clone_into(schema_name)


def migrate_new_schema(schema_name):
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
    call_command("migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0,
                 skip_template=True)
    template_schema.reset_baseline(schema_name)
    connection.set_schema_to_public()


def _build_site(tenant, primary_domain):
    from wagtail.models import Site

    # The page types, and so which pages a new site starts with, are the builder's business.
    builder = import_string(settings.SITEGROUP_SITE_SKELETON_BUILDER)
    home = builder(tenant)
    Site.objects.create(
        hostname=primary_domain, port=80, site_name=tenant.name, root_page=home, is_default_site=True,
    )


def change_status(tenant, new_status):
    """Move a site to another lifecycle state and tell subscribers (search, ...)."""
    from .signals import site_status_changed

    old_status = tenant.status
    if old_status == new_status:
        return tenant
    if new_status not in Tenant.Status.values:
        raise ValidationError({"status": f"Unknown status “{new_status}”."})
    tenant.status = new_status
    tenant.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: site_status_changed.send(
        sender=Tenant, tenant=tenant, old_status=old_status, new_status=new_status))
    return tenant
