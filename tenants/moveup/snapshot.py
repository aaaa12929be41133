"""Counts and checksums of one side of a move: the township before, the copy after, by the same code."""
import hashlib
import json
from dataclasses import dataclass

from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Revision

from .references import canonical


def digest(rows):
    """sha256 of rows in a canonical, order-independent form."""
    lines = sorted(json.dumps(canonical(list(row) if isinstance(row, tuple) else row), sort_keys=True,
                              ensure_ascii=False, default=str) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def file_sha256(path):
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def page_tree_rows(pages, relative_paths, locale_codes):
    return sorted((relative_paths[p.pk], p.content_type_id, p.title, p.draft_title, p.live, p.has_unpublished_changes,
                   p.first_published_at, p.last_published_at, locale_codes.get(p.locale_id), p.numchild,
                   p.show_in_menus, p.seo_title, p.search_description) for p in pages)


@dataclass
class Snapshot:
    counts: dict
    checksums: dict


def take_snapshot(*, pages, tree_pages, relative_paths, locale_codes, revisions, images, documents, submissions,
                  files, collections, redirects, view_restrictions, child_rows):
    """Counts and checksums of what one side holds.

    `relative_paths` maps that side's page ids to their path below the section (or the township
    home), so the two sides compare equal exactly when the same tree, revisions, rows and file
    bytes are there; `files` are paths of the files to hash; the other counts are numbers.
    """
    hashes, total_bytes = [], 0
    for path in files:
        sha, size = file_sha256(path)
        hashes.append(sha)
        total_bytes += size
    counts = {
        "pages": len(pages), "revisions": len(revisions), "images": len(images), "documents": len(documents),
        "collections": collections, "redirects": redirects, "form_submissions": len(submissions),
        "view_restrictions": view_restrictions, "child_rows": child_rows, "files": len(files),
        "file_bytes": total_bytes,
    }
    checksums = {
        "pages": digest(page_tree_rows(tree_pages, relative_paths, locale_codes)),
        "revisions": digest((relative_paths[int(r.object_id)], r.created_at, r.object_str) for r in revisions),
        "images": digest((i.title, i.file_hash, i.file_size, i.width, i.height) for i in images),
        "documents": digest((d.title, d.file_hash, d.file_size) for d in documents),
        "form_submissions": digest((relative_paths[s.page_id], s.form_data, s.submit_time) for s in submissions),
        "files": digest(hashes),
    }
    return Snapshot(counts=counts, checksums=checksums)


def snapshot_source(content, shape):
    """The township's side: only what the move carries."""
    return take_snapshot(
        pages=[p for p in content.pages if shape.page_moves(p.pk)],
        tree_pages=[p for p in content.pages if shape.in_page_tree_checksum(p.pk)],
        relative_paths=content.relative_paths, locale_codes=content.locale_codes,
        revisions=[r for r in content.revisions if shape.revision_moves(r)],
        images=content.images, documents=content.documents, submissions=content.submissions,
        files=list(content.file_paths.values()), collections=len(content.collections),
        redirects=len(content.redirects), view_restrictions=len(content.restrictions),
        child_rows=sum(len(rows) for rows in content.children.values()),
    )


def written_rows(result):
    """(pages, revisions) the copy wrote, read back from the parent's schema (the caller is in it)."""
    return (list(Page.objects.filter(pk__in=result.created["pages"]).specific()),
            list(Revision.objects.filter(pk__in=result.created["revisions"])))


def snapshot_copy(result, shape, staging, pages, revisions):
    """The parent's side: what the copy wrote (`pages` and `revisions` from written_rows)."""
    created, placement = result.created, result.placement
    section_url = placement.url_paths[shape.home_id]
    section_id = result.maps.pages[shape.home_id]
    return take_snapshot(
        pages=pages,
        tree_pages=[p for p in pages if not (shape.converted_home and p.pk == section_id)],
        relative_paths={p.pk: p.url_path[len(section_url):] for p in pages},
        locale_codes=dict(Locale.objects.values_list("pk", "language_code")),
        revisions=revisions,
        images=list(get_image_model().objects.filter(pk__in=created["images"])),
        documents=list(get_document_model().objects.filter(pk__in=created["documents"])),
        submissions=list(FormSubmission.objects.filter(pk__in=created["form_submissions"])),
        files=[staging / name for name in result.staged_files],
        collections=Collection.objects.filter(pk__in=created["collections"]).count(),
        redirects=Redirect.objects.filter(pk__in=created["redirects"]).count(),
        view_restrictions=PageViewRestriction.objects.filter(pk__in=created["view_restrictions"]).count(),
        child_rows=sum(len(ids) for ids in created["child_rows"].values()),
    )


def page_fields(obj):
    """A page's fields as written, in canonical form (to compare with what reads back)."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if hasattr(value, "raw_data"):
            value = list(value.raw_data)
        data[field.attname] = value
    return canonical(data)


def reads_back_as_written(result, pages, revisions):
    """What the copy wrote reads back exactly as rewritten (references included)."""
    return ({page.pk: page_fields(page) for page in pages} == result.page_fields
            and {revision.pk: canonical(revision.content) for revision in revisions} == result.revision_content)
