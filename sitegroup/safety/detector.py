"""The content-safety detector: plain HTML or text in, findings out. No page, no request.

    from sitegroup.safety.detector import Context, detect

    findings = detect(html_or_text, Context(own_hosts={"peach.example.cn"}))
    for f in findings:
        f.rule, f.category, f.severity   # e.g. "spam_text", "gambling", "high"
        f.matched, f.part, f.start, f.end  # what matched, where (title/body/link/...), offsets in that part
        f.before, f.after                # its surroundings, for highlighting
    blocking(findings)                   # True when any finding is high severity

Rules (`Finding.rule`): spam_text, spam_link, sensitive_word, keyword_stuffing, foreign_script,
hidden_link, hidden_text, unsafe_markup, typo. Categories: gambling, lottery, porn, fraud, seo,
political, script, markup, wording. Severities: high (blocks publishing), medium (reported),
low (a note: 规范表述 typos, Traditional text without spam).

Other capabilities use it as it is: site health classifies an outbound link's target with
`detect(fetched_html, Context(own_hosts=...))` and `categories(findings)`; public interaction
holds a letter when `blocking(detect(letter_text))`; legacy import keeps a page as a draft when
`blocking(detect(old_html))`.
"""
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from . import rules
from .lexicon import SPAM_CATEGORIES
from .markup import extract
from .rules import HIGH, LOW, MEDIUM, SEVERITY_ORDER

PART_ORDER = ["title", "body", "text", "link", "hidden", "meta", "alt", "attachment", "markup"]
_HTML_SNIFF = re.compile(
    r"<\s*(!doctype|html|head|body|p|div|a|span|script|iframe|br|h[1-6]|ul|table|img|meta|style)\b", re.I)


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    matched: str
    part: str
    start: int = 0
    end: int = 0
    before: str = ""
    after: str = ""
    detail: str = ""
    score: int = 0
    key: str = ""  # folded form of the decisive words: what an allow-list entry names

    @property
    def excerpt(self):
        return f"{self.before}{self.matched}{self.after}"

    @property
    def blocks(self):
        return self.severity == HIGH


@dataclass
class Context:
    """What the detector knows about where the content comes from.

    own_hosts: the site's own host names (links to them are not outbound).
    language: the page's language; Traditional text is only foreign on a zh-Hans page.
    lexicon: a lexicon.Lexicon; None means the platform's current one (from the database,
      or the shipped file) merged with the configured sensitive words.
    allowed: {(rule, key)} a site marked as false positives; such findings are dropped.
    title: for plain text, a title to check as the title part.
    html: force HTML (True) or plain text (False); None guesses from the content.
    """

    own_hosts: frozenset = frozenset()
    language: str = "zh-hans"
    lexicon: object = None
    allowed: frozenset = frozenset()
    title: str = ""
    html: bool | None = None
    static_prefix: str = "/static/"
    # Hidden links to these domains (and their subdomains) are collapsed menus, not 暗链,
    # unless spam words come with them.
    trusted_domains: tuple = ("gov.cn",)
    extra: dict = field(default_factory=dict)


def looks_like_html(content):
    return bool(_HTML_SNIFF.search(content or ""))


def detect(content, context=None):
    """Findings in `content` (an HTML document or fragment, or plain text), worst first."""
    context = context or Context()
    is_html = context.html if context.html is not None else looks_like_html(content)
    return detect_html(content, context) if is_html else detect_text(content, context)


def detect_text(text, context=None):
    context = context or Context()
    matcher = _lexicon(context).matcher
    findings = []
    if context.title:
        findings += _text_findings(context.title, "title", matcher, context)
    findings += _text_findings(text or "", "text", matcher, context)
    return _finish(findings, context)


def detect_html(html, context=None):
    context = context or Context()
    matcher = _lexicon(context).matcher
    parts = extract(html, own_hosts=context.own_hosts, static_prefix=context.static_prefix)
    findings = []
    title = parts.title or next((content for name, content in parts.meta if name == "articletitle"), "")
    if title:
        findings += _text_findings(title, "title", matcher, context)
    findings += _text_findings(parts.body, "body", matcher, context)
    for _name, content in parts.meta:
        findings += _text_findings(content, "meta", matcher, context, typos=False)
    for text in parts.alt:
        findings += _text_findings(text, "alt", matcher, context, typos=False)
    for name in parts.attachments:
        findings += _text_findings(name, "attachment", matcher, context, typos=False)
    for text, href, hidden in parts.links:
        if not hidden:
            findings += _link_findings(text, href, matcher, context)
    for text in parts.hidden:
        findings += _hidden_text_findings(text, matcher, context)
    for text, href in parts.hidden_links:
        findings += _hidden_link_findings(text, href, matcher, context)
    for item in parts.markup:
        findings.append(Finding(item.rule, "markup", item.severity, item.snippet, "markup", detail=item.detail,
                                key=item.detail))
    return _finish(findings, context)


def blocking(findings):
    """True when a finding must stop publishing (high severity)."""
    return any(f.severity == HIGH for f in findings)


