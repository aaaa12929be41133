"""Password rules, chosen by SITEGROUP_PASSWORD_PROFILE.

- "dengbao" (等保 2.0 style): at least 8 characters drawn from at least 3 of the 4 classes
  (upper case, lower case, digits, symbols), and not a common password.
- "asvs" (OWASP ASVS style): at least 12 and at most 128 characters, no composition rules,
  and not a common or breached password (Django's list of 20,000 common passwords, plus
  the lines of SITEGROUP_BREACHED_PASSWORDS_FILE if set).

Both work for platform accounts and for the users inside each site (AUTH_PASSWORD_VALIDATORS).
"""
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = (
    (re.compile(r"[A-Z]"), "upper"),
    (re.compile(r"[a-z]"), "lower"),
    (re.compile(r"[0-9]"), "digit"),
    (re.compile(r"[^A-Za-z0-9]"), "symbol"),
)


def character_classes(password):
    return {name for pattern, name in CLASSES if pattern.search(password)}


@lru_cache(maxsize=4)
def _breached(path):
    if not path:
        return frozenset()
    return frozenset(line.strip().lower() for line in Path(path).read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _is_common(password):
    if password.lower().strip() in CommonPasswordValidator().passwords:
        return True
    return password.lower() in _breached(getattr(settings, "SITEGROUP_BREACHED_PASSWORDS_FILE", ""))


class DengbaoPasswordValidator:
    min_length = 8
    min_classes = 3

    def validate(self, password, user=None):
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(ngettext(
                "This password is too short: use at least %(min)d character.",
                "This password is too short: use at least %(min)d characters.", self.min_length)
                % {"min": self.min_length}, code="password_too_short"))
        if len(character_classes(password)) < self.min_classes:
            errors.append(ValidationError(
                _("Use at least 3 of these 4 kinds of characters: upper-case letters, lower-case "
                  "letters, digits and symbols."), code="password_too_simple"))
        if _is_common(password):
            errors.append(ValidationError(_("This password is too common."), code="password_too_common"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return _("At least 8 characters, using at least 3 of: upper-case letters, lower-case letters, "
                 "digits, symbols; not a common password.")


class AsvsPasswordValidator:
    min_length = 12
    max_length = 128

    def validate(self, password, user=None):
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(ngettext(
                "This password is too short: use at least %(min)d character.",
                "This password is too short: use at least %(min)d characters.", self.min_length)
                % {"min": self.min_length}, code="password_too_short"))
        if len(password) > self.max_length:
            errors.append(ValidationError(
                _("This password is too long: use at most %(max)d characters.") % {"max": self.max_length},
                code="password_too_long"))
        if _is_common(password):
            errors.append(ValidationError(
                _("This password is too common or has appeared in a data breach."), code="password_too_common"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return _("At least 12 characters (a passphrase works well); not a common or breached password.")


PROFILES = {"dengbao": DengbaoPasswordValidator, "asvs": AsvsPasswordValidator}


class ProfilePasswordValidator:
    """Delegates to the profile named by SITEGROUP_PASSWORD_PROFILE (read at each call)."""

    def _profile(self):
        name = getattr(settings, "SITEGROUP_PASSWORD_PROFILE", "dengbao")
        try:
            return PROFILES[name]()
        except KeyError:
            raise ImproperlyConfigured(
                f"SITEGROUP_PASSWORD_PROFILE must be one of {sorted(PROFILES)}, not {name!r}.") from None

    def validate(self, password, user=None):
        self._profile().validate(password, user)

    def get_help_text(self):
        return self._profile().get_help_text()
