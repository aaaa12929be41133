"""What a search query asks for, independent of the backend that answers it.

A query is folded and cut like indexed text (`search.analysis`), then becomes *groups*:
every group must match a page, and a group matches when any of its alternatives does.
  * a word: its lexeme (a long Chinese word also as the phrase of the words it is made
    of, in case a page cut it differently);
  * an operator synonym: every member of its synonym line (医保 = 医疗保险), each as a phrase;
  * a lone Chinese character (政): the words that start with it, ranked lower.
Words without meaning of their own (的, of) are left out when other words remain.
"""
import re
from dataclasses import dataclass, field

from . import lists
from .analysis import CHINESE_STOPWORDS, ENGLISH_STOPWORDS, HAN, fold, is_word, lexemes, tokens

CHUNK_SPLIT = re.compile(r"[^\w\u3400-\u9fff\uf900-\ufaff]+")
SINGLE_CHARACTER_WEIGHT = 0.5


@dataclass(frozen=True)
class Alternative:
    lexemes: tuple                  # a phrase: these lexemes next to each other, in order
    prefix: bool = False            # the (only) lexeme also matches longer words starting with it


@dataclass
class Group:
    text: str                       # the folded words of the query this group stands for
    alternatives: list
    weight: float = 1.0
    marks: list = field(default_factory=list)   # folded strings to highlight (synonyms too)

    @property
    def single_character(self):
        return any(alt.prefix for alt in self.alternatives)


@dataclass
class ParsedQuery:
    text: str                       # the folded query
    chunks: list                    # its parts between spaces and punctuation
    groups: list

    @property
    def terms(self):
        """Every lexeme the query may match (for backends and tests)."""
        return [lexeme for group in self.groups for alt in group.alternatives for lexeme in alt.lexemes]

    @property
    def marks(self):
        return [mark for group in self.groups for mark in group.marks]

    def __bool__(self):
        return bool(self.groups)


def _decomposed(word):
    """A long Chinese word as a phrase of shorter dictionary words, or None."""
    if len(word) < 4 or not HAN.search(word):
        return None
    for size in range(len(word) - 2, 1, -1):
        head, rest = word[:size], word[size:]
        if is_word(head):
            tail = [rest] if is_word(rest) or len(rest) == 1 else lexemes(rest)
            return (head, *tail)
    return None


def _word_group(token_text, lexeme):
    alternatives = [Alternative((lexeme,))]
    if len(lexeme) == 1 and HAN.fullmatch(lexeme):
        return Group(token_text, [Alternative((lexeme,), prefix=True)], SINGLE_CHARACTER_WEIGHT, [token_text])
    parts = _decomposed(lexeme)
    if parts:
        alternatives.append(Alternative(parts))
    return Group(token_text, alternatives, 1.0, [token_text])


def _synonym_group(text, members):
    alternatives, seen = [], set()
    for member in members:
        phrase = tuple(lexemes(member))
        if phrase and phrase not in seen:
            seen.add(phrase)
            alternatives.append(Alternative(phrase))
    return Group(text, alternatives, 1.0, list(members))


def _synonym_spans(text, cut, synonyms):
    """[(start, end, members)] of synonym terms found in `text` on word boundaries, longest first."""
    starts = {t.start for t in cut} | {0}
    ends = {t.end for t in cut} | {len(text)}
    taken, spans = set(), []
    for term in sorted(synonyms, key=len, reverse=True):
        for match in re.finditer(re.escape(term), text):
            span = set(range(match.start(), match.end()))
            if match.start() in starts and match.end() in ends and not span & taken:
                taken |= span
                spans.append((match.start(), match.end(), synonyms[term]))
    return sorted(spans)


def parse(query, synonyms=None):
    """ParsedQuery for what a visitor typed."""
    text = " ".join(fold(query).split())
    if synonyms is None:
        synonyms = lists.current().synonyms
    cut = tokens(text, folded=True)
    spans = _synonym_spans(text, cut, synonyms)
    groups, span_index = [], 0
    for token in cut:
        while span_index < len(spans) and spans[span_index][1] <= token.start:
            span_index += 1
        if span_index < len(spans) and spans[span_index][0] <= token.start < spans[span_index][1]:
            start, end, members = spans[span_index]
            if token.start == start:
                groups.append(_synonym_group(text[start:end], members))
            continue
        groups.append(_word_group(text[token.start:token.end], token.lexeme))
    meaningful = [g for g in groups if not _is_stopword(g)]
    if meaningful:
        groups = meaningful
    return ParsedQuery(text=text, chunks=[c for c in CHUNK_SPLIT.split(text) if c], groups=_unique(groups))


def _is_stopword(group):
    return group.text in CHINESE_STOPWORDS or group.text in ENGLISH_STOPWORDS


def _unique(groups):
    seen, kept = set(), []
    for group in groups:
        key = tuple(group.alternatives)
        if key not in seen:
            seen.add(key)
            kept.append(group)
    return kept
