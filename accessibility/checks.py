"""Accessibility checks on a rendered page (WCAG 2.1 AA / GB/T 37668-2019), with the place of each problem.

axe-core (run in a real browser by the site audits) covers most of WCAG but does not
judge vague link text in any language, nor whether document links give format and
size; these checks add those, in Chinese and English, and run without a browser so
they can gate publishing.
"""
import re

from bs4 import BeautifulSoup
from django.utils.translation import gettext_lazy as _

from sitegroup.publishing import Problem

# Link texts that say nothing about where the link goes, and their variants (点击此处, 请点击这里查看,
# 更多>>, Click here to read more…): a text made only of these words is vague. A text with any
# other word in it (点击查看办事指南) says where it goes.
_VAGUE_CHINESE = ["请", "您", "点击", "单击", "点选", "点按", "轻触", "点", "按", "戳", "这里", "这儿", "此处", "此",
                  "该", "本", "查看", "浏览", "阅读", "了解", "进入", "打开", "访问", "下载", "更多", "详细", "详情",
                  "全文", "原文", "内容", "信息", "链接", "网址", "页面", "页", "文章", "其他", "其它", "相关",
                  "可", "以", "即", "即可", "就", "的", "一下", "继续"]
_VAGUE_ENGLISH = {"please", "click", "tap", "press", "here", "this", "that", "link", "more", "read", "details",
                  "detail", "learn", "see", "view", "info", "information", "the", "to", "for", "continue",
                  "reading", "full", "story", "page", "go", "open", "download", "now", "article", "website",
                  "site", "and", "on", "in", "a"}
_VAGUE_CHINESE_WORDS = re.compile("|".join(sorted(map(re.escape, _VAGUE_CHINESE), key=len, reverse=True)))
_NOT_A_WORD = re.compile(r"[\W_]+", re.UNICODE)
NEW_WINDOW_WORDS = re.compile(r"新窗口|新标签|new window|new tab|opens in", re.IGNORECASE)
FILE_NAME_ALT = re.compile(r"(^(img|dsc|image|pic|photo)[_\-\s]?\d+)|(\.(png|jpe?g|gif|webp|svg|bmp|tiff?)$)",
                           re.IGNORECASE)
DOCUMENT_HREF = re.compile(r"(/documents/\d+/)|(\.(pdf|docx?|xlsx?|pptx?|zip|rar|ofd|wps|txt|csv)(\?|$))",
                           re.IGNORECASE)
FORMAT_WORD = re.compile(r"\b(pdf|docx?|xlsx?|pptx?|zip|rar|ofd|wps|txt|csv)\b", re.IGNORECASE)
SIZE_WORD = re.compile(r"\d+(\.\d+)?\s*(bytes?|[kmg]i?b|字节)", re.IGNORECASE)

RULES = {
    "image-alt": _("Images need a text alternative (alt) that is not a file name"),
    "heading-order": _("Headings must not skip levels and a page has one h1"),
    "link-name": _("Links need text that says where they go"),
    "link-new-window": _("Links that open a new window must say so"),
    "table-headers": _("Data tables need header cells"),
    "document-link": _("Links to documents must give the file format and size"),
    "html-lang": _("The page must declare its language"),
}


def _path(element):
    parts = []
    while element is not None and getattr(element, "name", None) not in (None, "[document]"):
        if element.get("id"):
            parts.append(f"{element.name}#{element['id']}")
            break
        siblings = [s for s in element.parent.find_all(element.name, recursive=False)] if element.parent else []
        index = siblings.index(element) + 1 if len(siblings) > 1 else 0
        parts.append(f"{element.name}:nth-of-type({index})" if index else element.name)
        element = element.parent
    return " > ".join(reversed(parts))


