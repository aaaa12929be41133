"""Write a township's content into its parent's schema, every reference rewritten on the way.

Runs inside the move's transaction with the connection in the parent's schema. New ids are
allocated from the parent's sequences before any row is written, so a row can point at rows
written after it (Django's PostgreSQL foreign keys are checked at commit).
"""
import json
import os
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItem
from tqdm import tqdm
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Revision, Site

from .indexing import index_copied_objects, per_object_indexing_paused
from .plan import MoveUpRefused
from .references import IdMaps, canonical, rewrite_instance_fields, rewrite_serialized
from .snapshot import page_fields
from .state import CopyResult, Placement


def allocate_ids(model, count):
    """`count` new primary keys from the model's sequence (in the current schema)."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return [row[0] for row in cursor.fetchall()]


def bulk_create_keeping(model, objects, keep_fields):
    """bulk_create, then restore fields that auto_now_add overwrote (e.g. created_at)."""
    values = [{name: getattr(obj, name) for name in keep_fields} for obj in objects]
    created = model.objects.bulk_create(objects, batch_size=500)
    if keep_fields:
        for obj, saved in zip(created, values, strict=True):
            for name, value in saved.items():
                setattr(obj, name, value)
        model.objects.bulk_update(created, keep_fields, batch_size=500)
    return created


def field_values(obj):
    """The object's concrete field values by attname, file fields as their names; no primary key."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.attname)
        values[field.attname] = value.name if isinstance(value, FieldFile) else value
    return values


def auto_now_fields(model):
    return [f.name for f in model._meta.concrete_fields
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]


