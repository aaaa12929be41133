"""Staff user names: a safe character set when an account is made, one spelling when signing in.

New names are plain ASCII (a–z, digits, `.`, `_`, `@`, `-`), stored in lower case. What
someone types at sign-in is folded to that form with Unicode NFKC and case folding, so every
spelling of a name (`WEAKTEST`, fullwidth `ｗｅａｋｔｅｓｔ`, `weakteſt` with U+017F) finds the
same account — and counts against the same lockout, which is keyed on the account itself.
"""
import unicodedata

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_username = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9._@-]*[a-z0-9])?\Z",
    _("Use only letters a–z, digits and . _ @ -, starting and ending with a letter or digit."),
    code="invalid_username",
)


def for_new_account(typed):
    """The stored form of a name typed when an account is created or renamed (then validated)."""
    return (typed or "").strip().lower()


def canonical(typed):
    """The form a typed sign-in name is looked up by."""
    return unicodedata.normalize("NFKC", typed or "").strip().casefold()
