"""Publishing an import's pages in bulk, and telling the platform about them once.

Publishing 2,000 pages one by one through `revision.publish()` spent most of its time in the
work every publish signal triggers per page: the content-safety scan renders the page through
the theme (the importer already checked its content), the cross-site search and feed indexes are
rewritten page by page, the reference index is rebuilt after every save, the page cache is purged
after every page and every redirect, and Wagtail's own publish re-validates every relation and
re-saves every row. Here the pages of a batch are published in one transaction, their revisions
and rows written in bulk, and what `page_published` receivers would have done is done once per run
by `announce` (search and feed indexes of the columns that received pages, the reference index of
the new pages, one page-cache purge).

Every published page still gets a revision (its `live_revision`) and Wagtail's publish log entry.
"""
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from tenants.moveup.indexing import index_copied_objects
from tenants.signals import site_pages_published_in_bulk

from .bodies import rewrite_page_links
from .fetching import old_path
from .models import LegacyItem

Status = LegacyItem.Status
BATCH_SIZE = 100
PUBLISH_FIELDS = ["body", "live", "expired", "has_unpublished_changes", "first_published_at", "last_published_at",
                  "draft_title", "latest_revision", "latest_revision_created_at", "live_revision"]


def redirect(site, url, page=None, link=""):
    """An unsaved 301 from the legacy URL's path (None for the home page: the site answers it itself)."""
    path = Redirect.normalise_path(old_path(url))
    if path == "/":
        return None
    return Redirect(site=site, old_path=path, redirect_page=page, redirect_link=link, is_permanent=True)


def save_redirects(redirects):
    # In bulk, without a page-cache purge per redirect: `announce` purges the site once.
    # Two legacy URLs can share a path (they differ in host or query): the last one wins, as before.
    by_path = {one.old_path: one for one in redirects if one is not None}
    Redirect.objects.bulk_create(
        list(by_path.values()), update_conflicts=True,
        unique_fields=["old_path", "site"], update_fields=["redirect_page", "redirect_link", "is_permanent"])


def batches(items, size=BATCH_SIZE):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _draft_of(page):
    """The draft to publish: the page row, or the latest revision if an editor saved one meanwhile."""
    return page.get_latest_revision_as_object() if page.latest_revision_id else page


def _validate(page):
    """What saving would check, without its per-relation existence queries (the importer set them)."""
    relations = [field.name for field in page._meta.concrete_fields if field.is_relation]
    page.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _prepare(item, page, page_ids, now):
    """Links rewritten, validated, publish fields set on `page` (DRAFT) or draft fields (FLAGGED); its
    revision, unsaved. Raises ValidationError."""
    page.body = rewrite_page_links(page.body, page_ids.get)
    _validate(page)
    page.draft_title = page.title
    if item.status == Status.DRAFT:
        page.live, page.expired, page.has_unpublished_changes = True, False, False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
    else:
        page.has_unpublished_changes = True
    return Revision(content_type=ContentType.objects.get_for_model(page),
                    base_content_type=page.get_base_content_type(), object_id=str(page.pk),
                    object_str=str(page)[:255], content=page.serializable_data(), created_at=now)


def _own_save(model):
    """A page type with its own save() logic (e.g. policy documents' index numbers) is saved one by one."""
    return any("save" in vars(klass) for klass in model.__mro__[:model.__mro__.index(Page)])


def _save_pages(pages, now):
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for model, group in by_model.items():
        if _own_save(model):
            for page in group:
                page.save(clean=False)
        else:
            model.objects.bulk_update(group, PUBLISH_FIELDS)
    # What post_save does page by page (paused for the import, see service.py): Wagtail's admin search
    # index, one bulk write per page type, and the reference index.
    index_copied_objects(pages)


def publish_batch(items, page_ids, site, column_paths):
    """Publish (or keep as flagged drafts) the pages of `items` and redirect their old URLs, in one
    transaction; returns the published pages. `column_paths` learns each legacy column's tree path.

    The same fields as Wagtail's publish, with one revision per page (its live revision) and the
    publish log entry, but the rows written in bulk and no `page_published` per page: `announce`
    does its receivers' work once per run."""
    pages = Page.objects.filter(pk__in=[item.page_id for item in items if item.page_id]).specific()
    by_id = {page.pk: page for page in pages}
    now = timezone.now()
    ready = []
    for item in items:
        page = by_id.get(item.page_id)
        if page is None:
            item.status, item.reason = Status.FAILED, _("the draft page was deleted before the run completed")
            continue
        page = _draft_of(page)
        try:
            revision = _prepare(item, page, page_ids, now)
        except ValidationError as error:
            item.status, item.reason = Status.FAILED, "; ".join(error.messages)
            continue
        column_paths.setdefault(item.column, page.path[:-Page.steplen])
        ready.append((item, page, revision))
    published = []
    with transaction.atomic():
        Revision.objects.bulk_create([revision for _item, _page, revision in ready])
        for item, page, revision in ready:
            page.latest_revision, page.latest_revision_created_at = revision, now
            if item.status == Status.DRAFT:
                page.live_revision, item.status = revision, Status.PUBLISHED
                published.append((item, page))
        _save_pages([page for _item, page, _revision in ready], now)
        for item, page, revision in ready:
            if item.status == Status.PUBLISHED:
                log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
        LegacyItem.objects.bulk_update(items, ["status", "reason"])
        save_redirects(redirect(site, item.url, page=page) for item, page in published)
    return [page for _item, page in published]


def announce(tenant, columns):
    """Once per run, what `page_published` would have done for each new page: the admin search and
    reference indexes of the files and columns the import saved, and `site_pages_published_in_bulk`
    for the columns that received pages (search and the feeds re-index them, the page cache drops
    the site's pages). Sent inside the run's transaction, as `page_published` is: queued tasks
    commit with the pages."""
    files = [item.image or item.document for item in LegacyItem.objects.filter(
        kind__in=[LegacyItem.Kind.IMAGE, LegacyItem.Kind.DOCUMENT], status=Status.STORED).select_related(
        "image", "document")]
    # Saved while per-object indexing was paused: the files and the columns made for the import.
    index_copied_objects([file for file in files if file is not None] + list(columns))
    root_ids = [column.pk for column in columns]
    site_pages_published_in_bulk.send(sender=announce, tenant=tenant, subtree_root_ids=root_ids)
