"""“Did you mean”: a corrected query from the indexed vocabulary, offered when few pages match.

Each part of the query (between spaces and punctuation) that is not itself an indexed
word is compared with the vocabulary (the backend's `similar_terms`: trigram similarity in
PostgreSQL, the term suggester in Elasticsearch). A candidate must be a near spelling
(edit distance 1, or 2 for parts of six characters or more: 集约话 → 集约化, 一网通半 → 一网通办),
for Chinese never a shorter or longer word (桃源镇停水 is not “corrected” to 桃源镇). The corrected query
is offered only when, with the same filters, it finds more pages than the original.
"""
from dataclasses import replace

from django.conf import settings

from .analysis import HAN
from .query import parse


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _allowed_distance(part):
    return 1 if len(part) < 6 else 2


def _correction(backend, part):
    best = None
    for term, doc_count in backend.similar_terms(part):
        if term == part:
            return None  # an indexed word as typed: nothing to correct
        distance = edit_distance(part, term)
        if HAN.search(part) and len(term) != len(part):
            continue  # Chinese typos are wrong characters (homophones), not missing or extra ones
        if distance <= _allowed_distance(part) and len(term) >= 2:
            key = (distance, abs(len(term) - len(part)), -doc_count)
            if best is None or key < best[0]:
                best = (key, term)
    return best[1] if best else None


def suggestion_for(backend, request, parsed, total):
    """A better query string for `request`, or None."""
    threshold = settings.SITEGROUP_SEARCH_SUGGEST_BELOW
    if total >= threshold or not parsed.chunks:
        return None
    corrected, changed = [], False
    for part in parsed.chunks:
        better = _correction(backend, part) if len(part) >= 2 else None
        corrected.append(better or part)
        changed = changed or bool(better)
    if not changed:
        return None
    text = " ".join(corrected)
    candidate = replace(request, q=text, page=1)
    if backend.count(candidate, parse(text)) > total:
        return text
    return None
