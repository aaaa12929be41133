"""Finding a lexicon's entries in folded text (see text.fold).

Chinese terms and regular expressions are matched on the compact form (no separators), so
博★彩 and 百 家 乐 are found; ASCII words on the folded text with word boundaries, so
"casino" is found in "888casino.vip" but "seo" is not found in "Seoul".
"""
import re
from dataclasses import dataclass

from .lexicon import CATEGORIES, Entry
from .text import fold


@dataclass(frozen=True)
class Hit:
    section: str
    entry: Entry
    start: int  # in the original text
    end: int
    key: str    # the folded, compact form of what matched (allow-lists compare this)


def _ascii_pattern(term):
    words = term.lower().split()
    body = r"\s*[-_.]?\s*".join(re.escape(word) for word in words)
    tail = r"(?![a-z])" if len(term) <= 3 else ""
    return rf"(?<![a-z]){body}{tail}"


class _Group:
    """One alternation for the CJK terms (longest first) and one for the ASCII words."""

    def __init__(self, entries):
        self.by_key, self.regexes = {}, []
        cjk, ascii_terms = [], []
        for entry in entries:
            if entry.regex:
                self.regexes.append((re.compile(entry.term), entry))
                continue
            folded = fold(entry.term)
            if entry.term.isascii():
                key = " ".join(folded.text.split())
                ascii_terms.append(key)
            else:
                key = folded.compact
                cjk.append(key)
            self.by_key.setdefault(key, entry)
        self.cjk = re.compile("|".join(re.escape(t) for t in sorted(set(cjk), key=len, reverse=True))) if cjk else None
        self.ascii = None
        if ascii_terms:
            self.ascii_keys = sorted(set(ascii_terms), key=len, reverse=True)
            self.ascii = re.compile("|".join(f"(?P<w{i}>{_ascii_pattern(t)})" for i, t in enumerate(self.ascii_keys)))

    def find(self, folded):
        hits = []
        if self.cjk is not None:
            for match in self.cjk.finditer(folded.compact):
                entry = self.by_key[match.group()]
                start, end = folded.span_in_original(match.start(), match.end())
                hits.append(Hit(entry.section, entry, start, end, match.group()))
        if self.ascii is not None:
            for match in self.ascii.finditer(folded.text):
                key = self.ascii_keys[int(match.lastgroup[1:])]
                entry = self.by_key[key]
                start, end = folded.span_in_original(match.start(), match.end(), compact=False)
                hits.append(Hit(entry.section, entry, start, end, key))
        for pattern, entry in self.regexes:
            for match in pattern.finditer(folded.compact):
                if match.end() > match.start():
                    start, end = folded.span_in_original(match.start(), match.end())
                    hits.append(Hit(entry.section, entry, start, end, match.group()))
        return hits


def _outermost(hits):
    """Hits not inside a strictly longer hit (one sweep over the hits sorted by start)."""
    kept, reach_end, reach_start = [], -1, -1
    for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
        inside = hit.end <= reach_end and (reach_start < hit.start or reach_end > hit.end)
        if not inside:
            kept.append(hit)
        if hit.end > reach_end:
            reach_end, reach_start = hit.end, hit.start
    return kept


class Matcher:
    def __init__(self, lexicon):
        self.terms = _Group([e for e in lexicon.entries if e.section in CATEGORIES or e.section == "brands"])
        self.cta = _Group(lexicon.section("cta"))
        self.context = _Group(lexicon.section("context"))
        self.legit = _Group(lexicon.section("legit"))
        self.typos = _Group(lexicon.section("typos"))

    def scan(self, text):
        """(folded, category hits outside legitimate phrases, cta hits, context hits)."""
        folded = fold(text)
        legit = [(h.start, h.end) for h in self.legit.find(folded)]
        # A word inside a longer hit ("seo" in "seo快排") or inside a legitimate phrase does not count.
        terms = [h for h in _outermost(self.terms.find(folded))
                 if not any(start <= h.start and h.end <= end for start, end in legit)]
        return folded, terms, self.cta.find(folded), self.context.find(folded)

    def typos_in(self, folded):
        return self.typos.find(folded)
