"""The site registry, in the public schema: one row per government site (tenant)."""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin

SCHEMA_PREFIX = "site_"
SLUG_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
# Slugs that would read as platform paths or hosts.
RESERVED_SLUGS = {"www", "admin", "api", "static", "media", "platform", "public", "template"}
HOSTNAME_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def validate_slug(value):
    if len(value) > 40 or not re.match(SLUG_PATTERN, value):
        raise ValidationError(
            _("“%(value)s” is not a valid site slug: use 2–40 lowercase letters, digits and single "
              "hyphens, starting with a letter (e.g. “donghu” or “taoyuan-town”)."),
            code="invalid_slug", params={"value": value},
        )
    if len(value) < 2:
        raise ValidationError(_("A site slug needs at least 2 characters."), code="invalid_slug")
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved by the platform; choose another slug."),
            code="reserved_slug", params={"value": value},
        )


def validate_hostname(value):
    labels = value.split(".")
    if (
        value != value.lower()
        or len(value) > 253
        or len(labels) < 2
        or not all(HOSTNAME_LABEL.match(label) for label in labels)
    ):
        raise ValidationError(
            _("“%(value)s” is not a valid domain: use lowercase host names such as "
              "“donghu.gov.example.cn” (no scheme, port or path)."),
            code="invalid_domain", params={"value": value},
        )


class Tenant(TenantMixin):
    """A government website. Its content lives in its own PostgreSQL schema."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District / county")
        TOWNSHIP = "township", _("Township / street")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("site status", "Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    # The level a parent must have, for each level.
    PARENT_LEVEL = {Level.CITY: None, Level.DISTRICT: Level.CITY, Level.TOWNSHIP: Level.DISTRICT}

    name = models.CharField(_("name"), max_length=120)
    slug = models.CharField(_("slug"), max_length=40, unique=True, validators=[validate_slug])
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent site"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Schemas are created by tenants.provisioning (cloned from the template), never
    # implicitly by save(): a half-made site must not appear in the registry.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["level", "name"]
        constraints = [
            # The level tree in the database too, for writes that bypass clean().
            models.CheckConstraint(
                name="tenant_city_has_no_parent_others_do",
                condition=(models.Q(level="city", parent__isnull=True)
                           | (~models.Q(level="city") & models.Q(parent__isnull=False))),
                violation_error_message=_("A city site has no parent; every other site has one."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.slug})"

    @staticmethod
    def schema_name_for(slug):
        return SCHEMA_PREFIX + slug.replace("-", "_")

    @property
    def is_public_facing(self):
        return self.status == self.Status.ACTIVE

    def clean(self):
        super().clean()
        if self.slug and not self.schema_name:
            self.schema_name = self.schema_name_for(self.slug)
        self._validate_level()

    def _validate_level(self):
        level, parent = self.level, self.parent
        required = self.PARENT_LEVEL.get(level)
        if level == self.Level.CITY and parent is not None:
            raise ValidationError({"parent": _("A city site has no parent site.")})
        if required and parent is None:
            raise ValidationError({"parent": _("A %(level)s site needs a parent %(parent_level)s site.") % {
                "level": self.Level(level).label, "parent_level": self.Level(required).label}})
        if required and parent.level != required:
            raise ValidationError({"parent": _(
                "The parent of a %(level)s site must be a %(parent_level)s site; "
                "“%(parent)s” is a %(actual)s site.") % {
                "level": self.Level(level).label, "parent_level": self.Level(required).label,
                "parent": parent.name, "actual": self.Level(parent.level).label}})
        if self.pk and level == self.Level.TOWNSHIP and self.children.exists():
            raise ValidationError({"level": _("A township site cannot have sites below it.")})
        if self.pk and level and self.children.exclude(level=self._child_level()).exists():
            raise ValidationError({"level": _(
                "Sites below this one would no longer be one level down; move them first.")})

    def _child_level(self):
        return {self.Level.CITY: self.Level.DISTRICT, self.Level.DISTRICT: self.Level.TOWNSHIP}.get(self.level)

    def primary_domain_name(self):
        # Uses the prefetch cache when the caller prefetched domains.
        domains = list(self.domains.all())
        primary = [d for d in domains if d.is_primary] or domains
        return primary[0].domain if primary else None


class Domain(DomainMixin):
    """A host name a site answers on. One is primary; the others are aliases."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def clean(self):
        super().clean()
        from django.conf import settings

        if self.domain:
            self.domain = self.domain.strip().lower()
            validate_hostname(self.domain)
            if self.domain in settings.SITEGROUP_PLATFORM_HOSTS:
                raise ValidationError({"domain": _("“%(domain)s” is the platform's own host.") % {
                    "domain": self.domain}})


class MoveUp(models.Model):
    """One move-up of a township into a section of its parent site (tenants.moveup).

    Lives in the public schema beside the registry. The row is written before any content
    is copied, so an interrupted run is found again by `move_up --resume/--rollback`.
    """

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        COPYING = "copying", _("Copying")
        VERIFIED = "verified", _("Verified (committed, files being put in place)")
        DONE = "done", _("Done")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    source = models.ForeignKey(Tenant, verbose_name=_("moved site"), on_delete=models.PROTECT,
                               related_name="moves_out")
    target = models.ForeignKey(Tenant, verbose_name=_("receiving site"), on_delete=models.PROTECT,
                               related_name="moves_in")
    section_path = models.CharField(_("section path"), max_length=255)
    section_page_id = models.BigIntegerField(_("section page id"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    notice_days = models.PositiveSmallIntegerField(_("notice days"), default=30)
    notice_until = models.DateTimeField(_("notice shown until"), null=True, blank=True)
    # {old path on the township's hosts: new path on the parent's primary host}
    url_map = models.JSONField(_("URL map"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    checksums = models.JSONField(_("checksums"), default=dict, blank=True)
    # Ids of everything created on the receiving site, and the staged files: what rollback removes.
    created = models.JSONField(_("created objects"), default=dict, blank=True)
    staging_dir = models.CharField(_("staging folder"), max_length=500, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rolled_back_at = models.DateTimeField(_("rolled back"), null=True, blank=True)

    UNFINISHED = (State.PLANNED, State.COPYING, State.VERIFIED)

    class Meta:
        verbose_name = _("move-up")
        verbose_name_plural = _("move-ups")
        ordering = ["-created_at"]
        constraints = [
            # At most one move per township that is not rolled back.
            models.UniqueConstraint(fields=["source"], condition=~models.Q(state="rolled_back"),
                                    name="moveup_one_live_move_per_site"),
        ]

    def __str__(self):
        return f"{self.source.slug} → {self.target.slug}{self.section_path} ({self.state})"
