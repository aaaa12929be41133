"""Rules over one piece of visible text (a title, a body, a link, a meta tag...).

Words alone do not make spam: a sports bureau writes 体育, a welfare-lottery notice 彩票, an
anti-gambling campaign 赌博. A cluster of hits is scored from several signals:

- the weights of the distinct category words in it (百家乐 weighs more than 彩票);
- commercial calls to action near it (注册送, 官网, 加微信);
- a brand-like token near it (鸿运88, hy88, 88hy: letters or a short name glued to digits);
- where it stands (an outbound link, a title, hidden text weigh more);
- campaign and regulation words near it (打击, 严禁, 举报, 公安) lower the score, unless
  calls to action are also there.

Keyword stuffing and text in another script are separate rules; typos (规范表述) too.
"""
import re
from dataclasses import dataclass

from .lexicon import SPAM_CATEGORIES
from .text import is_cjk, traditional_characters

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_ORDER = {HIGH: 3, MEDIUM: 2, LOW: 1}
HIGH_SCORE, MEDIUM_SCORE = 5, 3
CLUSTER_GAP = 40      # characters between two hits of one cluster
CTA_REACH = 25        # how far a call to action still counts for a cluster
CONTEXT_REACH = 40    # how far a campaign/regulation word still counts
PART_BONUS = {"link": 2, "hidden": 3, "title": 1}

# A letters-and-digits token (hy88, 88hy, tc28vip) or a short Chinese name glued to 2–4 digits
# (鸿运88, 88鸿运); dates, counts and units (2024年, 12345热线, 35千伏) are not brand-like.
_MIXED_TOKEN = re.compile(r"(?<![a-z0-9])(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{3,12}(?![a-z0-9])")
_NAME_DIGITS = re.compile(r"[\u4e00-\u9fff]{2}\d{2,4}(?!\d)|(?<!\d)\d{2,4}[\u4e00-\u9fff]{2}")
_NOT_BRAND_CHARS = set("年月日号时分秒届期次个名位人户家元万亿岁千米克条项件台辆所座天周批栋层楼路")
_NOT_BRAND_TOKENS = {"5g", "4g", "3g", "mp3", "mp4", "h5", "a4", "a3", "3d", "2d", "4k", "g20", "c919", "pm25",
                     "pm10", "covid19", "iso9001", "iso14001", "win10", "win11", "110kv", "10kv", "35kv", "220kv",
                     "500kv", "cr400", "b2b", "o2o", "p2p", "12315", "12345", "12389"}


@dataclass
class TextHit:
    rule: str
    category: str
    severity: str
    start: int
    end: int
    detail: str
    score: int = 0
    key: str = ""


def brand_like_spans(folded):
    spans = []
    for match in _MIXED_TOKEN.finditer(folded.text):
        if match.group() not in _NOT_BRAND_TOKENS:
            spans.append(folded.span_in_original(match.start(), match.end(), compact=False))
    for match in _NAME_DIGITS.finditer(folded.compact):
        chars = {c for c in match.group() if is_cjk(c)}
        if not chars & _NOT_BRAND_CHARS:
            spans.append(folded.span_in_original(match.start(), match.end()))
    return spans


def _near(spans, start, end, reach):
    return [s for s in spans if s[1] >= start - reach and s[0] <= end + reach]


def clusters(hits):
    clusters = []
    for hit in sorted(hits, key=lambda h: h.start):
        if clusters and hit.start - clusters[-1][-1].end <= CLUSTER_GAP:
            clusters[-1].append(hit)
        else:
            clusters.append([hit])
    return clusters


def severity_for(score):
    return HIGH if score >= HIGH_SCORE else MEDIUM if score >= MEDIUM_SCORE else None


def score_words(folded, terms, cta, context, part):
    """Scored clusters of category words → TextHits (spam_text / sensitive_word)."""
    results = []
    brands = brand_like_spans(folded)
    brand_terms = [(h.start, h.end) for h in terms if h.section == "brands"]
    for cluster in clusters(terms):
        start, end = cluster[0].start, max(h.end for h in cluster)
        distinct = {}
        for hit in cluster:
            distinct[hit.key] = max(distinct.get(hit.key, 0), hit.entry.weight)
        words = min(sum(distinct.values()), 10)
        near_cta = {h.key: h.entry.weight for h in cta if h.end >= start - CTA_REACH and h.start <= end + CTA_REACH}
        cta_score = min(sum(near_cta.values()), 4)
        has_brand = bool(_near(brands, start, end, 6)) or bool(brand_terms and _near(brand_terms, start, end, 0))
        near_context = {h.key: h.entry.weight for h in context
                        if h.end >= start - CONTEXT_REACH and h.start <= end + CONTEXT_REACH}
        context_score = min(sum(near_context.values()), 8)
        score = words + cta_score + (2 if has_brand else 0) + PART_BONUS.get(part, 0)
        if context_score:
            commercial = cta_score >= 2 and (has_brand or cta_score >= 3)
            score -= context_score // 2 if commercial else context_score + 2
        severity = severity_for(score)
        if severity is None:
            continue
        strongest = max(cluster, key=lambda h: (h.entry.weight, h.end - h.start))
        category = "gambling" if strongest.section == "brands" else strongest.section
        rule = "sensitive_word" if category == "political" else "spam_text"
        signals = [f"{k}" for k in distinct] + [f"+{k}" for k in near_cta] + (["+brand"] if has_brand else [])
        if near_context:
            signals += [f"-{k}" for k in near_context]
        results.append(TextHit(rule, category, severity, start, end, " ".join(signals), score, strongest.key))
    return results


