"""What of a writer may be shown in public: a masked name, and their text without contact numbers."""
import re

# Mainland mobile numbers, landlines with area code, ID card numbers, e-mail addresses: a writer
# often types them into the letter itself. They are replaced before anything is published.
_PATTERNS = [
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),                  # resident ID card (18)
    re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"),  # mobile
    re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)"),          # landline with area code
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),               # e-mail
    re.compile(r"(?<!\d)\d{7,}(?!\d)"),                        # any other long number (QQ, account...)
]
REDACTED = "***"


def mask_name(name):
    """张三 → 张*, 欧阳修文 → 欧**, "Li Wei" → L***; the public never sees a whole name."""
    name = (name or "").strip()
    if not name:
        return ""
    first = name[0]
    rest = max(len(name) - 1, 1) if not first.isascii() else 3
    return first + "*" * min(rest, 3)


def redact(text):
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text or "")
    return text
