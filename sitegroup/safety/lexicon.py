"""Lexicons: the platform's word lists by category, and each site's additions.

The format is plain text, one entry per line, described at the top of
`lexicon/platform.txt` (the list shipped with the code). Operators change the platform
list and site administrators their site's additions in the console; each change is a new
`LexiconVersion` (models.py). `parse()` refuses bad input with the line number, so a
broken upload never replaces a working list.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from .text import fold, is_cjk

SHIPPED_FILE = Path(__file__).parent / "lexicon" / "platform.txt"

SPAM_CATEGORIES = ("gambling", "lottery", "porn", "fraud", "seo")
CATEGORIES = SPAM_CATEGORIES + ("political",)
SPECIAL_SECTIONS = ("brands", "cta", "context", "legit", "typos")
SECTIONS = CATEGORIES + SPECIAL_SECTIONS
DEFAULT_WEIGHT = 2
BRAND_WEIGHT = 4
# Configured sensitive words (SITEGROUP_SENSITIVE_WORDS) count like a strong political term.
SENSITIVE_WEIGHT = 3
_WEIGHT = re.compile(r"^(?P<term>.+?)\s*=\s*(?P<weight>\d+)$")


class LexiconError(ValueError):
    """Bad lexicon input; `line` is the 1-based line number (0 when not line-specific)."""

    def __init__(self, message, line=0):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        if self.line:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass(frozen=True)
class Entry:
    section: str   # a category, or brands / cta / context / legit / typos
    term: str      # as written (for regular expressions: the pattern)
    weight: int = DEFAULT_WEIGHT
    regex: bool = False
    replacement: str = ""  # typos: the right form
    line: int = 0


@dataclass
class Lexicon:
    entries: list = field(default_factory=list)

    def section(self, name):
        return [entry for entry in self.entries if entry.section == name]

    def merged(self, other):
        """This lexicon plus another's entries (a site's additions)."""
        return Lexicon(self.entries + list(other.entries))

    @property
    def matcher(self):
        from .matching import Matcher

        if not hasattr(self, "_matcher"):
            self._matcher = Matcher(self)
        return self._matcher


def decode_upload(data):
    """Bytes of an uploaded lexicon → text (UTF-8, with or without BOM); refuses other
    encodings with the line where decoding failed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise LexiconError(_("this file is not UTF-8 text (save it as UTF-8 and upload it again)."), line) from None


def parse(text):
    """Text → Lexicon. Raises LexiconError naming the first bad line."""
    entries, section = [], None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("re:") else raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            if section not in SECTIONS:
                raise LexiconError(_("unknown section “[%(name)s]”; use one of %(names)s.") % {
                    "name": section, "names": ", ".join(SECTIONS)}, number)
            continue
        if section is None:
            raise LexiconError(_("an entry before any [section] line."), number)
        entries.extend(_parse_entry(section, line, number))
    return Lexicon(entries)


def _parse_entry(section, line, number):
    if section == "typos":
        wrong, arrow, right = line.partition("=>")
        if not arrow or not wrong.strip() or not right.strip():
            raise LexiconError(_("a [typos] line must read “wrong => right”."), number)
        return [Entry(section, wrong.strip(), 1, replacement=right.strip(), line=number)]
    if section == "brands":
        parts = line.split()
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isascii() or not parts[2].isalpha():
            raise LexiconError(_("a [brands] line must read “NAME DIGITS INITIALS”, e.g. “鸿运 88 hy”."), number)
        name, digits, initials = parts[0], parts[1], parts[2].lower()
        variants = {name + digits, digits + name, initials + digits, digits + initials}
        return [Entry(section, variant, BRAND_WEIGHT, line=number) for variant in sorted(variants)]
    weight = DEFAULT_WEIGHT
    match = _WEIGHT.match(line)
    if match:
        line, weight = match.group("term"), int(match.group("weight"))
        if not 1 <= weight <= 5:
            raise LexiconError(_("the weight must be between 1 and 5."), number)
    if line.startswith("re:"):
        pattern = line[3:].strip()
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise LexiconError(_("the regular expression is not valid: %(error)s") % {"error": error}, number) from None
        if compiled.match(""):
            raise LexiconError(_("the regular expression matches empty text."), number)
        return [Entry(section, pattern, weight, regex=True, line=number)]
    term = line.strip()
    folded = fold(term).compact if not term.isascii() else " ".join(fold(term).text.split())
    if len(folded) < 2 and not (len(folded) == 1 and is_cjk(folded)):
        raise LexiconError(_("“%(term)s” is too short to be matched safely.") % {"term": term}, number)
    return [Entry(section, term, weight, line=number)]


@lru_cache(maxsize=1)
def shipped_text():
    return SHIPPED_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def shipped():
    """The platform lexicon shipped with the code (used until an operator saves a version)."""
    return parse(shipped_text())


def from_words(words, section="political", weight=SENSITIVE_WEIGHT):
    return Lexicon([Entry(section, word, weight) for word in words if word and word.strip()])
