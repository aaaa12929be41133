"""Folding text before matching, keeping the way back to what was written.

Spam is written to slip past word lists: Traditional characters (澳門娛樂), full-width
letters and digits (ＡＢ８８), upper case, and spaces or symbols between the characters
(博★彩, 百 家 乐, 澳.门). `fold()` undoes all of that at once and remembers, for every
character of the folded text, where it came from in the original, so a finding can quote
and highlight exactly what a visitor sees.

Traditional → Simplified uses OpenCC (the field's standard converter, `t2s` profile).
"""
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(text):
    """Traditional → Simplified (OpenCC t2s); text without Traditional characters is unchanged."""
    return _t2s().convert(text) if text else text


def _is_separator(char):
    """Characters spam puts between the characters of a word: spaces, punctuation, symbols,
    zero-width and other format characters."""
    if char.isspace():
        return True
    category = unicodedata.category(char)
    return category[0] in "PSZ" or category == "Cf"


def is_cjk(char):
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@dataclass
class Folded:
    """A text in two matching forms, each with a map back to the original.

    `text`: NFKC (full-width → half-width), lower case, Simplified; same separators as written.
    `compact`: `text` without separators, for words split by inserted symbols.
    `text_origin[i]` / `compact_origin[i]`: index in the original of character i.
    """

    original: str
    text: str
    text_origin: list
    compact: str
    compact_origin: list

    def span_in_original(self, start, end, *, compact=True):
        """(start, end) in the original of the folded span [start, end)."""
        origin = self.compact_origin if compact else self.text_origin
        if not origin or start >= len(origin):
            return len(self.original), len(self.original)
        return origin[start], origin[min(end, len(origin)) - 1] + 1


def fold(original):
    pieces, origin = [], []
    for index, char in enumerate(original):
        normal = unicodedata.normalize("NFKC", char).lower()
        for piece in normal:
            pieces.append(piece)
            origin.append(index)
    text = "".join(pieces)
    simplified = to_simplified(text)
    if len(simplified) == len(text):
        text = simplified
    else:  # a phrase conversion changed the length: convert character by character instead
        text = "".join(to_simplified(char) if len(to_simplified(char)) == 1 else char for char in text)
    compact_chars, compact_origin = [], []
    for char, source in zip(text, origin, strict=True):
        if not _is_separator(char):
            compact_chars.append(char)
            compact_origin.append(source)
    return Folded(original, text, origin, "".join(compact_chars), compact_origin)


def traditional_characters(text):
    """How many characters of `text` change when converted to Simplified."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        return sum(1 for char in text if to_simplified(char) != char)
    return sum(1 for a, b in zip(text, simplified, strict=True) if a != b)
