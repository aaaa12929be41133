"""The import run: crawl the legacy site, turn each article into a draft page in its column.

Everything made here is a draft until the run completes (`finishing.finish`): an interrupted
run leaves drafts and its `LegacyItem` rows, and the next run of the same command goes on from
the links those rows remember, without fetching or creating anything twice.
"""
import re
from collections import Counter, deque
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from sitegroup.safety.detector import blocking, detect_html
from sitegroup.safety.models import ContentFinding
from sitegroup.safety.pages import context_for
from themes.models import ColumnPage, PolicyAttachment, PolicyDocumentPage
from themes.models.appearance import ORG_CODE

from . import mapping as column_mapping
from .bodies import is_attachment, to_rich_text
from .extraction import extract, parse_date
from .fetching import same_host
from .files import import_collection, store_document, store_image
from .models import ImportRun, LegacyItem

Status, Kind = LegacyItem.Status, LegacyItem.Kind


class ImportRefused(Exception):
    """The import cannot start (unreachable site, bad mapping...): nothing was written."""


def _slug_from_url(url):
    parts = urlsplit(url)
    stem = re.sub(r"\.\w+$", "", parts.path.rstrip("/").rsplit("/", 1)[-1])
    if stem in ("", "index", "default") and parts.query:
        stem = parts.query
    return slugify(stem.replace("_", "-"))[:50] or "page"