def is_vague_link_text(text):
    """True when the link text is only words like 点击/这里/更多/click/here/more, in any order or form."""
    words = _NOT_A_WORD.sub(" ", (text or "").lower()).split()
    if not words:
        return False
    for word in words:
        if word.isascii():
            if word not in _VAGUE_ENGLISH:
                return False
        elif _VAGUE_CHINESE_WORDS.sub("", word):
            return False
    return True


def _short(text, limit=80):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _excerpt(element):
    """What the editor sees of the element, as plain text (never markup): its text, the image's
    file, the link's target."""
    name = element.name
    if name == "img":
        source = element.get("src", "").rsplit("/", 1)[-1]
        return _short(str(_("image %(file)s") % {"file": source or "?"}))
    text = _short(element.get_text(" ", strip=True))
    if name == "a":
        return _short(str(_("“%(text)s” → %(href)s") % {"text": text, "href": element.get("href", "")}), 160)
    if name == "html":
        return "html"
    return text or name


def accessible_name(element, soup):
    """Roughly the accessible name: aria-labelledby, aria-label, else text with image alts (hidden text counts)."""
    if element.get("aria-labelledby"):
        texts = [soup.find(id=ref) for ref in element["aria-labelledby"].split()]
        return " ".join(t.get_text(" ", strip=True) for t in texts if t).strip()
    if element.get("aria-label", "").strip():
        return element["aria-label"].strip()
    parts = []
    for node in element.descendants:
        if getattr(node, "name", None) == "img":
            parts.append(node.get("alt", ""))
        elif isinstance(node, str) and not getattr(node, "name", None):
            parts.append(str(node))
    text = " ".join(" ".join(parts).split())
    return text or element.get("title", "").strip()


def check_html(html):
    """Every problem found in a rendered page (or a fragment of one)."""
    soup = BeautifulSoup(html or "", "html.parser")
    problems = []

    def add(rule, element, message):
        problems.append(Problem(rule=rule, message=str(message), location=_path(element), excerpt=_excerpt(element),
                                markup=str(element)[:300]))

    html_element = soup.find("html")
    if html_element is not None and not html_element.get("lang", "").strip():
        add("html-lang", html_element, _("The <html> element has no lang attribute."))

    for image in soup.find_all("img"):
        alt = image.get("alt")
        if alt is None:
            add("image-alt", image, _("This image has no alt text."))
        elif FILE_NAME_ALT.search(alt.strip()):
            add("image-alt", image, _("The alt text “%(alt)s” is a file name, not a description.") % {"alt": alt})

    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    h1s = [h for h in headings if h.name == "h1"]
    for extra in h1s[1:]:
        add("heading-order", extra, _("A page should have one h1; this is h1 number %(n)d.") % {
            "n": h1s.index(extra) + 1})
    previous = 0
    for heading in headings:
        level = int(heading.name[1])
        if previous and level > previous + 1:
            add("heading-order", heading, _("Heading level jumps from h%(from)d to h%(to)d.") % {
                "from": previous, "to": level})
        previous = level

    for link in soup.find_all("a", href=True):
        name = accessible_name(link, soup)
        if not name:
            add("link-name", link, _("This link has no text."))
        elif is_vague_link_text(name):
            add("link-name", link, _("The link text “%(text)s” does not say where the link goes.") % {"text": name})
        if link.get("target") == "_blank" and not NEW_WINDOW_WORDS.search(name + " " + link.get("title", "")):
            add("link-new-window", link, _("This link opens a new window without saying so."))
        if DOCUMENT_HREF.search(link["href"]):
            context = name + " " + (link.parent.get_text(" ", strip=True) if link.parent else "")
            if not (FORMAT_WORD.search(context) and SIZE_WORD.search(context)):
                add("document-link", link, _("Say the document's format and size next to the link, "
                                             "e.g. “(PDF, 1.2 MB)”."))

    for table in soup.find_all("table"):
        if not table.find("th") and table.get("role") != "presentation":
            add("table-headers", table, _("This table has no header cells (th)."))
    return problems
