"""Query codes (查询码): how a writer follows a letter or request without an account.

16 characters from Crockford's base-32 alphabet (no I, L, O, U) = 80 random bits, shown in
groups of four. Only a SHA-256 digest is stored: a copy of the database does not reveal codes,
and a look-up compares digests. Typed codes are forgiving: case, spaces, dashes, O/0 and I/L/1.
"""
import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code():
    """(code as shown to the writer, digest to store)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    shown = "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))
    return shown, digest(shown)


def normalise(typed):
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum()).translate(_TYPO)
    return cleaned if len(cleaned) == LENGTH and all(ch in ALPHABET for ch in cleaned) else ""


def digest(typed):
    """The stored form of a code, or "" for something that cannot be a code."""
    cleaned = normalise(typed)
    return hashlib.sha256(f"sitegroup-query:{cleaned}".encode()).hexdigest() if cleaned else ""