DENSITY_TERMS = 5


def density(text, terms, context, existing):
    """Many different spam words spread over a text, none close enough to form a cluster: a page
    rewritten by spammers reads like that; a campaign against spam names its words near 打击/举报."""
    if existing or len(context) >= 2:
        return []
    strong = {h.key: h for h in terms if h.entry.weight >= 2 and h.section in SPAM_CATEGORIES + ("brands",)}
    if len(strong) < DENSITY_TERMS:
        return []
    hits = sorted(strong.values(), key=lambda h: h.start)
    category = max(hits, key=lambda h: h.entry.weight).section
    return [TextHit("spam_text", "gambling" if category == "brands" else category, MEDIUM, hits[0].start,
                    hits[0].end, f"{len(strong)} spam words spread over the text: " + " ".join(strong), len(strong),
                    hits[0].key)]


# --- keyword stuffing ---------------------------------------------------------------------------

# Spaces separate phrases only between Chinese characters (Chinese text has none otherwise).
_STUFFING_SEPARATORS = re.compile(r"\s*[|｜_丨/]\s*|\s*[,，、;；]\s*|(?<=[\u4e00-\u9fff\w])\s+(?=[\u4e00-\u9fff])"
                                  r"|(?<=[\u4e00-\u9fff])\s+(?=\w)")
MAX_SEGMENT = 12
MIN_RUN = 4


def _segments(text):
    """[(start, end)] of the pieces between separators."""
    pieces, position = [], 0
    for match in _STUFFING_SEPARATORS.finditer(text):
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    if position < len(text):
        pieces.append((position, len(text)))
    return pieces


def stuffing(text, terms, cta, part):
    """Runs of short phrases separated by | _ , or spaces, several of them commercial."""
    if not any(sep in text for sep in "|｜_丨,，、 "):
        return []
    spam_spans = [(h.start, h.end) for h in terms if h.section in SPAM_CATEGORIES + ("brands",)]
    cta_spans = [(h.start, h.end) for h in cta]
    results, run = [], []

    def close(run):
        if len(run) < MIN_RUN:
            return
        spammy = [seg for seg in run if _near(spam_spans, seg[0], seg[1] - 1, 0)]
        commercial = [seg for seg in run if _near(cta_spans, seg[0], seg[1] - 1, 0)]
        signal = len(spammy) + len(commercial) // 2
        if len(spammy) >= 2 and signal >= 3:
            severity = HIGH if len(spammy) >= 3 or part == "title" else MEDIUM
            results.append(TextHit("keyword_stuffing", _category_of(terms, run), severity, run[0][0], run[-1][1],
                                   f"{len(run)} phrases, {len(spammy)} spam", len(spammy)))

    for start, end in _segments(text):
        if end - start <= MAX_SEGMENT:
            run.append((start, end))
        else:
            close(run)
            run = []
    close(run)
    return results


def _category_of(terms, run):
    inside = [h for h in terms if run[0][0] <= h.start and h.end <= run[-1][1] and h.section in SPAM_CATEGORIES]
    if not inside:
        return "gambling"
    return max(inside, key=lambda h: h.entry.weight).section


def repeated_title(folded, terms, part):
    """A title that repeats the same brand+keyword three times or more."""
    if part != "title" or len(folded.compact) < 12:
        return []
    for size in (6, 5, 4, 3):
        counts = {}
        for i in range(len(folded.compact) - size + 1):
            gram = folded.compact[i:i + size]
            if any(c.isalnum() for c in gram):
                counts.setdefault(gram, []).append(i)
        gram, places = max(counts.items(), key=lambda kv: len(kv[1]), default=("", []))
        if len(places) >= 3 and places[-1] - places[0] >= size * 2:
            spammy = any(h.section in SPAM_CATEGORIES + ("brands",) for h in terms)
            start, end = folded.span_in_original(places[0], places[-1] + size)
            return [TextHit("keyword_stuffing", _category_of(terms, [(start, end)]) if spammy else "seo",
                            HIGH if spammy else MEDIUM, start, end, f"“{gram}” ×{len(places)}", len(places))]
    return []


# --- another script ----------------------------------------------------------------------------

_TRADITIONAL_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\s|｜_,，、:：·]{5,}")


def foreign_script(text, terms, language):
    """Traditional characters in a Simplified page: alone a note, with spam words medium."""
    if not language.lower().startswith("zh-hans") and language.lower() not in ("zh", "zh-cn"):
        return []
    results = []
    for match in _TRADITIONAL_RUN.finditer(text):
        count = traditional_characters(match.group())
        if count < 3 or count < len(match.group()) // 5:
            continue
        spam = [h for h in terms if match.start() <= h.start and h.end <= match.end()
                and h.section in SPAM_CATEGORIES + ("brands",)]
        results.append(TextHit("foreign_script", spam[0].section if spam else "script", MEDIUM if spam else LOW,
                               match.start(), match.end(), f"{count} Traditional characters", count))
    return results
