"""What a legacy page says: trafilatura finds the article; the page's own metadata gives the rest.

Old government CMSs carry the national guideline's meta tags (ArticleTitle, PubDate,
ContentSource, ColumnName), a breadcrumb (当前位置), a line such as 发布时间：… 来源：…, and for
policy documents a table of disclosure fields (索引号, 发布机构, 成文日期, 文号, 主题分类). Those are
read here; the article body itself (without navigation, footer, or spam injected around it) is
trafilatura's job.
"""
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import trafilatura
from bs4 import BeautifulSoup
from django.utils import timezone
from trafilatura.settings import use_config

from .bodies import is_attachment
from .fetching import normalise_url

# Article URLs of the CMSs township sites most often ran on (e.g. /art/2019/3/5/art_123_456.html,
# TRS's /t20190305_456.html, /content_456.html, ?articleid=456).
ARTICLE_URL = re.compile(
    r"/art/\d{4}/|/art_\d+_\d+\.s?html?$|/t\d{8}_\d+\.s?html?$|/content_\d+\.s?html?$|/\d{6}/t\d+|"
    r"[?&](articleid|newsid|infoid|contentid)=\d+", re.I)
_DATE = r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2}))?"
PUBLISHED = re.compile(r"(?:发布(?:时间|日期)|发文日期|日期|时间)\s*[:：]\s*" + _DATE)
DATE = re.compile(_DATE)
SOURCE = re.compile(r"(?:来源|信息来源|稿源)\s*[:：]\s*([^\s|　]{1,60})")
AUTHOR = re.compile(r"(?:作者|撰稿|供稿)\s*[:：]\s*([^\s|　]{1,30})")
# Lines of the article header that trafilatura keeps as paragraphs of the body.
META_LINE = re.compile(r"(发布(时间|日期)|来源\s*[:：]|浏览(次数|量)|点击(数|量)|【\s*字体|打印本页|关闭窗口)")
DISCLOSURE_LABELS = {
    "索引号": "index_number", "发布机构": "issuing_body", "发文机关": "issuing_body", "发布单位": "issuing_body",
    "成文日期": "date_written", "文号": "document_number", "发文字号": "document_number",
    "主题分类": "topic", "有效性": "validity",
}
# trafilatura's defaults expect 250 characters of text before trusting its result, then fall back
# to the whole page's text; a short Chinese notice says in 60 characters what English needs 250 for.
TRAFILATURA_CONFIG = use_config()
TRAFILATURA_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "20")
TRAFILATURA_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
_CRUMB_HINT = re.compile(r"crumb|position|location|dqwz|path|daohang", re.I)
_CRUMB_SPLIT = re.compile(r"\s*[>›»→]+\s*|\s+/\s+")
_NOT_A_COLUMN = {"首页", "主页", "网站首页", "正文", "当前位置", ""}


@dataclass
class LegacyPage:
    url: str
    title: str = ""
    is_article: bool = False
    column: str = ""
    body_html: str = ""
    publish_date: datetime.datetime | None = None
    source: str = ""
    author: str = ""
    disclosure: dict = field(default_factory=dict)
    links: list = field(default_factory=list)


def parse_date(text):
    match = DATE.search(text or "")
    return _date_from(match) if match else None


def _date_from(match):
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        value = datetime.datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    return timezone.make_aware(value)


def _meta(soup, name):
    tag = soup.find("meta", attrs={"name": re.compile(f"^{name}$", re.I)})
    return (tag.get("content") or "").strip() if tag else ""


def _breadcrumb(soup):
    for element in soup.find_all(["div", "p", "span", "td", "nav", "ol"]):
        hinted = _CRUMB_HINT.search(" ".join(element.get("class", [])) + " " + (element.get("id") or ""))
        own_text = element.get_text(" ", strip=True)
        if hinted or own_text.startswith(("当前位置", "您的位置", "您现在的位置")):
            parts = [p.strip() for p in _CRUMB_SPLIT.split(re.sub(r"^[^:：]*位置\s*[:：]", "", own_text))]
            return [p for p in parts if p not in _NOT_A_COLUMN]
    return []


