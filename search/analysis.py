"""Text analysis shared by indexing, querying and highlighting, for every backend.

Everything that reaches the index or a query goes through `fold` first:
  * NFKC folds full-width letters, digits and punctuation to half width (ＡＢＣ１２ → abc12);
  * OpenCC's `t2s` folds Traditional to Simplified Chinese (一網通辦 → 一网通办);
  * letters are lower-cased.
`fold` keeps the text's length (character for character), so offsets found in the folded
text mark the same characters in the original: highlighting relies on it.

Then `tokens` cuts the folded text into words: jieba (without its HMM guesser, so the
same string is cut the same way in a page and in a query) with the platform's dictionary
of government terms plus the operators' own words (`search.lists`); English words are
stemmed with the Snowball English stemmer, the same algorithm as PostgreSQL's `english`
configuration. A long Chinese word also carries the dictionary words inside it
(政务服务中心 → 政务服务, 政务, 服务, 中心) so a shorter query still finds it.
"""
import functools
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SHIPPED_DICTIONARY = Path(__file__).with_name("government_words.txt")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_OR_DIGIT = re.compile(r"[a-z0-9]+")
WORD = re.compile(r"[a-z0-9\u3400-\u9fff\uf900-\ufaff]+")
MAX_LEXEME = 60
# Full-width ASCII and the ideographic space, folded by a table (fast); what else NFKC would
# change is found by NOT_PLAIN (CJK ideographs and CJK punctuation are left as they are).
FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}
NOT_PLAIN = re.compile(r"[^\u0000-\u007f\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff]+")

# Words that carry no meaning on their own: left out of queries that have other words.
ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the this to was were will with".split())
CHINESE_STOPWORDS = frozenset("的 了 和 与 及 或 之 在 是 对 等 把 被 从 向 就 也 都 而".split())

_lock = threading.RLock()


@functools.lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=1)
def tokenizer():
    """jieba's tokenizer with the shipped dictionary (~1 s once per process)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cutter = jieba.Tokenizer()
    cutter.initialize()
    for word, freq, tag in read_dictionary(SHIPPED_DICTIONARY.read_text(encoding="utf-8")):
        cutter.add_word(word, freq, tag)
    return cutter


def read_dictionary(text):
    """(word, freq or None, tag or None) for each line of a jieba-format dictionary; no checks."""
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            parts = line.split()
            word = fold(parts[0])
            freq = int(parts[1]) if len(parts) > 1 else None
            yield word, freq, (parts[2] if len(parts) > 2 else None)


def _aligned(text, convert):
    """convert(text), or character by character where it would change the length."""
    converted = convert(text)
    if len(converted) == len(text):
        return converted
    pieces = []
    for char in text:
        one = convert(char)
        pieces.append(one if len(one) == 1 else char)
    return "".join(pieces)


@functools.lru_cache(maxsize=4096)
def _nfkc_run(run):
    return _aligned(run, lambda s: unicodedata.normalize("NFKC", s))


def _nfkc(match):
    return _nfkc_run(match.group())


def fold(text):
    """Half-width, Simplified, lower-case, of the same length as `text`."""
    if not text:
        return ""
    # NFKC only where it can change something: ASCII and CJK ideographs are left as they are.
    text = NOT_PLAIN.sub(_nfkc, text.translate(FULL_WIDTH))
    if HAN.search(text):
        text = _aligned(text, _opencc().convert)
    return _aligned(text, str.lower)


def lowered(text):
    """Lower-case, of the same length as `text`."""
    return _aligned(text, str.lower)


@functools.lru_cache(maxsize=65536)
def stem(word):
    return _stemmer().stemWord(word) if word.isalpha() else word


def is_word(word):
    """A known dictionary word (jieba keeps every prefix of a word with frequency 0)."""
    return tokenizer().FREQ.get(word, 0) > 0


@dataclass
class Token:
    lexeme: str          # what the index stores and queries look for
    start: int           # offsets in the (folded or original) text
    end: int
    inner: list = field(default_factory=list)   # shorter words inside, indexed at the same position


def _inner_words(word):
    """Dictionary words inside a long Chinese word, and the latin/digit runs of a mixed one."""
    inner = []
    if len(word) >= 3:
        for size in range(len(word) - 1, 1, -1):
            for begin in range(len(word) - size + 1):
                piece = word[begin:begin + size]
                if HAN.search(piece) and is_word(piece) and piece not in inner:
                    inner.append(piece)
    if HAN.search(word):
        inner += [run for run in LATIN_OR_DIGIT.findall(word) if run not in inner]
    return inner


def tokens(text, *, folded=False):
    """The words of `text` with their offsets, in order (punctuation and spaces dropped)."""
    text = text if folded else fold(text)
    if not text:
        return []
    with _lock:  # jieba's tokenizer is not safe to use while the dictionary is being changed
        pieces = list(tokenizer().tokenize(text, HMM=False))
    found = []
    for word, start, end in pieces:
        if not WORD.fullmatch(word):
            # Punctuation, or a dictionary entry with punctuation inside: keep its word parts.
            for match in WORD.finditer(word):
                found += [Token(t.lexeme, t.start + start + match.start(), t.end + start + match.start(), t.inner)
                          for t in tokens(match.group(), folded=True)]
            continue
        if HAN.search(word):
            found.append(Token(word[:MAX_LEXEME], start, end, _inner_words(word)))
        elif word.isalpha():
            lexeme = stem(word)
            found.append(Token(lexeme[:MAX_LEXEME], start, end, [word] if word != lexeme else []))
        else:
            found.append(Token(word[:MAX_LEXEME], start, end))
    return found


def lexemes(text):
    """The lexemes of `text`, in order (what a query or an analyzer sees)."""
    return [token.lexeme for token in tokens(text)]


def segmented(text):
    """Space-separated words, sub-words after their word: text for a whitespace analyzer."""
    words = []
    for token in tokens(text):
        words.append(token.lexeme)
        words.extend(token.inner)
    return " ".join(words)


def apply_words(added, removed):
    """Change the tokenizer's dictionary in place: (word, freq, tag) added, words removed.

    A removed word gets back the frequency it had before an operator added it (jieba's own
    dictionary and the shipped one stay intact).
    """
    cutter = tokenizer()
    with _lock:
        for word in removed:
            original = _originals.pop(word, 0)
            if original > 0:
                cutter.add_word(word, original)
            else:
                cutter.del_word(word)
        for word, freq, tag in added:
            _originals.setdefault(word, cutter.FREQ.get(word, 0))
            cutter.add_word(word, freq, tag)


_originals = {}
