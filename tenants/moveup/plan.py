"""The dry run: what moves where, every URL that changes, every conflict, the size."""
import os
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, Site

from ..models import MoveUp, Tenant
from .references import unsupported_references


class MoveUpRefused(Exception):
    """The move cannot start; the message says why and what to do."""


def normalise_section_path(path):
    path = (path or "").strip()
    if not path.startswith("/"):
        path = "/" + path
    if not path.endswith("/"):
        path += "/"
    while "//" in path:
        path = path.replace("//", "/")
    return path


@dataclass
class Plan:
    source: Tenant
    target: Tenant
    section_path: str
    mode: str = ""                   # "new": the home becomes a new section; "existing": merge into it
    landing_parent_id: int | None = None
    section_page_id: int | None = None
    section_slug: str = ""
    section_model: str = ""          # app_label.Model of the new section page
    home_id: int | None = None
    home_model: str = ""
    pages_by_type: Counter = field(default_factory=Counter)
    counts: dict = field(default_factory=dict)
    bytes: int = 0
    landing: list = field(default_factory=list)      # (old path, new path, page type, title)
    url_map: dict = field(default_factory=dict)      # page paths only; files are added by the move
    old_domains: list = field(default_factory=list)
    target_domain: str = ""
    conflicts: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.conflicts

    def url_changes(self, scheme="http"):
        """[(old absolute URL, new absolute URL)] on every old domain."""
        return [(f"{scheme}://{domain}{old}", f"{scheme}://{self.target_domain}{new}")
                for old, new in self.url_map.items() for domain in self.old_domains]

    def as_dict(self):
        return {
            "source": self.source.slug, "target": self.target.slug, "section_path": self.section_path,
            "mode": self.mode, "section_model": self.section_model, "pages_by_type": dict(self.pages_by_type),
            "counts": self.counts, "bytes": self.bytes, "conflicts": self.conflicts, "notes": self.notes,
            "landing": self.landing, "url_changes": self.url_changes(),
        }


def check_sites(source, target=None, resuming=None):
    """Refuse moves that make no sense, with a clear message. Returns the receiving site."""
    if source.level != Tenant.Level.TOWNSHIP:
        raise MoveUpRefused(_("“%(site)s” is a %(level)s site: only township sites are moved up into their "
                              "parent site.") % {"site": source.slug, "level": Tenant.Level(source.level).label})
    parent = source.parent
    if target is not None and target.pk != source.parent_id:
        raise MoveUpRefused(_("“%(site)s” can only move up into its parent site “%(parent)s”, not into "
                              "“%(target)s”.") % {"site": source.slug, "parent": parent.slug if parent else "-",
                                                   "target": target.slug})
    done = MoveUp.objects.filter(source=source).exclude(state=MoveUp.State.ROLLED_BACK).exclude(
        pk=resuming.pk if resuming else None).first()
    if done is not None:
        if done.state == MoveUp.State.DONE:
            raise MoveUpRefused(_("“%(site)s” has already been moved up into %(target)s%(path)s on %(date)s; "
                                  "use --rollback to undo that move.") % {
                "site": source.slug, "target": done.target.slug, "path": done.section_path,
                "date": (done.finished_at or done.created_at).date().isoformat()})
        raise MoveUpRefused(_("An unfinished move of “%(site)s” exists (state: %(state)s). Run "
                              "“manage.py move_up %(site)s --resume” to complete it or “--rollback” to abandon "
                              "it.") % {"site": source.slug, "state": done.state})
    if source.status != Tenant.Status.ACTIVE:
        raise MoveUpRefused(_("“%(site)s” is %(status)s, not active: only an active site can be moved up.") % {
            "site": source.slug, "status": Tenant.Status(source.status).label})
    if parent.status != Tenant.Status.ACTIVE:
        raise MoveUpRefused(_("The parent site “%(parent)s” is not active.") % {"parent": parent.slug})
    return parent


def _default_site_root():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first() or \
        Site.objects.select_related("root_page").first()
    return site.root_page.specific if site else None


def _allowed(child_model, parent_model):
    return (parent_model in child_model.allowed_parent_page_models()
            and child_model in parent_model.allowed_subpage_models())


def _label(model):
    return model._meta.label


