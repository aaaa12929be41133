"""Content safety of pages: the detector run on what a visitor of the page gets.

A page is rendered through its site's theme (the simulated request Wagtail uses for
previews, which works for drafts and revisions too) and the resulting HTML is what the
detector reads, never the stored rich-text source: the stored form holds Wagtail's own
`<embed embedtype="image">` tags and unescaped field values that no visitor ever sees.

Run inside the site's schema.
"""
import logging

from django.db import models
from django.utils import timezone
from django.utils.html import escape
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from sitegroup.identity import audit
from sitegroup.publishing.subject import render_page as render_as_served

from .detector import HIGH, Context, detect_html
from .models import AllowedMatch, ContentFinding, ScanRun, SiteSafetySettings
from .notify import high_severity_found
from .versions import current_lexicon

logger = logging.getLogger(__name__)


def render_page(page, site=None, render=render_as_served):
    """The HTML a visitor gets for `page` (a live page, a draft or a revision's object).

    `render(page)` renders it through the site's theme; a publish check passes the registry's
    rendering instead, so the page is rendered once for every check. A suspended site answers
    every visitor with its maintenance page, so its pages are read from their fields instead
    (rich text expanded as Wagtail renders it, plain text escaped).
    """
    if site is not None and site.status != site.Status.ACTIVE:
        return content_html(page)
    return render(page)


def content_html(page):
    """The page's own fields as HTML, without the site's templates."""
    specific = page.specific if hasattr(page, "specific") else page
    parts = [f"<title>{escape(specific.title)}</title><h1>{escape(specific.title)}</h1>"]
    own_fields = {f.name for f in Page._meta.get_fields()} - {"search_description", "seo_title"}
    for field in specific._meta.get_fields():
        if field.name in own_fields or getattr(field, "auto_created", False) or not hasattr(field, "attname"):
            continue
        value = getattr(specific, field.attname, None)
        if not value:
            continue
        if isinstance(field, RichTextField):
            parts.append(expand_db_html(value))
        elif isinstance(field, StreamField):
            parts.append(str(value.render_as_block()))
        elif isinstance(field, (models.CharField, models.TextField)):
            parts.append(f"<p>{escape(value)}</p>")
    return "\n".join(parts)


def context_for(site, page=None):
    hosts = frozenset(site.domains.values_list("domain", flat=True))
    language = "zh-hans"
    if page is not None and getattr(page, "locale_id", None):
        language = page.locale.language_code
    allowed = frozenset(AllowedMatch.objects.filter(site=site).values_list("rule", "key"))
    return Context(own_hosts=hosts, language=language, lexicon=current_lexicon(site), allowed=allowed)


def check_page(page, site=None, render=render_as_served):
    """Findings for `page` as it would be published (nothing stored); see render_page for `render`."""
    site = site or audit.current_site()
    if site is None:
        return []
    page = page.specific if hasattr(page, "specific") else page
    return detect_html(render_page(page, site, render), context_for(site, page))


def public_url(page):
    try:
        return page.get_full_url() or page.url_path
    except Exception:  # a page outside any Site (e.g. a tree being moved)
        return page.url_path


def scan_page(page, site, *, run=None, notify=True):
    """Scan a page of `site` as its visitors see it; store its open findings and return them."""
    page = page.specific
    if not page.live:
        ContentFinding.close_for_page(site, page.pk, ContentFinding.Resolution.UNPUBLISHED)
        return []
    previous = set(ContentFinding.open().filter(site=site, page_id=page.pk, severity=HIGH)
                   .values_list("kind", "key"))
    findings = detect_html(render_page(page, site), context_for(site, page))
    stored = ContentFinding.replace_for_page(site, page, public_url(page), findings, run=run)
    new_high = [f for f in stored if f.severity == HIGH and (f.kind, f.key) not in previous]
    if new_high and notify:
        taken_down = take_down_if_configured(page, site, new_high)
        high_severity_found(site, page, new_high, taken_down=taken_down)
    return stored


def take_down_if_configured(page, site, findings):
    if not SiteSafetySettings.for_site(site).auto_takedown:
        return False
    take_down(page, site, by="content-safety", reason="; ".join(f.get_kind_display() for f in findings))
    return True


def take_down(page, site, *, by, reason="", user=None):
    """Unpublish a live page because of its content; its open findings close as taken down."""
    page = page.specific
    # Closed first, so the unpublish signal finds nothing left to close as merely "unpublished".
    ContentFinding.close_for_page(site, page.pk, ContentFinding.Resolution.TAKEN_DOWN, by)
    if page.live:
        page.unpublish(user=user, log_action="sitegroup.safety.take_down")
    audit.record("content_taken_down", actor=by, site=site, object_type="wagtailcore.page",
                 object_id=str(page.pk), object_repr=page.title, reason=reason)


def scan_site(site, trigger=ScanRun.Trigger.SCHEDULED, progress=None):
    """Scan every live page of `site` (in its schema); record and return the ScanRun.

    Findings of pages that are gone or no longer live are closed, not crashed on.
    """
    run = ScanRun.objects.create(site=site, trigger=trigger)
    pages = list(Page.objects.live().filter(depth__gt=1).specific().order_by("path"))
    iterator = progress(pages) if progress else pages
    counts = {"high": 0, "medium": 0, "low": 0}
    errors = []
    for page in iterator:
        try:
            for finding in scan_page(page, site, run=run):
                counts[finding.severity] = counts.get(finding.severity, 0) + 1
        except Exception as error:  # one broken page must not stop the scan of a site
            logger.exception("content-safety scan of page %s on %s failed", page.pk, site.slug)
            errors.append(f"{page.pk} {page.title}: {error}")
    live_ids = {page.pk for page in pages}
    stale = ContentFinding.open().filter(site=site).exclude(page_id__in=live_ids)
    gone_ids = set(stale.values_list("page_id", flat=True)) - set(
        Page.objects.filter(pk__in=stale.values_list("page_id", flat=True)).values_list("pk", flat=True))
    stale.filter(page_id__in=gone_ids).update(resolved_at=timezone.now(),
                                               resolution=ContentFinding.Resolution.PAGE_GONE)
    stale.update(resolved_at=timezone.now(), resolution=ContentFinding.Resolution.UNPUBLISHED)
    run.pages, run.high, run.medium, run.low = len(pages), counts["high"], counts["medium"], counts["low"]
    run.finished_at = timezone.now()
    run.error = "\n".join(errors)[:5000]
    run.save()
    return run
