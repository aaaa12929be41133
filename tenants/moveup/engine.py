"""The move itself: copy into the parent's schema in one transaction, verify, commit, finish.

Order of events (docs/architecture.md, "Move-up"):
1. a MoveUp row (public) is committed in state `copying`;
2. ONE transaction: lock the township's content tables, copy collections, images, documents
   (files into a staging folder), pages (new ids allocated up front, so every reference can be
   rewritten as the rows are written), their child rows and revisions, view restrictions, form
   submissions and redirects into the parent's schema; verify counts and checksums; close the
   township and record the URL map (state `verified`); commit;
3. after commit: the staged files are moved into MEDIA_ROOT/<parent schema>/, the state becomes
   `done` and `site_moved_up` is sent.
A failure in 2 rolls everything back and removes the staged files; the township never changed.
"""
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from modelcluster.fields import ParentalKey
from tqdm import tqdm

from ..models import MoveUp, Tenant
from ..provisioning import change_status
from ..signals import site_move_rolled_back, site_moved_up
from .plan import MoveUpRefused
from .references import IdMaps, canonical, rewrite_instance_fields, rewrite_serialized

logger = logging.getLogger(__name__)
NOTICE_CACHE_KEY = "sitegroup:moveup-notices"


class MoveUpFailed(Exception):
    """The move stopped; nothing was changed. The message says how to go on."""


class VerificationFailed(Exception):
    pass


def staging_root():
    return Path(getattr(settings, "SITEGROUP_MOVEUP_STAGING_ROOT", None)
                or Path(settings.MEDIA_ROOT) / ".moveup-staging")


def _digest(rows):
    """sha256 of rows in a canonical, order-independent form."""
    lines = sorted(json.dumps(canonical(list(row) if isinstance(row, tuple) else row), sort_keys=True,
                              ensure_ascii=False, default=str) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _allocate_ids(model, count):
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return [row[0] for row in cursor.fetchall()]


def _file_sha256(path):
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _content_type_rows(schema):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, app_label, model FROM "{schema}".django_content_type ORDER BY id')
        return cursor.fetchall()


def _bulk_create_keeping(model, objects, keep_fields):
    """bulk_create, then restore fields that auto_now_add overwrote (e.g. created_at)."""
    values = [{name: getattr(obj, name) for name in keep_fields} for obj in objects]
    created = model.objects.bulk_create(objects, batch_size=500)
    if keep_fields:
        for obj, saved in zip(created, values, strict=True):
            for name, value in saved.items():
                setattr(obj, name, value)
        model.objects.bulk_update(created, keep_fields, batch_size=500)
    return created


def _field_values(obj):
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.attname)
        values[field.attname] = value.name if isinstance(value, FieldFile) else value
    return values


def _auto_now_fields(model):
    return [f.name for f in model._meta.concrete_fields
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]