def make_plan(source, section_path, target=None, resuming=None):
    """Plan moving `source` into `section_path` on its parent site. Reads only."""
    target = check_sites(source, target, resuming)
    plan = Plan(source=source, target=target, section_path=normalise_section_path(section_path))
    plan.old_domains = list(source.domains.order_by("-is_primary", "domain").values_list("domain", flat=True))
    plan.target_domain = target.primary_domain_name()

    with schema_context(source.schema_name):
        home = _default_site_root()
        if home is None:
            plan.conflicts.append(_("The site “%(site)s” has no home page.") % {"site": source.slug})
            return plan
        plan.home_id, plan.home_model = home.pk, _label(type(home))
        tree = list(home.get_descendants(inclusive=True).specific().order_by("path"))
        outside = Page.objects.filter(depth__gte=2).exclude(path__startswith=home.path)
        for page in outside.order_by("path")[:10]:
            plan.conflicts.append(_("The page “%(title)s” (%(locale)s) is outside the site's home page (e.g. a "
                                    "translation tree); move or delete it first.") % {
                "title": page.title, "locale": page.locale.language_code})
        home_children = [p for p in tree if p.depth == home.depth + 1]
        for page in tree:
            for name, label in unsupported_references(page):
                plan.conflicts.append(_("The page “%(title)s” refers through “%(field)s” to a %(model)s, which "
                                        "move-up does not carry; clear it first.") % {
                    "title": page.title, "field": name, "model": label})
        page_ids = [str(p.pk) for p in tree]
        revisions = Revision.objects.page_revisions().filter(object_id__in=page_ids)
        images, documents = get_image_model().objects.all(), get_document_model().objects.all()
        size, missing = 0, []
        for obj in list(images) + list(documents):
            try:
                size += os.path.getsize(obj.file.path)
            except OSError:
                missing.append(obj.file.name)
        for name in missing:
            plan.conflicts.append(_("The file “%(name)s” is missing from the site's media folder.") % {"name": name})
        plan.bytes = size
        plan.counts = {
            "pages": len(tree), "revisions": revisions.count(), "images": images.count(),
            "documents": documents.count(), "collections": Collection.objects.filter(depth__gt=1).count() + 1,
            "redirects": Redirect.objects.count(),
            "form_submissions": FormSubmission.objects.filter(page_id__in=[p.pk for p in tree]).count(),
        }
        plan.pages_by_type = Counter(type(p)._meta.verbose_name.title() for p in tree)
        relative_paths = {p.pk: p.url_path[len(home.url_path):] for p in tree}
        old_paths = {p.pk: "/" + relative_paths[p.pk] for p in tree}
        redirects = list(Redirect.objects.all())

    with schema_context(target.schema_name):
        target_home = _default_site_root()
        rel_path = plan.section_path.strip("/")
        wanted_url_path = target_home.url_path + (rel_path + "/" if rel_path else "")
        existing = Page.objects.filter(url_path=wanted_url_path, path__startswith=target_home.path).first()
        if existing is not None:
            plan.mode, plan.section_page_id = "existing", existing.pk
            section_model = existing.specific_class
            plan.section_model = _label(section_model)
            plan.notes.append(_("“%(path)s” exists: the township's columns go directly under it; the township "
                                "home page itself is not copied (its URL leads to the section).") % {
                "path": plan.section_path})
            taken = set(Page.objects.child_of(existing).values_list("slug", flat=True))
            for child in home_children:
                if child.slug in taken:
                    plan.conflicts.append(_("Slug collision: “%(path)s%(slug)s/” already exists on %(site)s.") % {
                        "path": plan.section_path, "slug": child.slug, "site": target.slug})
            landing_parent_model = section_model
        else:
            plan.mode = "new"
            parent_path = "/".join(rel_path.split("/")[:-1])
            parent_url_path = target_home.url_path + (parent_path + "/" if parent_path else "")
            parent = Page.objects.filter(url_path=parent_url_path, path__startswith=target_home.path).first()
            plan.section_slug = rel_path.split("/")[-1] if rel_path else ""
            if parent is None:
                plan.conflicts.append(_("Missing parent section: “/%(path)s” does not exist on %(site)s; "
                                        "create it first or choose another path.") % {
                    "path": parent_path + "/" if parent_path else "", "site": target.slug})
                return plan
            if slugify(plan.section_slug) != plan.section_slug or not plan.section_slug:
                plan.conflicts.append(_("“%(slug)s” cannot be a page slug: use lowercase letters, digits and "
                                        "hyphens.") % {"slug": plan.section_slug})
            plan.landing_parent_id = parent.pk
            parent_model = parent.specific_class
            home_model = type(home)
            section_model = home_model if _allowed(home_model, parent_model) else apps.get_model(
                settings.SITEGROUP_MOVEUP_SECTION_PAGE_TYPE)
            plan.section_model = _label(section_model)
            if section_model is not home_model:
                plan.notes.append(_("The township home page becomes a %(model)s (a %(home)s cannot be placed "
                                    "there); its title and description are kept, its revisions stay in the "
                                    "township's archived schema.") % {
                    "model": section_model._meta.verbose_name, "home": home_model._meta.verbose_name})
            if not _allowed(section_model, parent_model):
                plan.conflicts.append(_("Page type not allowed: a %(child)s cannot be placed under “%(parent)s” "
                                        "(%(parent_type)s).") % {
                    "child": section_model._meta.verbose_name, "parent": parent.title,
                    "parent_type": parent_model._meta.verbose_name})
            landing_parent_model = section_model
        for child in home_children:
            child_model = type(child)
            if not _allowed(child_model, landing_parent_model):
                plan.conflicts.append(_("Page type not allowed: “%(title)s” (%(child)s) cannot be placed under a "
                                        "%(parent)s.") % {"title": child.title,
                                                          "child": child_model._meta.verbose_name,
                                                          "parent": landing_parent_model._meta.verbose_name})
        for redirect in redirects:
            new_old_path = Redirect.normalise_path(plan.section_path.rstrip("/") + redirect.old_path)
            if Redirect.objects.filter(old_path=new_old_path).exists():
                plan.conflicts.append(_("A redirect from “%(path)s” already exists on %(site)s.") % {
                    "path": new_old_path, "site": target.slug})
    plan.counts["pages_moved"] = len(tree) - (1 if plan.mode == "existing" else 0)
    for page in tree:
        new = plan.section_path + relative_paths[page.pk]
        plan.url_map[old_paths[page.pk]] = new
        plan.landing.append((old_paths[page.pk], new, type(page)._meta.verbose_name, page.title))
    return plan