class Copier:
    """Copies one township (`content`, read by reading.read_source) as the plan says. Call `copy()`."""

    def __init__(self, plan, content, shape, staging, *, progress=False):
        self.plan, self.content, self.shape, self.staging = plan, content, shape, staging
        self.source, self.target, self.home = plan.source, plan.target, content.home
        self.progress = progress
        self.maps = IdMaps()
        self.placement = None
        self.created = {}
        self.url_map = dict(plan.url_map)
        self.staged_files = []          # names relative to the parent's media folder
        self.child_ids = {}             # child model label → {old id: new id}
        self.page_fields = {}
        self.revision_content = {}
        self.target_site = None

    def progress_bar(self, iterable, desc):
        return tqdm(iterable, desc=desc, unit="obj", disable=not self.progress, leave=False)

    def copy(self):
        with per_object_indexing_paused():
            self.map_shared_objects()
            self.copy_collections()
            self.copy_files()
            self.place_pages()
            self.copy_pages()
            self.copy_child_rows()
            self.copy_revisions()
            self.copy_view_restrictions()
            self.copy_form_submissions()
            self.copy_redirects()
            self.add_file_urls()
        self.index_copies()
        return CopyResult(maps=self.maps, placement=self.placement, created=self.created, url_map=self.url_map,
                          staged_files=self.staged_files, page_fields=self.page_fields,
                          revision_content=self.revision_content)

    # -- objects both sites have: locales, users and groups (by name), the site --------------
    def map_shared_objects(self):
        maps = self.maps
        target_codes = dict(Locale.objects.values_list("language_code", "pk"))
        for old_id, code in self.content.locale_codes.items():
            if code not in target_codes:
                raise MoveUpRefused(_("The locale “%(code)s” does not exist on %(site)s.") % {
                    "code": code, "site": self.target.slug})
            maps.locales[old_id] = target_codes[code]
        user_model = get_user_model()
        with schema_context(self.source.schema_name):
            source_users = dict(user_model.objects.values_list("pk", user_model.USERNAME_FIELD))
            source_groups = dict(Group.objects.values_list("pk", "name"))
            source_sites = list(Site.objects.values_list("pk", flat=True))
        target_users = dict(user_model.objects.values_list(user_model.USERNAME_FIELD, "pk"))
        maps.users = {pk: target_users[name] for pk, name in source_users.items() if name in target_users}
        target_groups = dict(Group.objects.values_list("name", "pk"))
        maps.groups = {pk: target_groups[name] for pk, name in source_groups.items() if name in target_groups}
        self.target_site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        maps.sites = {pk: self.target_site.pk for pk in source_sites}

    # -- collections, images, documents ------------------------------------------------------
    def copy_collections(self):
        root = Collection.get_first_root_node()
        name = self.source.name
        taken = set(Collection.objects.child_of(root).values_list("name", flat=True))
        suffix = 2
        while name in taken:
            name, suffix = f"{self.source.name} ({suffix})", suffix + 1
        created = []
        for collection in self.content.collections:
            if collection.depth == 1:
                new = root.add_child(instance=Collection(name=name))
            else:
                parent = Collection.objects.get(pk=self.maps.collections[collection.get_parent().pk])
                new = parent.add_child(instance=Collection(name=collection.name))
            self.maps.collections[collection.pk] = new.pk
            created.append(new.pk)
        self.created["collections"] = created

    def new_file_name(self, name, taken):
        """The file's name on the parent: in a folder named after the township, never clobbering."""
        directory, base = os.path.split(name)
        candidate = os.path.join(directory, self.source.slug, base)
        stem, ext = os.path.splitext(candidate)
        target_root = Path(settings.MEDIA_ROOT) / self.target.schema_name
        counter = 1
        while candidate in taken or (target_root / candidate).exists():
            candidate, counter = f"{stem}-{counter}{ext}", counter + 1
        taken.add(candidate)
        return candidate

    def copy_files(self):
        taken = set()
        for model, objs, kind in ((get_image_model(), self.content.images, "images"),
                                  (get_document_model(), self.content.documents, "documents")):
            keep = auto_now_fields(model)
            copies = []
            for obj in self.progress_bar(objs, _("Copying %(kind)s") % {"kind": kind}):
                new_name = self.new_file_name(obj.file.name, taken)
                staged = self.staging / new_name
                staged.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.content.file_paths[(model, obj.pk)], staged)
                self.staged_files.append(new_name)
                # Given at construction: assigning a file later makes Django re-read its dimensions.
                copy = model(**{**field_values(obj), "file": new_name})
                rewrite_instance_fields(copy, self.maps)
                copies.append((obj, copy))
            created = bulk_create_keeping(model, [c for _o, c in copies], keep)
            getattr(self.maps, kind).update({obj.pk: new.pk for (obj, _c), new in zip(copies, created, strict=True)})
            self.created[kind] = [new.pk for new in created]
            self.copy_tags(model, copies, created)

    def copy_tags(self, model, copies, created):
        content_type = ContentType.objects.get_for_model(model)
        items = []
        for (obj, _copy), new in zip(copies, created, strict=True):
            for name in self.content.tags.get((model, obj.pk), []):
                tag, _created = Tag.objects.get_or_create(name=name, defaults={"slug": name})
                items.append(TaggedItem(tag=tag, content_type=content_type, object_id=new.pk))
        TaggedItem.objects.bulk_create(items)

    # -- pages ----------------------------------------------------------------------------
    def place_pages(self):
        """New id, tree path, depth and url_path of every moved page, before any is written."""
        home, pages, plan = self.home, self.content.pages, self.plan
        new_ids = allocate_ids(Page, len(pages))
        if self.shape.into_existing:
            section = Page.objects.get(pk=plan.section_page_id)
            placement = Placement(landing_parent=section)
            self.maps.pages[home.pk] = section.pk
            placement.paths[home.pk], placement.depths[home.pk], placement.url_paths[home.pk] = (
                section.path, section.depth, section.url_path)
            new_children = len([p for p in pages if p.depth == home.depth + 1])
        else:
            placement = Placement(landing_parent=Page.objects.get(pk=plan.landing_parent_id))
            new_children = 1
        parent = placement.landing_parent
        last = parent.get_last_child()
        next_path = last._inc_path() if last else parent.path + Page._get_path(None, 1, 1)
        steplen = Page.steplen
        for page, new_id in zip(pages, new_ids, strict=True):
            self.maps.pages.setdefault(page.pk, new_id)
        child_paths = {}
        if self.shape.into_existing:
            step = next_path
            for child in [p for p in pages if p.depth == home.depth + 1]:
                child_paths[child.path] = step
                step = Page._get_path(step, len(step) // steplen, int(Page._str2int(step[-steplen:])) + 1)
        else:
            placement.paths[home.pk] = next_path
            placement.depths[home.pk] = parent.depth + 1
            placement.url_paths[home.pk] = parent.url_path + plan.section_slug + "/"
        for page in pages:
            if page.pk == home.pk:
                continue
            if self.shape.into_existing:
                top = page.path[:len(home.path) + steplen]
                placement.paths[page.pk] = child_paths[top] + page.path[len(top):]
            else:
                placement.paths[page.pk] = placement.paths[home.pk] + page.path[len(home.path):]
            placement.depths[page.pk] = len(placement.paths[page.pk]) // steplen
            placement.url_paths[page.pk] = placement.url_paths[home.pk] + self.content.relative_paths[page.pk]
        moving = [r for r in self.content.revisions if self.shape.revision_moves(r)]
        self.maps.revisions = dict(zip([r.pk for r in moving], allocate_ids(Revision, len(moving)), strict=True))
        Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + new_children)
        self.placement = placement

    def copy_pages(self):
        written = []
        for page in self.progress_bar(self.content.pages, _("Copying pages")):
            if not self.shape.page_moves(page.pk):
                continue
            obj = self.section_from_home(page) if page.pk == self.home.pk and self.shape.converted_home else page
            self.copy_page(obj, page)
            written.append(obj.pk)
        home_id = self.maps.pages[self.home.pk]
        self.created["pages"] = written
        self.created["section_page_id"] = home_id
        self.created["top_page_ids"] = ([home_id] if not self.shape.into_existing else
                                        [self.maps.pages[p.pk] for p in self.content.pages
                                         if p.depth == self.home.depth + 1])

    def section_from_home(self, home):
        """A new page of the section's type carrying the home's title, SEO fields and same-named fields."""
        model = apps.get_model(self.plan.section_model)
        section = model()
        names = {f.attname for f in model._meta.concrete_fields}
        for field in type(home)._meta.concrete_fields:
            if field.primary_key or (isinstance(field, models.OneToOneField) and field.remote_field.parent_link):
                continue
            if field.attname in names and (field.model is Page or not isinstance(field, models.ForeignKey)):
                setattr(section, field.attname, getattr(home, field.attname))
        section.content_type_id = ContentType.objects.get_for_model(model).pk
        section.live_revision_id = section.latest_revision_id = None
        section.has_unpublished_changes = False
        return section

    def copy_page(self, obj, source_page):
        """Write one page (all its tables) with rewritten references, in the parent's schema."""
        placement = self.placement
        old_id, new_id = source_page.pk, self.maps.pages[source_page.pk]
        rewrite_instance_fields(obj, self.maps, skip={"content_type"})
        obj.pk = obj.id = new_id
        for parent_field in obj._meta.parents.values():
            if parent_field is not None:
                setattr(obj, parent_field.attname, new_id)
        obj.path, obj.depth = placement.paths[old_id], placement.depths[old_id]
        obj.url_path = placement.url_paths[old_id]
        if source_page.pk == self.home.pk:
            obj.slug = self.plan.section_slug
        obj._state.adding = True
        obj.save_base(force_insert=(Page,))
        self.page_fields[new_id] = page_fields(obj)

    def index_copies(self):
        """The admin search and reference indexes of every copied page, image and document, in bulk."""
        objects = list(Page.objects.filter(pk__in=self.created["pages"]).specific())
        for model, kind in ((get_image_model(), "images"), (get_document_model(), "documents")):
            objects += list(model.objects.filter(pk__in=self.created[kind]))
        index_copied_objects(objects)

    def copy_child_rows(self):
        home_id, created = self.home.pk, {}
        for model, rows in self.content.children.items():
            keep = auto_now_fields(model)
            parental = [f for f in model._meta.concrete_fields if isinstance(f, ParentalKey)]
            copies = []
            for row in rows:
                # The home page's own rows stay behind when the home is not copied as it is.
                if self.shape.home_stays_behind and any(getattr(row, f.attname) == home_id for f in parental):
                    continue
                copy = model(**field_values(row))
                rewrite_instance_fields(copy, self.maps)
                copies.append((row, copy))
            new_rows = bulk_create_keeping(model, [c for _r, c in copies], keep)
            self.child_ids[model._meta.label] = {r.pk: n.pk for (r, _c), n in zip(copies, new_rows, strict=True)}
            created[model._meta.label] = [n.pk for n in new_rows]
        self.created["child_rows"] = created
        for old_page_id, page_model, name, ids in self.content.m2m:
            new_id = self.maps.pages.get(old_page_id)
            if new_id is None or (self.shape.home_stays_behind and old_page_id == home_id):
                continue
            field = page_model._meta.get_field(name)
            through = field.remote_field.through
            rows = [through(**{field.m2m_column_name(): new_id, field.m2m_reverse_name(): mapped})
                    for mapped in (self.maps.map(field.related_model, i) for i in ids) if mapped is not None]
            through.objects.bulk_create(rows)

    def copy_revisions(self):
        placement, copies = self.placement, []
        for revision in self.progress_bar(self.content.revisions, _("Copying revisions")):
            if not self.shape.revision_moves(revision):
                continue
            old_page = int(revision.object_id)
            new_page = self.maps.pages[old_page]
            content = rewrite_serialized(
                revision.content_type.model_class(), json.loads(json.dumps(revision.content)), self.maps,
                own_id=new_page, child_ids=self.child_ids, overrides={
                    "path": placement.paths[old_page], "depth": placement.depths[old_page],
                    "url_path": placement.url_paths[old_page]})
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

    # -- what hangs off the pages ---------------------------------------------------------
    def copy_view_restrictions(self):
        created = []
        for restriction, group_names in self.content.restrictions:
            new_page = self.maps.pages.get(restriction.page_id)
            if new_page is None or not self.shape.page_moves(restriction.page_id):
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

    def copy_form_submissions(self):
        copies = [FormSubmission(page_id=self.maps.pages[s.page_id], form_data=s.form_data, submit_time=s.submit_time)
                  for s in self.content.submissions]
        self.created["form_submissions"] = [c.pk for c in bulk_create_keeping(FormSubmission, copies, ["submit_time"])]

    def copy_redirects(self):
        created = []
        for redirect in self.content.redirects:
            new_page = self.maps.pages.get(redirect.redirect_page_id) if redirect.redirect_page_id else None
            new = Redirect(old_path=Redirect.normalise_path(self.plan.section_path.rstrip("/") + redirect.old_path),
                           site=self.target_site, is_permanent=redirect.is_permanent, redirect_page_id=new_page,
                           redirect_page_route_path=redirect.redirect_page_route_path,
                           redirect_link=redirect.redirect_link,
                           automatically_created=redirect.automatically_created)
            new.save()
            created.append(new.pk)
            if new_page is not None:
                target = self.plan.section_path + self.content.relative_paths[redirect.redirect_page_id]
                route = (redirect.redirect_page_route_path or "").lstrip("/")
                self.url_map.setdefault(redirect.old_path, target + route)
            elif redirect.redirect_link:
                self.url_map.setdefault(redirect.old_path, redirect.redirect_link)
        self.created["redirects"] = created

    def add_file_urls(self):
        """Old file and document URLs → their new ones, for the 301s."""
        kinds = ((get_image_model(), "images"), (get_document_model(), "documents"))
        new_objects = {(model, obj.pk): obj for model, kind in kinds
                       for obj in model.objects.filter(pk__in=self.created[kind])}
        for model, kind in kinds:
            for old_id, new_id in getattr(self.maps, kind).items():
                new = new_objects[(model, new_id)]
                self.url_map[self.content.file_urls[(model, old_id)]] = new.file.url
                if kind == "documents":
                    self.url_map[self.content.document_urls[old_id]] = new.url
        self.created["files"] = self.staged_files