class Mover:
    """Carries one planned move. Use `move_up()` / `resume_move()` rather than this class."""

    def __init__(self, move, plan, *, progress=False):
        self.move, self.plan, self.progress = move, plan, progress
        self.source, self.target = plan.source, plan.target
        self.maps = IdMaps()
        self.staging = staging_root() / f"move-{move.pk}"
        self.staged_files = []          # target-relative names
        self.before, self.after = {}, {}
        self.counts_before, self.counts_after = {}, {}
        self.created = {}
        self.url_map = dict(plan.url_map)

    def bar(self, iterable, desc, total=None):
        return tqdm(iterable, desc=desc, total=total, unit="obj", disable=not self.progress, leave=False)

    # -- run ----------------------------------------------------------------------------
    def run(self):
        MoveUp.objects.filter(pk=self.move.pk).update(state=MoveUp.State.COPYING, started_at=timezone.now(),
                                                      error="")
        try:
            with transaction.atomic():
                self._assert_content_types()
                self._lock_source()
                self._load_source()
                with schema_context(self.target.schema_name):
                    self._copy()
                    self._measure_target()
                self._verify()
                self._commit_state()
                transaction.on_commit(lambda: finish_move(self.move.pk))
        except Exception as exc:
            shutil.rmtree(self.staging, ignore_errors=True)
            connection.set_schema_to_public()
            MoveUp.objects.filter(pk=self.move.pk).update(error=f"{type(exc).__name__}: {exc}")
            raise MoveUpFailed(_(
                "The move of “%(site)s” stopped and nothing was changed (%(error)s). Run “manage.py move_up "
                "%(site)s --resume” to try again or “--rollback” to abandon it.") % {
                "site": self.source.slug, "error": exc}) from exc
        connection.set_schema_to_public()
        self.move.refresh_from_db()
        return self.move

    def _assert_content_types(self):
        if _content_type_rows(self.source.schema_name) != _content_type_rows(self.target.schema_name):
            raise MoveUpRefused(_("Content types differ between “%(source)s” and “%(target)s”: migrate every "
                                  "site first.") % {"source": self.source.slug, "target": self.target.slug})

    def _lock_source(self):
        # Editors of the township cannot change what is being copied until the move commits;
        # visitors keep reading.
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page, Revision

        tables = ", ".join(f'"{self.source.schema_name}"."{m._meta.db_table}"'
                           for m in (Page, Revision, get_image_model(), get_document_model()))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")

    # -- read the township ----------------------------------------------------------------
    def _load_source(self):
        from django.contrib.contenttypes.models import ContentType
        from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
        from taggit.models import TaggedItem
        from wagtail.contrib.forms.models import FormSubmission
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Collection, Locale, Page, PageViewRestriction, Revision

        with schema_context(self.source.schema_name):
            home = Page.objects.get(pk=self.plan.home_id)
            self.home = home
            self.pages = list(home.get_descendants(inclusive=True).specific().order_by("path"))
            ids = [p.pk for p in self.pages]
            self.children = {}        # child model → list of rows
            self.m2m = []             # (page, field name, [ids])
            for model in {type(p) for p in self.pages}:
                for relation in get_all_child_relations(model):
                    child_model = relation.related_model
                    if child_model not in self.children:
                        self.children[child_model] = list(child_model.objects.filter(
                            **{f"{relation.field.name}_id__in": ids}).order_by("pk"))
            for page in self.pages:
                for m2m in get_all_child_m2m_relations(type(page)):
                    through = m2m.remote_field.through
                    self.m2m.append((page.pk, type(page), m2m.name, list(through.objects.filter(
                        **{m2m.m2m_column_name(): page.pk}).values_list(m2m.m2m_reverse_name(), flat=True))))
            self.revisions = list(Revision.objects.page_revisions().filter(
                object_id__in=[str(i) for i in ids]).order_by("pk"))
            self.collections = list(Collection.objects.order_by("path"))
            self.images = list(get_image_model().objects.order_by("pk"))
            self.documents = list(get_document_model().objects.order_by("pk"))
            self.tags = {}
            for model, _objs in ((get_image_model(), self.images), (get_document_model(), self.documents)):
                ct = ContentType.objects.get_for_model(model)
                for object_id, name in TaggedItem.objects.filter(content_type=ct).values_list(
                        "object_id", "tag__name"):
                    self.tags.setdefault((model, object_id), []).append(name)
            self.restrictions = [(r, list(r.groups.values_list("name", flat=True)))
                                 for r in PageViewRestriction.objects.filter(page_id__in=ids)]
            self.submissions = list(FormSubmission.objects.filter(page_id__in=ids).order_by("pk"))
            self.redirects = list(Redirect.objects.order_by("pk"))
            self.locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
            self.file_sources = {}
            for obj in self.images + self.documents:
                self.file_sources[(type(obj), obj.pk)] = obj.file.path
            self.old_file_urls = {(type(o), o.pk): o.file.url for o in self.images + self.documents}
            self.old_document_urls = {d.pk: d.url for d in self.documents}
            self.rel = {p.pk: p.url_path[len(home.url_path):] for p in self.pages}
            self.before = self._source_checksums()
            self.counts_before = self._source_counts()

    def _source_counts(self):
        moved = self._moved_pages()
        return {
            "pages": len(moved), "revisions": len([r for r in self.revisions if self._revision_moves(r)]),
            "images": len(self.images), "documents": len(self.documents),
            "collections": len(self.collections), "redirects": len(self.redirects),
            "form_submissions": len(self.submissions), "view_restrictions": len(self.restrictions),
            "child_rows": sum(len(rows) for rows in self.children.values()),
            "files": len(self.file_sources), "file_bytes": self.before_file_bytes,
        }

    def _moved_pages(self):
        return [p for p in self.pages if not (self.plan.mode == "existing" and p.pk == self.home.pk)]

    def _home_stays_behind(self):
        return self.plan.mode == "existing" or self._converted_home()

    def _converted_home(self):
        return self.plan.mode == "new" and self.plan.section_model != self.plan.home_model

    def _revision_moves(self, revision):
        page_id = int(revision.object_id)
        return not (page_id == self.home.pk and (self.plan.mode == "existing" or self._converted_home()))

    def _page_tree_rows(self, pages, rel, locale_codes):
        return sorted((rel[p.pk], p.content_type_id, p.title, p.draft_title, p.live, p.has_unpublished_changes,
                       p.first_published_at, p.last_published_at,
                       locale_codes.get(p.locale_id), p.numchild, p.show_in_menus, p.seo_title,
                       p.search_description) for p in pages)

    def _source_checksums(self):
        files, total = [], 0
        for _key, path in sorted(self.file_sources.items(), key=lambda kv: (kv[0][0].__name__, kv[0][1])):
            sha, size = _file_sha256(path)
            total += size
            files.append(sha)
        self.before_file_bytes = total
        moved = self._moved_pages()
        if self._converted_home():
            moved = [p for p in moved if p.pk != self.home.pk]
        return {
            "pages": _digest(self._page_tree_rows(moved, self.rel, self.locale_codes)),
            "revisions": _digest(((self.rel[int(r.object_id)], r.created_at, r.object_str)
                                        for r in self.revisions if self._revision_moves(r))),
            "images": _digest(((i.title, i.file_hash, i.file_size, i.width, i.height) for i in self.images)),
            "documents": _digest(((d.title, d.file_hash, d.file_size) for d in self.documents)),
            "form_submissions": _digest(((self.rel[s.page_id], s.form_data, s.submit_time)
                                               for s in self.submissions)),
            "files": _digest((files)),
        }

    # -- write into the parent --------------------------------------------------------------
    def _copy(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from wagtail.models import Locale, Site

        maps = self.maps
        target_codes = dict(Locale.objects.values_list("language_code", "pk"))
        for old_id, code in self.locale_codes.items():
            if code not in target_codes:
                raise MoveUpRefused(_("The locale “%(code)s” does not exist on %(site)s.") % {
                    "code": code, "site": self.target.slug})
            maps.locales[old_id] = target_codes[code]
        with schema_context(self.source.schema_name):
            source_users = dict(get_user_model().objects.values_list("pk", get_user_model().USERNAME_FIELD))
            source_groups = dict(Group.objects.values_list("pk", "name"))
            source_sites = list(Site.objects.values_list("pk", flat=True))
        target_users = dict(get_user_model().objects.values_list(get_user_model().USERNAME_FIELD, "pk"))
        maps.users = {pk: target_users[name] for pk, name in source_users.items() if name in target_users}
        target_groups = dict(Group.objects.values_list("name", "pk"))
        maps.groups = {pk: target_groups[name] for pk, name in source_groups.items() if name in target_groups}
        self.target_site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        maps.sites = {pk: self.target_site.pk for pk in source_sites}

        self._copy_collections()
        self._copy_files()
        self._place_pages()
        self._copy_pages()
        self._copy_children()
        self._copy_revisions()
        self._copy_restrictions()
        self._copy_submissions()
        self._copy_redirects()
        self._add_file_urls()

    def _copy_collections(self):
        from wagtail.models import Collection

        root = Collection.get_first_root_node()
        name = self.source.name
        taken = set(Collection.objects.child_of(root).values_list("name", flat=True))
        suffix = 2
        while name in taken:
            name, suffix = f"{self.source.name} ({suffix})", suffix + 1
        created = []
        for collection in self.collections:
            if collection.depth == 1:
                new = root.add_child(instance=Collection(name=name))
            else:
                parent = Collection.objects.get(pk=self.maps.collections[collection.get_parent().pk])
                new = parent.add_child(instance=Collection(name=collection.name))
            self.maps.collections[collection.pk] = new.pk
            created.append(new.pk)
        self.created["collections"] = created

    def _new_file_name(self, name, taken):
        directory, base = os.path.split(name)
        candidate = os.path.join(directory, self.source.slug, base)
        stem, ext = os.path.splitext(candidate)
        target_root = Path(settings.MEDIA_ROOT) / self.target.schema_name
        counter = 1
        while candidate in taken or (target_root / candidate).exists():
            candidate, counter = f"{stem}-{counter}{ext}", counter + 1
        taken.add(candidate)
        return candidate

    def _copy_files(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.search import index

        taken = set()
        self.staged = {}
        for model, objs, kind in ((get_image_model(), self.images, "images"),
                                  (get_document_model(), self.documents, "documents")):
            keep = _auto_now_fields(model)
            copies = []
            for obj in self.bar(objs, _("Copying %(kind)s") % {"kind": kind}):
                new_name = self._new_file_name(obj.file.name, taken)
                staged = self.staging / new_name
                staged.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.file_sources[(model, obj.pk)], staged)
                self.staged_files.append(new_name)
                # Given at construction: assigning a file later makes Django re-read its dimensions.
                copy = model(**{**_field_values(obj), "file": new_name})
                rewrite_instance_fields(copy, self.maps)
                copies.append((obj, copy))
            created = _bulk_create_keeping(model, [c for _o, c in copies], keep)
            getattr(self.maps, kind).update({obj.pk: new.pk for (obj, _c), new in zip(copies, created, strict=True)})
            self.created[kind] = [new.pk for new in created]
            self.staged.update({(model, new.pk): new.file.name for new in created})
            self._copy_tags(model, copies, created)
            for new in created:
                index.insert_or_update_object(new)

    def _copy_tags(self, model, copies, created):
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import Tag, TaggedItem

        ct = ContentType.objects.get_for_model(model)
        items = []
        for (obj, _copy), new in zip(copies, created, strict=True):
            for name in self.tags.get((model, obj.pk), []):
                tag, _created = Tag.objects.get_or_create(name=name, defaults={"slug": name})
                items.append(TaggedItem(tag=tag, content_type=ct, object_id=new.pk))
        TaggedItem.objects.bulk_create(items)

    def _place_pages(self):
        """New id, tree path, depth and url_path of every moved page, before any is written."""
        from wagtail.models import Page, Revision

        home, pages = self.home, self.pages
        new_ids = _allocate_ids(Page, len(pages))
        self.new_path, self.new_depth, self.new_url_path = {}, {}, {}
        if self.plan.mode == "existing":
            section = Page.objects.get(pk=self.plan.section_page_id)
            self.maps.pages[home.pk] = section.pk
            self.new_path[home.pk], self.new_depth[home.pk], self.new_url_path[home.pk] = (
                section.path, section.depth, section.url_path)
            self.section, self.landing_parent = section, section
            new_children = len([p for p in pages if p.depth == home.depth + 1])
        else:
            parent = Page.objects.get(pk=self.plan.landing_parent_id)
            self.landing_parent = parent
            new_children = 1
        last = self.landing_parent.get_last_child()
        next_path = last._inc_path() if last else self.landing_parent.path + Page._get_path(None, 1, 1)
        steplen = Page.steplen
        for page, new_id in zip(pages, new_ids, strict=True):
            self.maps.pages.setdefault(page.pk, new_id)
        if self.plan.mode == "new":
            self.new_path[home.pk] = next_path
            self.new_depth[home.pk] = self.landing_parent.depth + 1
            self.new_url_path[home.pk] = self.landing_parent.url_path + self.plan.section_slug + "/"
            child_paths = {}
        else:
            child_paths, step = {}, next_path
            for child in [p for p in pages if p.depth == home.depth + 1]:
                child_paths[child.path] = step
                step = Page._get_path(step, len(step) // steplen, int(Page._str2int(step[-steplen:])) + 1)
        for page in pages:
            if page.pk == home.pk:
                continue
            if self.plan.mode == "new":
                self.new_path[page.pk] = self.new_path[home.pk] + page.path[len(home.path):]
            else:
                top = page.path[:len(home.path) + steplen]
                self.new_path[page.pk] = child_paths[top] + page.path[len(top):]
            self.new_depth[page.pk] = len(self.new_path[page.pk]) // steplen
            self.new_url_path[page.pk] = self.new_url_path[home.pk] + self.rel[page.pk]
        moving = [r for r in self.revisions if self._revision_moves(r)]
        self.maps.revisions = dict(zip([r.pk for r in moving], _allocate_ids(Revision, len(moving)), strict=True))
        Page.objects.filter(pk=self.landing_parent.pk).update(numchild=models.F("numchild") + new_children)

    def _copy_pages(self):
        converted = self._converted_home()
        self.content_after_rewrite = {}
        written = []
        for page in self.bar(self.pages, _("Copying pages")):
            if self.plan.mode == "existing" and page.pk == self.home.pk:
                continue
            if page.pk == self.home.pk and converted:
                obj = self._section_from_home(page)
            else:
                obj = page
            self._copy_page(obj, page)
            written.append(obj.pk)
        self.created["pages"] = written
        self.created["section_page_id"] = self.maps.pages[self.home.pk]
        self.created["top_page_ids"] = ([self.maps.pages[self.home.pk]] if self.plan.mode == "new" else
                                        [self.maps.pages[p.pk] for p in self.pages if p.depth == self.home.depth + 1])

    def _section_from_home(self, home):
        from django.apps import apps
        from wagtail.models import Page

        model = apps.get_model(self.plan.section_model)
        section = model()
        names = {f.attname for f in model._meta.concrete_fields}
        for field in type(home)._meta.concrete_fields:
            if field.primary_key or (isinstance(field, models.OneToOneField) and field.remote_field.parent_link):
                continue
            if field.attname in names and (field.model is Page or not isinstance(field, models.ForeignKey)):
                setattr(section, field.attname, getattr(home, field.attname))
        from django.contrib.contenttypes.models import ContentType

        section.content_type_id = ContentType.objects.get_for_model(model).pk
        section.live_revision_id = section.latest_revision_id = None
        section.has_unpublished_changes = False
        return section

    def _copy_page(self, obj, source_page):
        """Write one page (all its tables) with rewritten references, in the parent's schema."""
        from wagtail.models import Page

        old_id, new_id = source_page.pk, self.maps.pages[source_page.pk]
        rewrite_instance_fields(obj, self.maps, skip={"content_type"})
        obj.pk = obj.id = new_id
        for parent_field in obj._meta.parents.values():
            if parent_field is not None:
                setattr(obj, parent_field.attname, new_id)
        obj.path, obj.depth, obj.url_path = self.new_path[old_id], self.new_depth[old_id], self.new_url_path[old_id]
        if source_page.pk == self.home.pk:
            obj.slug = self.plan.section_slug
        obj._state.adding = True
        obj.save_base(force_insert=(Page,))
        self.content_after_rewrite[new_id] = self._page_fields(obj)

    @staticmethod
    def _page_fields(obj):
        data = {}
        for field in obj._meta.concrete_fields:
            value = field.value_from_object(obj)
            if hasattr(value, "raw_data"):
                value = list(value.raw_data)
            data[field.attname] = value
        return canonical(data)

    def _copy_children(self):
        self.child_maps = {}
        created = {}
        for model, rows in self.children.items():
            keep = _auto_now_fields(model)
            copies = []
            parental = [f for f in model._meta.concrete_fields if isinstance(f, ParentalKey)]
            for row in rows:
                # The home page's own rows stay behind when the home is not copied as it is.
                if self._home_stays_behind() and any(getattr(row, f.attname) == self.home.pk for f in parental):
                    continue
                copy = model(**_field_values(row))
                rewrite_instance_fields(copy, self.maps)
                copies.append((row, copy))
            new_rows = _bulk_create_keeping(model, [c for _r, c in copies], keep)
            self.child_maps[model._meta.label] = {r.pk: n.pk for (r, _c), n in zip(copies, new_rows, strict=True)}
            created[model._meta.label] = [n.pk for n in new_rows]
        self.created["child_rows"] = created
        # (Source page instances were given their new ids when written: use the ids kept here.)
        for old_page_id, page_model, name, ids in self.m2m:
            new_id = self.maps.pages.get(old_page_id)
            if new_id is None or (self._home_stays_behind() and old_page_id == self.home.pk):
                continue
            field = page_model._meta.get_field(name)
            through = field.remote_field.through
            rows = [through(**{field.m2m_column_name(): new_id, field.m2m_reverse_name(): mapped})
                    for mapped in (self.maps.map(field.related_model, i) for i in ids) if mapped is not None]
            through.objects.bulk_create(rows)

    def _copy_revisions(self):
        from wagtail.models import Revision

        copies = []
        self.revision_content = {}
        for revision in self.bar(self.revisions, _("Copying revisions")):
            if not self._revision_moves(revision):
                continue
            old_page = int(revision.object_id)
            new_page = self.maps.pages[old_page]
            model = revision.content_type.model_class()
            content = rewrite_serialized(model, json.loads(json.dumps(revision.content)), self.maps,
                                         own_id=new_page, child_ids=self.child_maps, overrides={
                                             "path": self.new_path[old_page], "depth": self.new_depth[old_page],
                                             "url_path": self.new_url_path[old_page]})
            if old_page == self.home.pk:
                content["slug"] = self.plan.section_slug
            new_id = self.maps.revisions[revision.pk]
            copies.append(Revision(
                pk=new_id, content_type_id=revision.content_type_id, base_content_type_id=revision.base_content_type_id,
                object_id=str(new_page), created_at=revision.created_at, user_id=self.maps.map(
                    type(revision)._meta.get_field("user").related_model, revision.user_id),
                object_str=revision.object_str, content=content, approved_go_live_at=revision.approved_go_live_at))
            self.revision_content[new_id] = canonical(content)
        Revision.objects.bulk_create(copies, batch_size=500)
        self.created["revisions"] = [c.pk for c in copies]

    def _copy_restrictions(self):
        from django.contrib.auth.models import Group
        from wagtail.models import PageViewRestriction

        created = []
        for restriction, group_names in self.restrictions:
            new_page = self.maps.pages.get(restriction.page_id)
            if new_page is None or (self.plan.mode == "existing" and restriction.page_id == self.home.pk):
                continue
            new = PageViewRestriction.objects.create(page_id=new_page, restriction_type=restriction.restriction_type,
                                                     password=restriction.password)
            groups = list(Group.objects.filter(name__in=group_names))
            if len(groups) != len(set(group_names)):
                raise MoveUpRefused(_("Groups of a private page are missing on %(site)s: %(names)s") % {
                    "site": self.target.slug, "names": ", ".join(group_names)})
            new.groups.set(groups)
            created.append(new.pk)
        self.created["view_restrictions"] = created

    def _copy_submissions(self):
        from wagtail.contrib.forms.models import FormSubmission

        copies = [FormSubmission(page_id=self.maps.pages[s.page_id], form_data=s.form_data,
                                 submit_time=s.submit_time) for s in self.submissions]
        created = _bulk_create_keeping(FormSubmission, copies, ["submit_time"])
        self.created["form_submissions"] = [c.pk for c in created]

    def _copy_redirects(self):
        from wagtail.contrib.redirects.models import Redirect

        created = []
        for redirect in self.redirects:
            new_page = self.maps.pages.get(redirect.redirect_page_id) if redirect.redirect_page_id else None
            new = Redirect(old_path=Redirect.normalise_path(self.plan.section_path.rstrip("/") + redirect.old_path),
                           site=self.target_site, is_permanent=redirect.is_permanent, redirect_page_id=new_page,
                           redirect_page_route_path=redirect.redirect_page_route_path,
                           redirect_link=redirect.redirect_link,
                           automatically_created=redirect.automatically_created)
            new.save()
            created.append(new.pk)
            if new_page is not None:
                target = self.plan.section_path + self.rel[redirect.redirect_page_id]
                route = (redirect.redirect_page_route_path or "").lstrip("/")
                self.url_map.setdefault(redirect.old_path, target + route)
            elif redirect.redirect_link:
                self.url_map.setdefault(redirect.old_path, redirect.redirect_link)
        self.created["redirects"] = created

    def _add_file_urls(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        new_objects = {}
        for model, kind in ((get_image_model(), "images"), (get_document_model(), "documents")):
            for obj in model.objects.filter(pk__in=self.created[kind]):
                new_objects[(model, obj.pk)] = obj
        for model, kind in ((get_image_model(), "images"), (get_document_model(), "documents")):
            for old_id, new_id in getattr(self.maps, kind).items():
                new = new_objects[(model, new_id)]
                self.url_map[self.old_file_urls[(model, old_id)]] = new.file.url
                if kind == "documents":
                    self.url_map[self.old_document_urls[old_id]] = new.url
        self.created["files"] = self.staged_files

    # -- verify -------------------------------------------------------------------------
    def _measure_target(self):
        from wagtail.contrib.forms.models import FormSubmission
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Collection, Locale, Page, PageViewRestriction, Revision

        page_ids = self.created["pages"]
        pages = list(Page.objects.filter(pk__in=page_ids).specific())
        section_url = self.new_url_path[self.home.pk]
        rel = {p.pk: p.url_path[len(section_url):] for p in pages}
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        tree_pages = [p for p in pages if not (self._converted_home() and p.pk == self.maps.pages[self.home.pk])]
        revisions = list(Revision.objects.filter(pk__in=self.created["revisions"]))
        images = list(get_image_model().objects.filter(pk__in=self.created["images"]))
        documents = list(get_document_model().objects.filter(pk__in=self.created["documents"]))
        submissions = list(FormSubmission.objects.filter(pk__in=self.created["form_submissions"]))
        files, total = [], 0
        for name in self.staged_files:
            sha, size = _file_sha256(self.staging / name)
            files.append(sha)
            total += size
        self.after = {
            "pages": _digest(self._page_tree_rows(tree_pages, rel, codes)),
            "revisions": _digest(((rel[int(r.object_id)], r.created_at, r.object_str) for r in revisions)),
            "images": _digest(((i.title, i.file_hash, i.file_size, i.width, i.height) for i in images)),
            "documents": _digest(((d.title, d.file_hash, d.file_size) for d in documents)),
            "form_submissions": _digest(((rel[s.page_id], s.form_data, s.submit_time) for s in submissions)),
            "files": _digest((files)),
        }
        # What was written reads back exactly as rewritten (references included).
        self.written_ok = (
            {p.pk: self._page_fields(p) for p in pages} == self.content_after_rewrite
            and {r.pk: canonical(r.content) for r in revisions} == self.revision_content)
        self.counts_after = {
            "pages": len(pages) if not self._converted_home() else len(pages),
            "revisions": len(revisions), "images": len(images), "documents": len(documents),
            "collections": Collection.objects.filter(pk__in=self.created["collections"]).count(),
            "redirects": Redirect.objects.filter(pk__in=self.created["redirects"]).count(),
            "form_submissions": len(submissions),
            "view_restrictions": PageViewRestriction.objects.filter(pk__in=self.created["view_restrictions"]).count(),
            "child_rows": sum(len(v) for v in self.created["child_rows"].values()),
            "files": len(self.staged_files), "file_bytes": total,
        }

    def _verify(self):
        problems = [_("%(what)s: %(before)s before, %(after)s after") % {
            "what": key, "before": value, "after": self.counts_after.get(key)}
            for key, value in self.counts_before.items() if self.counts_after.get(key) != value]
        problems += [_("checksum of %(what)s differs") % {"what": key}
                     for key, value in self.before.items() if self.after.get(key) != value]
        if not self.written_ok:
            problems.append(_("pages or revisions do not read back as written"))
        if problems:
            raise VerificationFailed(_("Verification failed: %(problems)s") % {"problems": "; ".join(problems)})

    def _commit_state(self):
        connection.set_schema_to_public()
        now = timezone.now()
        self.created["section_tree_path"] = self.new_path[self.home.pk]
        self.created["section_url_path"] = self.new_url_path[self.home.pk]
        self.created["staging_dir"] = str(self.staging)
        self.created["dangling_references"] = self.maps.dangling
        move = self.move
        move.state = MoveUp.State.VERIFIED
        move.section_page_id = self.maps.pages[self.home.pk]
        move.url_map = self.url_map
        move.counts = {"before": self.counts_before, "after": self.counts_after}
        move.checksums = {"before": self.before, "after": self.after}
        move.created = self.created
        move.staging_dir = str(self.staging)
        move.verified_at = now
        move.notice_until = now + timezone.timedelta(days=move.notice_days)
        move.save()
        change_status(self.source, Tenant.Status.CLOSED)


# --- after commit ---------------------------------------------------------------------------
def finish_move(move_id):
    """Put the staged files in place, mark the move done, tell subscribers. Safe to repeat."""
    move = MoveUp.objects.select_related("source", "target").get(pk=move_id)
    if move.state != MoveUp.State.VERIFIED:
        return move
    staging = Path(move.staging_dir)
    media = Path(settings.MEDIA_ROOT) / move.target.schema_name
    for name in move.created.get("files", []):
        staged, final = staging / name, media / name
        if staged.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        elif not final.exists():
            raise MoveUpFailed(_("The file “%(name)s” of the move is neither staged nor in place.") % {"name": name})
    shutil.rmtree(staging, ignore_errors=True)
    MoveUp.objects.filter(pk=move.pk).update(state=MoveUp.State.DONE, finished_at=timezone.now())
    move.refresh_from_db()
    with schema_context(move.target.schema_name):
        cache.delete(NOTICE_CACHE_KEY)
    connection.set_schema_to_public()
    site_moved_up.send(sender=MoveUp, source=move.source, target=move.target, section_page_id=move.section_page_id,
                       section_path=move.section_path, url_map=move.url_map, move=move)
    return move


def rollback_window():
    return timezone.timedelta(days=getattr(settings, "SITEGROUP_MOVEUP_ROLLBACK_DAYS", 30))


def rollback_expired(move):
    """True once a committed move is older than the rollback window (unfinished moves never expire)."""
    done_at = move.finished_at or move.verified_at
    return bool(done_at and timezone.now() - done_at > rollback_window())


def rollback_move(move):
    """Undo a move: remove what it created on the parent, re-activate the township."""
    move = MoveUp.objects.select_related("source", "target").get(pk=move.pk)
    if move.state == MoveUp.State.ROLLED_BACK:
        raise MoveUpRefused(_("This move of “%(site)s” was already rolled back.") % {"site": move.source.slug})
    if move.state in (MoveUp.State.PLANNED, MoveUp.State.COPYING):
        # Nothing was committed: only staged files can be left over.
        shutil.rmtree(move.staging_dir or staging_root() / f"move-{move.pk}", ignore_errors=True)
        MoveUp.objects.filter(pk=move.pk).update(state=MoveUp.State.ROLLED_BACK, rolled_back_at=timezone.now(),
                                                 url_map={})
        move.refresh_from_db()
        return move
    if rollback_expired(move):
        done_at = move.finished_at or move.verified_at
        raise MoveUpRefused(_("The move of “%(site)s” finished on %(date)s, more than %(days)s days ago: it can no "
                              "longer be rolled back.") % {"site": move.source.slug, "date": done_at.date().isoformat(),
                                                          "days": rollback_window().days})
    created = move.created
    url_map = dict(move.url_map)
    with transaction.atomic():
        with schema_context(move.target.schema_name):
            _remove_created(move, created)
        connection.set_schema_to_public()
        MoveUp.objects.filter(pk=move.pk).update(state=MoveUp.State.ROLLED_BACK, rolled_back_at=timezone.now(),
                                                 url_map={})
        source = Tenant.objects.get(pk=move.source_id)
        change_status(source, Tenant.Status.ACTIVE)

        def after_commit():
            media = Path(settings.MEDIA_ROOT) / move.target.schema_name
            for name in created.get("files", []):
                for path in (media / name, Path(move.staging_dir) / name):
                    try:
                        path.unlink()
                    except FileNotFoundError:
                        pass
            shutil.rmtree(move.staging_dir, ignore_errors=True)
            with schema_context(move.target.schema_name):
                cache.delete(NOTICE_CACHE_KEY)
            connection.set_schema_to_public()
            site_move_rolled_back.send(sender=MoveUp, source=source, target=move.target,
                                       section_page_id=move.section_page_id, section_path=move.section_path,
                                       url_map=url_map, move=move)

        transaction.on_commit(after_commit)
    move.refresh_from_db()
    return move


def _remove_created(move, created):
    from django.apps import apps
    from wagtail.contrib.forms.models import FormSubmission
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Page, PageViewRestriction, Revision

    Redirect.objects.filter(pk__in=created.get("redirects", [])).delete()
    FormSubmission.objects.filter(pk__in=created.get("form_submissions", [])).delete()
    PageViewRestriction.objects.filter(pk__in=created.get("view_restrictions", [])).delete()
    for label, ids in created.get("child_rows", {}).items():
        apps.get_model(label).objects.filter(pk__in=ids).delete()
    for page in Page.objects.filter(pk__in=created.get("top_page_ids", [])):
        page.delete()
    Revision.objects.filter(pk__in=created.get("revisions", [])).delete()
    for model, kind in ((get_image_model(), "images"), (get_document_model(), "documents")):
        # Rows only: the files are removed after commit (a rollback of this transaction keeps them).
        model.objects.filter(pk__in=created.get(kind, [])).delete()
    for collection in Collection.objects.filter(pk__in=created.get("collections", [])).order_by("-depth"):
        collection.refresh_from_db()
        collection.delete()