def _unique_slug(parent, slug):
    taken = set(Page.objects.child_of(parent).filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _topic(label):
    label = (label or "").strip()
    if not label:
        return PolicyDocumentPage.Topic.GENERAL
    for value, text in PolicyDocumentPage.Topic.choices:
        # Each choice names its catalogue heading in Chinese, e.g. “(农业、林业、水利)”.
        chinese = [part for part in re.split(r"[、()（）\s]+", str(text)) if re.search(r"[\u4e00-\u9fff]", part)]
        if any(part in label for part in chinese):
            return value
    return PolicyDocumentPage.Topic.OTHER


def finding_summary(finding):
    return {"rule": finding.rule, "category": finding.category, "severity": finding.severity,
            "matched": finding.matched[:200], "part": finding.part}


class SiteImport:
    def __init__(self, tenant, fetcher, *, mapping=None, unmapped="create", max_pages=5000, dry_run=False,
                 progress=None):
        self.tenant, self.fetcher, self.dry_run = tenant, fetcher, dry_run
        self.mapping, self.unmapped, self.max_pages = mapping, unmapped, max_pages
        self.progress = progress
        self.site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        self.home = self.site.root_page.specific
        self.columns_seen = Counter()
        self.column_pages = {}
        self.dry_items = {}
        self.pages_fetched = 0
        self.known_urls = None
        self.not_followed = 0
        self.run = None

    # --- state ------------------------------------------------------------------------------

    def open_run(self):
        source = self.fetcher.start_url
        self.run = ImportRun.objects.filter(source=source, finished_at__isnull=True).first()
        if self.run is None:
            self.run = ImportRun.objects.create(source=source, options={"unmapped": self.unmapped})
            self.resumed = False
        else:
            self.resumed = True
        if self.mapping is not None:
            self.run.options["mapping"] = {name: rule.as_dict() for name, rule in self.mapping.items()}
            self.run.options["unmapped"] = self.unmapped
            self.run.save(update_fields=["options"])
        elif "mapping" in self.run.options:
            self.mapping = {name: column_mapping.ColumnRule(d["action"], d.get("target", ""), d.get("type", "article"))
                            for name, d in self.run.options["mapping"].items()}
            self.unmapped = self.run.options.get("unmapped", self.unmapped)
        return self.run

    def _known(self, url):
        if self.dry_run:
            return url in self.dry_items
        if self.known_urls is None:  # one query per run, not one per link
            self.known_urls = set(LegacyItem.objects.values_list("url", flat=True))
        return url in self.known_urls

    def _record(self, url, kind, status, reason="", **fields):
        if self.dry_run:
            self.dry_items[url] = {"kind": kind, "status": status, "reason": reason, **fields}
            return None
        values = {"run": self.run, "kind": kind, "status": status, "reason": reason[:2000], **fields}
        if self.known_urls is not None and url not in self.known_urls:
            item = LegacyItem.objects.create(url=url, **values)  # new to this site: one insert, no lookup
        else:
            item, _created = LegacyItem.objects.update_or_create(url=url, defaults=values)
        if self.known_urls is not None:
            self.known_urls.add(url)
        return item

    def _frontier(self):
        start = self.fetcher.start_url
        queue = deque([(start, "")])
        queue.extend((url, "") for url in getattr(self.fetcher, "all_pages", list)())
        if not self.dry_run:
            for links, column in LegacyItem.objects.filter(kind__in=[Kind.COLUMN, Kind.ARTICLE, Kind.OTHER]) \
                    .values_list("links", "column"):
                queue.extend((link, column) for link in links)
        return queue

    # --- crawl ------------------------------------------------------------------------------

    def crawl(self):
        """Visit the site breadth first; returns normally when every reachable page was seen."""
        if not self.dry_run:
            self.open_run()
        queue, queued = self._frontier(), set()
        start = self.fetcher.start_url
        while queue:
            url, referrer_column = queue.popleft()
            if url in queued or not same_host(url, start) or is_attachment(url):
                continue
            queued.add(url)
            if self._known(url):
                continue
            if self.pages_fetched >= self.max_pages:
                self.not_followed += 1
                continue
            try:
                links = self.visit(url, referrer_column, is_start=url == start)
            except ImportRefused:
                if self.run is not None and not self.run.items.exists():
                    self.run.delete()  # nothing was read: leave no trace of the attempt
                raise
            self.pages_fetched += 1
            if self.progress:
                self.progress(url)
            queue.extend(links)

    def visit(self, url, referrer_column, is_start=False):
        fetched = self.fetcher.fetch(url)
        if fetched.error or not fetched.is_html:
            reason = fetched.error or _("not an HTML page (%(type)s)") % {"type": fetched.content_type}
            if is_start:
                raise ImportRefused(_("The legacy site cannot be read at %(url)s: %(reason)s") % {
                    "url": url, "reason": reason})
            self._record(url, Kind.OTHER, Status.SKIPPED, reason)
            return []
        page = extract(fetched.text(), fetched.final_url or url)
        links = sorted({link for link in page.links if same_host(link, self.fetcher.start_url)})
        if is_start or not page.is_article:
            column = "" if is_start else page.column
            kind = Kind.OTHER if is_start else Kind.COLUMN
            self._record(url, kind, Status.SKIPPED if is_start else Status.STORED, "", column=column[:200],
                         title=page.title[:500], links=links)
            return [(link, column) for link in links]
        page.column = page.column or referrer_column or _("(no column)")
        self.columns_seen[page.column] += 1
        if not self.dry_run:
            self.import_article(page, links)
        else:
            self._record(url, Kind.ARTICLE, Status.DRAFT, column=page.column, title=page.title)
        return [(link, page.column) for link in links]

    # --- pages ------------------------------------------------------------------------------

    def rule_for(self, column):
        if self.mapping is not None and column in self.mapping:
            return self.mapping[column]
        rule = column_mapping.propose([column], self.unmapped)[column]
        if self.mapping is not None and rule.action == "import":
            # A mapping file was given: columns it does not name are handled as --unmapped says.
            rule = column_mapping.ColumnRule(self.unmapped, page_type="article")
        return rule

    def column_page(self, column, rule):
        key = (column, rule.action, rule.target)
        if key not in self.column_pages:
            if rule.action == "create":
                slug = column_mapping.new_column_slug(column)
                page = ColumnPage.objects.child_of(self.home).filter(slug=slug).first()
                if page is None:
                    page = ColumnPage(title=column[:255], slug=slug, column_type=ColumnPage.ColumnType.GENERAL,
                                      show_in_menus=True)
                    self.home.add_child(instance=page)
                    page.save_revision().publish()
            else:
                page = column_mapping.column_at(self.home, rule.target)
            self.column_pages[key] = page
        return self.column_pages[key]

    def safety_context(self):
        """The site's content-safety context (its lexicon and allow-list), once per run; the legacy host is
        the site's own."""
        if getattr(self, "_safety_context", None) is None:
            context = context_for(self.tenant)
            context.own_hosts = context.own_hosts | {urlsplit(self.fetcher.start_url).hostname}
            self._safety_context = context
        return self._safety_context

    def _file(self, url, title, kind, store):
        item = LegacyItem.objects.filter(url=url).select_related(kind).first() if self._known(url) else None
        if item is not None:
            return item.image if kind == Kind.IMAGE else item.document
        stored, reason = store(self.fetcher.fetch(url), title, self.collection)
        field = "image" if kind == Kind.IMAGE else "document"
        self._record(url, kind, Status.STORED if stored else Status.REFUSED, reason, title=title[:500],
                     **{field: stored})
        return stored

    def import_article(self, legacy, links):
        rule = self.rule_for(legacy.column)
        if rule.action == "skip":
            self._record(legacy.url, Kind.ARTICLE, Status.SKIPPED,
                         _("column “%(column)s” is skipped by the mapping") % {"column": legacy.column},
                         column=legacy.column[:200], title=legacy.title[:500], links=links)
            return
        parent = self.column_page(legacy.column, rule)
        # The page's own check, once: what a visitor would read of it (title, source, author, body). Its
        # publish at the end of the run does not render and scan it again (see publishing.py).
        findings = detect_html(f"<title>{escape(legacy.title)}</title><p>{escape(legacy.source)}</p>"
                               f"<p>{escape(legacy.author)}</p>{legacy.body_html}", self.safety_context())
        self.collection = getattr(self, "collection", None) or import_collection()
        documents = []

        def document_for(url, text):
            document = self._file(url, text, Kind.DOCUMENT, store_document)
            if document is not None:
                documents.append(document)
            return document

        body, missing_alt = to_rich_text(
            legacy.body_html, image_for=lambda url, alt: self._file(url, alt, Kind.IMAGE, store_image),
            document_for=document_for)
        model = column_mapping.PAGE_TYPES[rule.page_type]
        fields = {"title": legacy.title[:255] or legacy.url, "body": body, "source": legacy.source[:120],
                  "author": legacy.author[:60], "live": False, "has_unpublished_changes": True}
        if legacy.publish_date:
            fields["publish_date"] = legacy.publish_date
        if model is PolicyDocumentPage:
            fields.update(self._disclosure_fields(legacy))
        with transaction.atomic():
            page = model(slug=_unique_slug(parent, _slug_from_url(legacy.url)), **fields)
            if model is PolicyDocumentPage:
                page.attachments = [PolicyAttachment(document=d) for d in dict.fromkeys(documents)]
            # A draft: its revision is made when the run completes (finishing.py), after its links are
            # rewritten; until then the page row holds its content. Not validated yet: a draft may lack
            # what publishing needs, and the run's end reports that.
            parent.add_child(instance=page)
            flagged = blocking(findings)
            self._record(legacy.url, Kind.ARTICLE, Status.FLAGGED if flagged else Status.DRAFT,
                         _("content-safety findings") if flagged else "", column=legacy.column[:200],
                         title=legacy.title[:500], page=page, links=links,
                         findings=[finding_summary(f) for f in findings] + [
                             {"rule": "image_without_alt", "matched": src} for src in missing_alt])
            if findings:  # what the publish scan used to store: high ones keep the page a draft
                ContentFinding.replace_for_page(self.tenant, page, legacy.url, findings)

    def _disclosure_fields(self, legacy):
        disclosure = legacy.disclosure
        written = parse_date(disclosure.get("date_written", "")) or legacy.publish_date
        fields = {"issuing_body": (disclosure.get("issuing_body") or legacy.source or self.tenant.name)[:120],
                  "document_number": disclosure.get("document_number", "")[:60],
                  "topic": _topic(disclosure.get("topic")),
                  "date_written": written.date() if written else None}
        index_number = disclosure.get("index_number", "").strip()
        if index_number:
            # The legacy index number stays the document's: it was given once and never changes. Its
            # first part is the publisher's organisation code.
            fields["index_number"] = index_number[:40]
            if ORG_CODE.match(index_number.split("/")[0]):
                fields["publisher_code"] = index_number.split("/")[0]
        if fields["date_written"] is None:
            fields["date_written"] = timezone.localdate()
        return fields

    def progress_over(self, items, label):
        return self.progress.over(items, label) if self.progress and hasattr(self.progress, "over") else items
