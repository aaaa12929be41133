"""Completing an import run: links rewritten, clean drafts published, old URLs redirected, report.

Runs only when the crawl got through (an interrupted run keeps its drafts for the next run).
"""
import csv
import io
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import LegacyItem
from .publishing import announce, batches, publish_batch, redirect, save_redirects

Status, Kind = LegacyItem.Status, LegacyItem.Kind


def finish(site_import):
    """Publish, redirect and report; marks the run complete. Returns the report."""
    run, site = site_import.run, site_import.site
    page_ids = dict(LegacyItem.objects.filter(page__isnull=False).values_list("url", "page_id"))
    pending = LegacyItem.objects.filter(kind=Kind.ARTICLE, status__in=[Status.DRAFT, Status.FLAGGED]) \
        .order_by("pk")
    column_paths = {}
    for batch in batches(site_import.progress_over(list(pending), _("Publishing"))):
        publish_batch(batch, page_ids, site, column_paths)
    columns = {page.path: page for page in Page.objects.filter(path__in=set(column_paths.values()))}
    column_pages = {name: columns[path] for name, path in column_paths.items() if path in columns}
    column_items = list(LegacyItem.objects.filter(kind=Kind.COLUMN, column__in=list(column_pages)))
    for item in column_items:
        item.page = column_pages[item.column]
    with transaction.atomic():
        LegacyItem.objects.bulk_update(column_items, ["page"])
        save_redirects(redirect(site, item.url, page=item.page) for item in column_items)
        save_redirects(redirect(site, item.url, link=item.document.url) for item in LegacyItem.objects.filter(
            kind=Kind.DOCUMENT, status=Status.STORED, document__isnull=False).select_related("document"))
        announce(site_import.tenant, list(columns.values()))
    run.finished_at = timezone.now()
    run.report = report(site_import)
    run.save(update_fields=["finished_at", "report"])
    return run.report


def report(site_import):
    """What the site holds from its legacy site: counts by kind and status, and every problem."""
    items = LegacyItem.objects.all()
    counts = Counter(f"{kind}:{status}" for kind, status in items.values_list("kind", "status"))
    problems = [{"url": url, "kind": kind, "status": status, "reason": reason, "title": title}
                for url, kind, status, reason, title in items.filter(
                    status__in=[Status.SKIPPED, Status.REFUSED, Status.FAILED]).exclude(reason="")
                .values_list("url", "kind", "status", "reason", "title").order_by("url")]
    flagged = [{"url": url, "title": title, "page": page_id,
                "findings": [f for f in findings if f.get("severity") == "high"]}
               for url, title, page_id, findings in items.filter(status=Status.FLAGGED)
               .values_list("url", "title", "page_id", "findings").order_by("url")]
    missing_alt = sum(1 for findings in items.filter(kind=Kind.ARTICLE).values_list("findings", flat=True)
                      for f in findings if f.get("rule") == "image_without_alt")
    return {"counts": dict(sorted(counts.items())), "problems": problems, "flagged": flagged,
            "images_without_alt": missing_alt, "not_followed": site_import.not_followed,
            "columns": dict(site_import.columns_seen)}


def url_map_csv(site):
    """old URL,new URL for every legacy URL that now has a place on the site (for the legacy host's redirects)."""
    root = site.root_url
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["old_url", "new_url"])
    for item in LegacyItem.objects.filter(status__in=[Status.PUBLISHED, Status.STORED]).select_related(
            "page", "document").order_by("url"):
        if item.kind == Kind.DOCUMENT and item.document:
            writer.writerow([item.url, root + item.document.url])
        elif item.page and item.page.live:
            writer.writerow([item.url, item.page.full_url])
    return output.getvalue()
