"""Snippets with whole matched terms marked, for Chinese and English alike.

Marks are found on the folded text (so 一網通辦 is marked for 一网通办) and always on word
boundaries of the page's own segmentation, longest first: when the query's phrase (市长之窗)
or a whole word is found, its parts are not marked anywhere else, a single character is
marked only when nothing longer matched, and a character inside another word (气 in
碰碰运气) is never marked. The excerpt is the window holding the most query terms.
"""
import re

from django.utils.html import escape

from .analysis import HAN, Token, fold, lowered, stem, tokens

SNIPPET_LENGTH = 120
MAX_MARKS = 400
MAX_CANDIDATES = 60   # where to cut the excerpt is chosen among the first places found
NEIGHBOURHOOD = 8     # characters cut into words around a match to check its word boundaries
LATIN_WORD = re.compile(r"[a-z0-9]+")


def _boundaries(cut, folded):
    starts, ends = set(), set()
    for token in cut:
        starts.add(token.start)
        ends.add(token.end)
        word = folded[token.start:token.end]
        for inner in token.inner:
            at = word.find(inner)
            while at >= 0:
                starts.add(token.start + at)
                ends.add(token.start + at + len(inner))
                at = word.find(inner, at + 1)
    return starts, ends


def _units(parsed):
    """Chinese (or mixed) strings to look for, longest first."""
    units = {chunk for chunk in parsed.chunks if HAN.search(chunk)}
    units |= {mark for mark in parsed.marks if HAN.search(mark)}
    return sorted(units, key=lambda unit: (-len(unit), unit))


def find_marks(text, parsed):
    """Sorted, non-overlapping (start, end) spans of `text` to mark."""
    if not text or not parsed:
        return []
    return _marks(fold(text), parsed, 0, len(text))


def _candidates(folded, parsed):
    """Where query terms may be, without cutting the text into words (cheap, for long bodies)."""
    spans = []
    for unit in _units(parsed):
        at = folded.find(unit)
        while at >= 0 and len(spans) < MAX_MARKS:
            spans.append((at, at + len(unit)))
            at = folded.find(unit, at + 1)
    for lexeme in {lexeme for lexeme in parsed.terms if not HAN.search(lexeme)}:
        spans += [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(lexeme)}\w*", folded)][:MAX_MARKS]
    return sorted(spans)[:MAX_CANDIDATES]


def _on_word_boundaries(folded, start, end):
    """Does folded[start:end] begin and end where the page's words (or words inside them) do?

    Only a few characters around the match are cut into words, so long texts cost little.
    """
    low, high = max(0, start - NEIGHBOURHOOD), min(len(folded), end + NEIGHBOURHOOD)
    local = [Token(t.lexeme, t.start + low, t.end + low, t.inner) for t in tokens(folded[low:high], folded=True)]
    starts, ends = _boundaries(local, folded)
    return start in starts and end in ends


def _marks(folded, parsed, region_start, region_end):
    """Marks within folded[region_start:region_end]."""
    taken = set()
    spans, matched_units = [], []

    def take(start, end):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            spans.append((start, end))
            return True
        return False

    for unit in _units(parsed):
        if any(unit in longer for longer in matched_units):
            continue  # a longer phrase holding this one was found: no stray parts elsewhere
        if len(unit) == 1 and matched_units:
            continue
        found = False
        at = folded.find(unit, region_start, region_end) if len(unit) > 1 else -1
        while at >= 0 and len(spans) < MAX_MARKS:
            end = at + len(unit)
            if _on_word_boundaries(folded, at, end):
                found = take(at, end) or found
            at = folded.find(unit, at + 1, region_end)
        if len(unit) == 1:
            for token in tokens(folded[region_start:region_end], folded=True):
                # a lone character stands for the words starting with it (itself included)
                start = token.start + region_start
                if folded.startswith(unit, start) and len(spans) < MAX_MARKS:
                    found = take(start, token.end + region_start) or found
        if found:
            matched_units.append(unit)
    latin = {lexeme for lexeme in parsed.terms if not HAN.search(lexeme)}
    if latin:
        heads = {lexeme[:3] for lexeme in latin}   # a stem starts like its word: skip the others cheaply
        for match in LATIN_WORD.finditer(folded, region_start, region_end):
            word = match.group()
            if word[:3] in heads and stem(word) in latin and len(spans) < MAX_MARKS:
                take(match.start(), match.end())
    return _merged(sorted(spans), folded)


def _merged(spans, text):
    """Neighbouring marks (nothing or only spaces between) become one."""
    merged = []
    for start, end in spans:
        if merged and not text[merged[-1][1]:start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _best_window(spans, length, text_length):
    """Start of the excerpt holding the most marked text (ties: the earliest)."""
    if not spans:
        return 0
    best, best_score = 0, -1
    for start, _end in spans:
        begin = max(0, min(start - length // 4, text_length - length))
        score = sum(min(e, begin + length) - max(s, begin) for s, e in spans if s < begin + length and e > begin)
        if score > best_score:
            best, best_score = begin, score
    return best


def _marked(text, spans, offset=0):
    pieces, last = [], 0
    for start, end in spans:
        start, end = start - offset, end - offset
        if end <= 0 or start >= len(text):
            continue
        start, end = max(start, 0), min(end, len(text))
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def excerpt(text, parsed, length=SNIPPET_LENGTH):
    """(HTML-safe excerpt of `text` with marks, number of marks in it).

    The window is chosen on a cheap search of the folded text; only the window (and a
    margin, for word boundaries) is cut into words, so long bodies cost little.
    """
    text = text or ""
    if not text or not parsed:
        return escape(text[:length]) + ("…" if len(text) > length else ""), 0
    # Folding a long body costs more than searching it: fold only when the text as written
    # (lower-cased) holds none of the query's terms (Traditional or full-width text).
    folded = lowered(text)
    candidates = _candidates(folded, parsed)
    if not candidates:
        folded = fold(text)
        candidates = _candidates(folded, parsed)
    begin = _best_window(candidates, length, len(text))
    margin = 24
    low, high = max(0, begin - margin - NEIGHBOURHOOD), min(len(text), begin + length + margin + NEIGHBOURHOOD)
    folded = folded[:low] + fold(text[low:high]) + folded[high:]   # the excerpt's part, folded for cutting
    spans = [(s, e) for s, e in _marks(folded, parsed, max(0, begin - margin), min(len(text), begin + length + margin))
             if e > begin and s < begin + length]
    piece = text[begin:begin + length]
    html = _marked(piece, spans, offset=begin)
    return ("…" if begin > 0 else "") + html + ("…" if begin + length < len(text) else ""), len(spans)


def snippet(body, summary, parsed, length=SNIPPET_LENGTH):
    """The body's best excerpt, or the summary's when the body holds no query term."""
    html, marks = excerpt(body, parsed, length)
    if marks or not summary:
        return html
    return excerpt(summary, parsed, length)[0]


def highlight(text, parsed):
    """All of `text` with its matched terms marked."""
    return _marked(text or "", find_marks(text, parsed))