def categories(findings, minimum=MEDIUM):
    """{category} of the findings at or above `minimum` severity."""
    return {f.category for f in findings if SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[minimum]}


def is_flagged(findings):
    """Spam, sensitive words, hidden links or unsafe markup at medium severity or more (typos and a
    lone Traditional passage are notes, not alarms)."""
    return any(SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[MEDIUM] for f in findings)


# --- internals --------------------------------------------------------------------------------


def _lexicon(context):
    if context.lexicon is not None:
        return context.lexicon
    from .versions import current_lexicon

    return current_lexicon()


def _finding(text, part, hit):
    before = text[max(0, hit.start - 30):hit.start]
    after = text[hit.end:hit.end + 30]
    return Finding(hit.rule, hit.category, hit.severity, text[hit.start:hit.end], part, hit.start, hit.end,
                   before, after, hit.detail, hit.score, hit.key or _key(text[hit.start:hit.end]))


def _key(text):
    from .text import fold

    return fold(text).compact[:200]


def _text_findings(text, part, matcher, context, typos=True):
    if not text.strip():
        return []
    folded, terms, cta, ctx_words = matcher.scan(text)
    hits = rules.score_words(folded, terms, cta, ctx_words, part)
    hits += rules.density(text, terms, ctx_words, [h for h in hits if h.rule == "spam_text"])
    hits += rules.stuffing(text, terms, cta, part)
    hits += rules.repeated_title(folded, terms, part)
    hits += rules.foreign_script(text, terms, context.language)
    findings = [_finding(text, part, hit) for hit in hits]
    if typos:
        for hit in matcher.typos_in(folded):
            findings.append(Finding("typo", "wording", LOW, text[hit.start:hit.end], part, hit.start, hit.end,
                                    text[max(0, hit.start - 30):hit.start], text[hit.end:hit.end + 30],
                                    hit.entry.replacement, 1, hit.key))
    return findings


def _href_words(href):
    parts = urlsplit(href or "")
    return " ".join(re.split(r"[./\-_?=&#:]+", unquote(f"{parts.hostname or ''} {parts.path} {parts.query}")))


def _link_findings(text, href, matcher, context):
    combined = f"{text}\n{_href_words(href)}"
    findings = []
    for finding in _text_findings(combined, "link", matcher, context, typos=False):
        if finding.rule in ("spam_text", "keyword_stuffing", "sensitive_word"):
            finding.rule = "spam_link" if finding.rule == "spam_text" else finding.rule
            finding.detail = f"{href} ({finding.detail})"
            # Quote what the visitor sees: the link's text (its address when it has none).
            finding.matched, finding.start, finding.end = (text or href), 0, len(text or href)
            finding.before = finding.after = ""
            findings.append(finding)
    return findings


def _spam_terms(text, matcher):
    _folded, terms, _cta, _ctx = matcher.scan(text)
    return [h for h in terms if h.entry.weight >= 2 or h.section == "brands"]


def _hidden_text_findings(text, matcher, context):
    """Spam words in text a visitor cannot see: one finding per cluster, always high."""
    findings = []
    for cluster in rules.clusters(_spam_terms(text, matcher)):
        start, end = cluster[0].start, max(h.end for h in cluster)
        strongest = max(cluster, key=lambda h: h.entry.weight)
        category = "gambling" if strongest.section == "brands" else strongest.section
        findings.append(Finding("hidden_text", category, HIGH, text[start:end], "hidden", start, end,
                                text[max(0, start - 30):start], text[end:end + 30],
                                " ".join(dict.fromkeys(h.key for h in cluster)), 10, strongest.key))
    return findings


def _hidden_link_findings(text, href, matcher, context):
    from .markup import is_outbound

    spam = _spam_terms(f"{text}\n{_href_words(href)}", matcher)
    host = (urlsplit(href or "").hostname or "").lower()
    trusted = any(host == domain or host.endswith("." + domain) for domain in context.trusted_domains)
    if not spam and (not is_outbound(href, context.own_hosts) or trusted):
        return []
    category = next((("gambling" if h.section == "brands" else h.section) for h in spam), "seo")
    return [Finding("hidden_link", category, HIGH, text or href, "hidden", 0, len(text or href), "", "",
                    href, 10, _key(href or text))]


def _finish(findings, context):
    best = {}
    for finding in findings:
        if (finding.rule, finding.key) in context.allowed:
            continue
        identity = (finding.rule, finding.category, finding.key,
                    finding.detail if finding.rule == "hidden_link" else "")
        current = best.get(identity)
        if current is None or (SEVERITY_ORDER[finding.severity], -PART_ORDER.index(finding.part)) > (
                SEVERITY_ORDER[current.severity], -PART_ORDER.index(current.part)):
            best[identity] = finding
    return sorted(best.values(), key=lambda f: (-SEVERITY_ORDER[f.severity], PART_ORDER.index(f.part), f.start))


__all__ = ["Context", "Finding", "detect", "detect_html", "detect_text", "blocking", "categories", "is_flagged",
           "HIGH", "MEDIUM", "LOW", "SPAM_CATEGORIES"]
