"""Broken links and hijacked outbound links (not veto items: counted and listed).

Links are read from what editors wrote: every rich-text and StreamField value and every URL
field of the site's live pages. Internal links are Wagtail's page and document references
(`<a linktype="page" id=…>`) and addresses on the site's own hosts; an internal link is broken
when its target is gone or not live. Outbound links are fetched (in parallel, with a timeout);
a target that fails or answers an error is broken, and a target that now serves gambling or
spam (an expired domain taken over) is classified with the content-safety detector.
"""
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from bs4 import BeautifulSoup
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from sitegroup.safety.detector import Context, categories, detect
from sitegroup.safety.lexicon import SPAM_CATEGORIES

from .evaluate import Finding, evaluate
from .probes import USER_AGENT

OUTBOUND_TIMEOUT = 10
MAX_OUTBOUND_PER_SITE = 300
MAX_BYTES = 512 * 1024


@dataclass
class Link:
    page: Page
    href: str = ""
    linktype: str = ""
    target_id: str = ""


@dataclass
class LinkReport:
    internal: list = field(default_factory=list)   # Findings
    outbound: list = field(default_factory=list)
    hijacked: list = field(default_factory=list)


def _anchors(markup, page):
    soup = BeautifulSoup(markup, "html.parser")
    for anchor in soup.find_all("a"):
        if anchor.get("linktype") in ("page", "document"):
            yield Link(page, linktype=anchor["linktype"], target_id=str(anchor.get("id", "")))
        elif anchor.get("href"):
            yield Link(page, href=anchor["href"].strip())


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def page_links(page):
    """Every link an editor put in the page's own fields."""
    for model_field in page._meta.get_fields():
        if not hasattr(model_field, "attname") or getattr(model_field, "auto_created", False):
            continue
        if isinstance(model_field, RichTextField):
            yield from _anchors(getattr(page, model_field.attname) or "", page)
        elif isinstance(model_field, StreamField):
            raw = getattr(page, model_field.attname).raw_data
            for text in _strings(json.loads(json.dumps(list(raw), default=str))):
                if "<a " in text:
                    yield from _anchors(text, page)
        elif isinstance(model_field, models.URLField) and getattr(page, model_field.attname):
            yield Link(page, href=getattr(page, model_field.attname))


def collect(home, own_hosts):
    """(internal links, outbound links) of the site's live pages below `home`."""
    internal, outbound = [], []
    for page in Page.objects.descendant_of(home, inclusive=True).live().specific().iterator(chunk_size=200):
        for link in page_links(page):
            if link.linktype:
                internal.append(link)
                continue
            parts = urlsplit(link.href)
            if parts.scheme in ("mailto", "tel", "javascript") or link.href.startswith("#"):
                continue
            if parts.scheme in ("http", "https") and (parts.hostname or "") not in own_hosts:
                outbound.append(link)
            elif parts.scheme in ("", "http", "https"):
                internal.append(link)
    return internal, outbound


def _internal_broken(link, home, live_ids, document_ids, live_paths):
    if link.linktype == "page":
        return not link.target_id.isdigit() or int(link.target_id) not in live_ids
    if link.linktype == "document":
        return not link.target_id.isdigit() or int(link.target_id) not in document_ids
    path = urlsplit(link.href).path or "/"
    if path.startswith(("/static/", "/media/", "/documents/", "/search/", "/admin/", "/en/")):
        return False
    return (path if path.endswith("/") else path + "/") not in live_paths


def fetch_target(url, timeout=OUTBOUND_TIMEOUT):
    """(status code or None, HTML text or "", error)."""
    try:
        with requests.get(url, timeout=timeout, headers={"User-Agent": USER_AGENT}, stream=True) as response:
            body = b""
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) >= MAX_BYTES:
                    break
            is_html = "html" in response.headers.get("Content-Type", "") or "text" in response.headers.get(
                "Content-Type", "")
            text = body.decode(response.encoding or "utf-8", errors="replace") if is_html else ""
            return response.status_code, text, ""
    except requests.RequestException as exc:
        return None, "", f"{type(exc).__name__}: {exc}"[:200]


def spam_categories(html, url):
    """Spam categories the detector finds in a fetched page (gambling, porn, fraud...)."""
    host = urlsplit(url).hostname or ""
    return sorted(categories(detect(html, Context(own_hosts=frozenset({host}))), minimum="high")
                  & set(SPAM_CATEGORIES))


def check_links(home, own_hosts, now, *, workers=8, timeout=OUTBOUND_TIMEOUT):
    """Three ItemResults: broken internal links, broken outbound links, hijacked outbound links."""
    today = timezone.localdate(now)
    internal, outbound = collect(home, own_hosts)
    live_pages = Page.objects.descendant_of(home, inclusive=True).live()
    live_ids = set(live_pages.values_list("pk", flat=True))
    home_prefix = len(home.url_path) - 1
    live_paths = {p[home_prefix:] or "/" for p in live_pages.values_list("url_path", flat=True)}
    document_ids = set(get_document_model().objects.values_list("pk", flat=True))

    def finding(link, detail):
        page = link.page
        path = page.url_path[home_prefix:] or "/"
        return Finding(label=page.title, url=path, edit_url=f"/admin/pages/{page.pk}/edit/", counts_from=today,
                       detail=detail)

    report = LinkReport()
    for link in internal:
        if _internal_broken(link, home, live_ids, document_ids, live_paths):
            target = link.href or f"{link.linktype} #{link.target_id}"
            report.internal.append(finding(link, _("Broken link to %(target)s") % {"target": target}))
    targets = sorted({link.href for link in outbound})[:MAX_OUTBOUND_PER_SITE]
    fetched = {}
    if targets:
        with ThreadPoolExecutor(max_workers=min(workers, len(targets))) as pool:
            for url, result in zip(targets, pool.map(lambda u: fetch_target(u, timeout), targets), strict=True):
                fetched[url] = result
    for link in outbound:
        if link.href not in fetched:
            continue
        status, html, error = fetched[link.href]
        if status is None or status >= 400:
            report.outbound.append(finding(link, _("%(url)s does not answer (%(error)s)") % {
                "url": link.href, "error": error or f"HTTP {status}"}))
        elif html and (found := spam_categories(html, link.href)):
            report.hijacked.append(finding(link, _("%(url)s now serves %(categories)s content") % {
                "url": link.href, "categories": "、".join(found)}))
    warn = 0
    return [evaluate("broken_internal_links", report.internal, 1, today, warn, veto=False),
            evaluate("broken_outbound_links", report.outbound, 1, today, warn, veto=False),
            evaluate("hijacked_links", report.hijacked, 1, today, warn, veto=False)]
