"""Content-safety scanner: the way defaced government pages are usually spotted.

Looks in a page's HTML for
- hidden text and links (暗链): elements hidden with display:none, visibility:hidden,
  opacity:0, zero font size, zero width/height with overflow hidden, far off-screen
  positioning or text-indent, the `hidden` attribute, and classes hidden by an inline
  <style> block;
- gambling / lottery / spam links (by link text or address) whether hidden or not;
- words of the configured sensitive-word list in the visible text;
- markup that should never be in content (script, iframes, event handlers, javascript: links,
  meta refresh).

Parsing is done with BeautifulSoup on Python's HTML parser (a real, forgiving HTML parser).
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString
from django.conf import settings

# Words that mark gambling, lottery and the usual spam of defaced sites.
SPAM_WORDS = [
    "博彩", "赌场", "赌博", "娱乐城", "百家乐", "彩票", "时时彩", "六合彩", "北京赛车", "pk10", "快三", "体彩网",
    "葡京", "威尼斯人", "太阳城", "金沙", "永利", "银河娱乐", "澳门", "棋牌", "老虎机", "真人视讯", "真人荷官",
    "电子游艺", "体育投注", "bet365", "皇冠", "网投", "下注", "开户送", "注册送", "彩金", "电竞竞猜",
    "代孕", "办证", "发票代开", "私家侦探", "裸聊", "色情", "成人视频", "av",
    "casino", "gambling", "lottery", "poker", "slot", "baccarat", "betting", "sportsbook", "porn", "viagra",
]
WORD_BOUNDARY_ASCII = {"av", "slot", "poker", "bet365"}
HIDDEN_STYLE = [
    re.compile(r"display\s*:\s*none", re.I),
    re.compile(r"visibility\s*:\s*hidden", re.I),
    re.compile(r"(?<![-\w])opacity\s*:\s*0(\.0+)?\s*(;|$|!)", re.I),
    re.compile(r"font-size\s*:\s*0(\.0+)?\s*(px|pt|em|rem|%)?\s*(;|$|!)", re.I),
    re.compile(r"(?<![-\w])(left|top|right|bottom)\s*:\s*-\s*\d{3,}", re.I),
    re.compile(r"text-indent\s*:\s*-\s*\d{3,}", re.I),
    re.compile(r"(?<![-\w])(height|width)\s*:\s*[01]px.*overflow\s*:\s*hidden|overflow\s*:\s*hidden.*(?<![-\w])(height|width)\s*:\s*[01]px", re.I),
    re.compile(r"(?<![-\w])(height|width)\s*:\s*0(px)?\s*(;|$)", re.I),
    re.compile(r"clip\s*:\s*rect\(\s*0", re.I),
    re.compile(r"transform\s*:\s*scale\(\s*0(\.0+)?\s*\)", re.I),
]
STYLE_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
SIMPLE_SELECTOR = re.compile(r"^\s*([.#])([\w-]+)\s*$")


@dataclass
class Finding:
    kind: str  # hidden_link, hidden_text, spam_link, sensitive_word, unsafe_markup
    severity: str  # high, medium
    detail: str
    excerpt: str = ""
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=8)
def _words_from_file(path):
    if not path:
        return ()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def sensitive_words():
    words = list(getattr(settings, "SITEGROUP_SENSITIVE_WORDS", []) or [])
    words += _words_from_file(getattr(settings, "SITEGROUP_SENSITIVE_WORDS_FILE", "") or "")
    return [w for w in dict.fromkeys(words) if w]


def spam_words_in(text):
    lowered = text.lower()
    found = []
    for word in SPAM_WORDS:
        if word in WORD_BOUNDARY_ASCII:
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", lowered):
                found.append(word)
        elif word in lowered:
            found.append(word)
    return found


def _style_hides(style):
    return any(pattern.search(style) for pattern in HIDDEN_STYLE)


def _hidden_selectors(soup):
    """Classes and ids that an inline <style> block hides (simple selectors only)."""
    classes, ids = set(), set()
    for style in soup.find_all("style"):
        for selectors, body in STYLE_RULE.findall(style.get_text()):
            if not _style_hides(body):
                continue
            for selector in selectors.split(","):
                match = SIMPLE_SELECTOR.match(selector)
                if match:
                    (classes if match.group(1) == "." else ids).add(match.group(2))
    return classes, ids


def _is_hidden(tag, hidden_classes, hidden_ids):
    for element in [tag, *tag.parents]:
        if getattr(element, "attrs", None) is None:
            continue
        if element.has_attr("hidden"):
            return True
        if _style_hides(element.get("style", "")):
            return True
        if hidden_classes and set(element.get("class", [])) & hidden_classes:
            return True
        if hidden_ids and element.get("id") in hidden_ids:
            return True
    return False


def _external(href, own_hosts):
    parts = urlsplit(href.strip())
    return parts.scheme in ("http", "https", "") and bool(parts.netloc) and parts.hostname not in own_hosts


def _excerpt(text, limit=160):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def scan_html(html, *, own_hosts=(), words=None):
    """All findings in one HTML fragment or document."""
    words = sensitive_words() if words is None else words
    soup = BeautifulSoup(html or "", "html.parser")
    hidden_classes, hidden_ids = _hidden_selectors(soup)
    findings = []
    own_hosts = set(own_hosts)

    hidden_links = []
    for link in soup.find_all("a"):
        href = link.get("href", "") or ""
        text = link.get_text(" ", strip=True)
        spam = spam_words_in(text + " " + href)
        hidden = _is_hidden(link, hidden_classes, hidden_ids)
        if href.strip().lower().startswith(("javascript:", "vbscript:", "data:")):
            findings.append(Finding("unsafe_markup", "high", "javascript: link", _excerpt(str(link))))
        if hidden and (_external(href, own_hosts) or spam):
            hidden_links.append(link)
            findings.append(Finding("hidden_link", "high", href, _excerpt(text or href), {"spam_words": spam}))
        elif spam:
            findings.append(Finding("spam_link", "high", href, _excerpt(text or href), {"spam_words": spam}))

    # Hidden text (outside the hidden links already reported) carrying spam or sensitive words.
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or node.parent is None or node.parent.name in ("style", "script"):
            continue
        text = str(node).strip()
        if not text or any(node in link.descendants for link in hidden_links):
            continue
        if _is_hidden(node.parent, hidden_classes, hidden_ids):
            hits = spam_words_in(text) + [w for w in words if w in text]
            if hits:
                findings.append(Finding("hidden_text", "high", ", ".join(dict.fromkeys(hits)), _excerpt(text)))

    visible = " ".join(
        str(node) for node in soup.find_all(string=True)
        if isinstance(node, NavigableString) and not isinstance(node, Comment)
        and node.parent is not None and node.parent.name not in ("style", "script")
        and not _is_hidden(node.parent, hidden_classes, hidden_ids)
    )
    for word in words:
        if word in visible:
            index = visible.index(word)
            findings.append(Finding("sensitive_word", "medium", word,
                                    _excerpt(visible[max(0, index - 40):index + 40])))

    for tag in soup.find_all(["script", "iframe", "object", "embed", "meta"]):
        if tag.name == "meta" and "refresh" not in (tag.get("http-equiv", "") or "").lower():
            continue
        findings.append(Finding("unsafe_markup", "high", f"<{tag.name}>", _excerpt(str(tag))))
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        if handlers:
            findings.append(Finding("unsafe_markup", "high", ", ".join(handlers), _excerpt(str(tag))))
    return findings


# --- pages ----------------------------------------------------------------------------------

def page_html(page):
    """The HTML of a page's own content: title, text and rich-text fields, stream fields.

    Reads the content fields, not the theme's template, so it works whatever the theme.
    """
    from django.db import models
    from wagtail.fields import RichTextField, StreamField
    from wagtail.models import Page

    specific = page.specific
    parts = [f"<h1>{specific.title}</h1>"]
    base_fields = {f.name for f in Page._meta.get_fields()}
    for model_field in specific._meta.get_fields():
        if model_field.name in base_fields and model_field.name not in ("search_description", "seo_title"):
            continue
        if getattr(model_field, "auto_created", False) or not hasattr(model_field, "attname"):
            continue
        value = getattr(specific, model_field.attname, None)
        if not value:
            continue
        if isinstance(model_field, RichTextField):
            parts.append(str(value))
        elif isinstance(model_field, StreamField):
            try:
                parts.append(str(value.render_as_block()))
            except Exception:  # a block whose template needs a request: fall back to its source
                parts.append(str(value.raw_data))
        elif isinstance(model_field, (models.CharField, models.TextField)):
            parts.append(f"<p>{value}</p>")
    return "\n".join(parts)


def scan_page(page, site):
    """Scan a live page of `site` (run inside the site's schema); store and return findings."""
    from .models import ContentFinding

    own_hosts = {d.domain for d in site.domains.all()}
    findings = scan_html(page_html(page), own_hosts=own_hosts) if page.live else []
    return ContentFinding.replace_for_page(site, page, findings)