def _disclosure(soup):
    fields = {}
    for cell in soup.find_all(["td", "th", "span", "li", "dt"]):
        text = cell.get_text(" ", strip=True)
        label, _sep, value = re.sub(r"\s+", "", text).partition("：") if "：" in text else (
            re.sub(r"\s+", "", text).partition(":"))
        key = DISCLOSURE_LABELS.get(label.strip())
        if key and value:
            fields.setdefault(key, value.strip())
            continue
        key = DISCLOSURE_LABELS.get(re.sub(r"[\s:：]+", "", text))
        if key:
            sibling = cell.find_next_sibling(["td", "th", "span", "dd"])
            if sibling and sibling.get_text(strip=True):
                fields.setdefault(key, sibling.get_text(" ", strip=True))
    return fields


def _container_of(soup, body):
    """The element of the original page that holds the extracted article (its first and last paragraphs)."""
    texts = [p.get_text(" ", strip=True) for p in body.find_all("p")]
    texts = [t for t in texts if len(t) >= 8]
    if not texts:
        return None
    first, last = texts[0][:12], texts[-1][:12]
    node = soup.find(string=lambda s: s and first in s)
    element = node.parent if node else None
    while element is not None and last not in element.get_text(" ", strip=True):
        element = element.parent
    return element


def _add_missing_attachments(soup, body, base):
    # trafilatura drops some link-only paragraphs (附件：…, download scripts) as boilerplate; the
    # attachments of the article's own container come back as a list after the text.
    container = _container_of(soup, body)
    if container is None:
        return
    present = {normalise_url(a["href"]) for a in body.find_all("a", href=True)}
    for anchor in container.find_all("a", href=True):
        url = normalise_url(urljoin(base, anchor["href"]))
        if is_attachment(url) and url not in present:
            present.add(url)
            paragraph = body.new_tag("p")
            link = body.new_tag("a", href=url)
            link.string = anchor.get_text(" ", strip=True) or url
            paragraph.append(link)
            (body.body or body).append(paragraph)


def _clean_body(body_html, soup, base):
    extracted = BeautifulSoup(body_html, "lxml")
    for element in extracted.find_all(["p", "div", "table"]):
        text = element.get_text(" ", strip=True)
        if element.name == "table" and ("索引号" in text or "文号" in text) and "主题分类" in text:
            element.decompose()
        elif element.name != "table" and len(text) < 120 and META_LINE.search(text):
            element.decompose()
    _add_missing_attachments(soup, extracted, base)
    body = extracted.body
    return "".join(str(child) for child in body.children) if body else ""


def extract(html, url):
    """A LegacyPage for the page `html` found at `url`."""
    soup = BeautifulSoup(html, "lxml")
    page = LegacyPage(url=url)
    base = urljoin(url, soup.base["href"]) if soup.base and soup.base.get("href") else url
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"].strip()
        if href and not href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            page.links.append(normalise_url(urljoin(base, href)))
    text = soup.get_text(" ", strip=True)
    crumb = _breadcrumb(soup)
    html_title = soup.title.get_text(strip=True) if soup.title else ""
    page.title = _meta(soup, "ArticleTitle") or (soup.h1.get_text(" ", strip=True) if soup.h1 else "") or \
        re.split(r"\s*[_|–-]\s*", html_title)[0]
    published = PUBLISHED.search(text)
    page.is_article = bool(_meta(soup, "ArticleTitle") or ARTICLE_URL.search(url))
    if not page.is_article:
        page.column = _meta(soup, "ColumnName") or (crumb[-1] if crumb else "") or page.title
        return page
    page.column = _meta(soup, "ColumnName") or next((c for c in reversed(crumb) if c != page.title), "")
    page.publish_date = parse_date(_meta(soup, "PubDate")) or (_date_from(published) if published else None)
    page.source = _meta(soup, "ContentSource") or (m.group(1) if (m := SOURCE.search(text)) else "")
    page.author = _meta(soup, "Author") or (m.group(1) if (m := AUTHOR.search(text)) else "")
    page.disclosure = _disclosure(soup)
    body = trafilatura.extract(html, url=base, output_format="html", include_links=True, include_images=True,
                               include_tables=True, include_comments=False, favor_recall=True,
                               config=TRAFILATURA_CONFIG)
    page.body_html = _clean_body(body or "", soup, base)
    if page.publish_date is None:
        metadata = trafilatura.extract_metadata(html, default_url=base)
        page.publish_date = parse_date(metadata.date) if metadata and metadata.date else None
    return page
