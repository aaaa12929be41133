"""Operator-maintained lists: synonyms and dictionary words, versioned in the public schema.

Every save is a new version (`WordList` row); a text with a bad line is refused with the
line number and the reason, and the current version stays in force. Processes notice a
new version within `SITEGROUP_SEARCH_LISTS_TTL` seconds (one small query at most that
often) and apply it: synonyms at query time, dictionary words to the tokenizer.

Synonym lines:   医保 = 医疗保险        (also separated by , ， 、)   # comments allowed
Dictionary lines: 一网通办 [frequency] [part-of-speech tag]       (jieba's user dictionary format)
"""
import re
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .analysis import HAN, apply_words, fold

SYNONYM_SEPARATORS = re.compile(r"\s*(?:=|,|，|、)\s*")
TERM = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff]+(?: [\w\u3400-\u9fff\uf900-\ufaff]+)*")
DICTIONARY_WORD = re.compile(r"[a-z0-9\u3400-\u9fff\uf900-\ufaff]{2,30}")
TAG = re.compile(r"[a-z]{1,5}")
MAX_LINES = 20000
MAX_TERM = 40


class ListError(ValueError):
    """A list that cannot be saved: the first bad line, its number and what is wrong."""

    def __init__(self, line_number, line, reason):
        self.line_number, self.line, self.reason = line_number, line, reason
        super().__init__(_("Line %(number)d (“%(line)s”): %(reason)s") % {
            "number": line_number, "line": line[:80], "reason": reason})


def _lines(text):
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        raise ListError(MAX_LINES + 1, lines[MAX_LINES], _("a list has at most %(max)d lines.") % {"max": MAX_LINES})
    for number, raw in enumerate(lines, 1):
        content = raw.split("#", 1)[0].strip()
        if content:
            yield number, raw.strip(), content


def parse_synonyms(text):
    """[(folded term, ...)] per line; raises ListError on the first bad line."""
    groups = []
    for number, raw, content in _lines(text):
        terms = [" ".join(term.split()) for term in SYNONYM_SEPARATORS.split(content)]
        if any(not term for term in terms):
            raise ListError(number, raw, _("an empty term (two separators in a row, or one at the end)."))
        if len(terms) < 2:
            raise ListError(number, raw, _("a line needs two or more terms, e.g. “医保 = 医疗保险”."))
        folded = []
        for term in terms:
            if len(term) > MAX_TERM:
                raise ListError(number, raw, _("“%(term)s” is longer than %(max)d characters.") % {
                    "term": term[:50], "max": MAX_TERM})
            if not TERM.fullmatch(term):
                raise ListError(number, raw, _("“%(term)s” may only contain letters, digits and Chinese characters.")
                                % {"term": term})
            if fold(term) not in folded:
                folded.append(fold(term))
        if len(folded) < 2:
            raise ListError(number, raw, _("the terms are all the same."))
        groups.append(tuple(folded))
    return groups


def parse_dictionary(text):
    """[(folded word, frequency or None, tag or None)]; raises ListError on the first bad line."""
    words = []
    for number, raw, content in _lines(text):
        parts = content.split()
        if len(parts) > 3:
            raise ListError(number, raw, _("write a word, then optionally a frequency and a tag: “一网通办 20 n”."))
        word = fold(parts[0])
        if not DICTIONARY_WORD.fullmatch(word) or not HAN.search(word):
            raise ListError(number, raw, _("“%(word)s” is not a word: 2–30 characters, at least one of them "
                                           "Chinese, no spaces or punctuation.") % {"word": parts[0]})
        freq = None
        if len(parts) > 1:
            if not parts[1].isdigit() or not 1 <= int(parts[1]) <= 10_000_000:
                raise ListError(number, raw, _("the frequency “%(freq)s” is not a whole number from 1 to "
                                               "10000000.") % {"freq": parts[1]})
            freq = int(parts[1])
        tag = parts[2] if len(parts) > 2 else None
        if tag is not None and not TAG.fullmatch(tag):
            raise ListError(number, raw, _("the tag “%(tag)s” is not a part-of-speech tag such as n or nt.")
                            % {"tag": tag})
        words.append((word, freq, tag))
    return words


PARSERS = {"synonyms": parse_synonyms, "dictionary": parse_dictionary}


@dataclass
class Lists:
    versions: dict = field(default_factory=dict)     # kind → version in force
    synonyms: dict = field(default_factory=dict)     # folded term → its synonym line (tuple)
    dictionary: list = field(default_factory=list)   # [(word, freq, tag)]


_lock = threading.Lock()
_state = {"lists": Lists(), "checked": float("-inf")}


def synonym_map(groups):
    mapping = {}
    for group in groups:
        for term in group:
            mapping[term] = tuple(dict.fromkeys(mapping.get(term, ()) + group))
    return mapping


def current():
    """The lists in force, re-read when a newer version was saved (checked at most every TTL seconds)."""
    ttl = settings.SITEGROUP_SEARCH_LISTS_TTL
    if time.monotonic() - _state["checked"] < ttl:
        return _state["lists"]
    from .models import WordList

    with _lock:
        if time.monotonic() - _state["checked"] < ttl:
            return _state["lists"]
        latest = WordList.latest_versions()
        loaded = _state["lists"]
        if latest != loaded.versions:
            texts = WordList.texts(latest)
            dictionary = parse_dictionary(texts.get("dictionary", ""))
            removed = {w for w, _f, _t in loaded.dictionary} - {w for w, _f, _t in dictionary}
            apply_words(dictionary, removed)
            loaded = Lists(versions=latest, synonyms=synonym_map(parse_synonyms(texts.get("synonyms", ""))),
                           dictionary=dictionary)
            _state["lists"] = loaded
        _state["checked"] = time.monotonic()
        return loaded


def invalidate():
    """Re-read the lists on next use (after a save in this process)."""
    _state["checked"] = float("-inf")


def save(kind, text, author="", note=""):
    """Validate and store a new version of a list; returns it. Raises ListError and keeps the old one."""
    from .models import WordList

    PARSERS[kind](text)
    version = WordList.objects.create_next(kind=kind, text=text, author=author, note=note)
    invalidate()
    return version
