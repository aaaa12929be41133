"""One registry of publish checks, run for every page type before it may be published.

An app registers its checks in a `publish_checks` module (imported once at start-up):

    register_publish_check(PublishCheck(
        id="link-name", label=_("Links need text that says where they go"), group=_("Accessibility"),
        check=lambda subject: [...problems...], default_severity=Severity.WARN))

* `id` is stable: each site stores its choice for the check under it (off / warn / block in
  Settings › Publish checks), so a new check needs no migration.
* `check(subject)` gets a `CheckSubject` (the page, its HTML as the site would serve it, and a
  memo for work shared between checks) and returns `Problem`s whose `rule` is the check's id.
* Blocking problems refuse the publish action in the page form of every page type; warnings are
  shown after each save.
"""
from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    OFF = "off", _("Off")
    WARN = "warn", _("Warn")
    BLOCK = "block", _("Block publishing")


@dataclass
class Problem:
    rule: str              # the id of the check that found it
    message: str
    location: str = ""     # where in the rendered page, e.g. a CSS-like path
    excerpt: str = ""      # what the editor sees of it, as plain text (shown escaped, never as markup)
    field: str = ""        # the content field it came from, when known
    markup: str = ""       # the offending markup, to find the field it came from (never shown)

    @property
    def description(self):
        check = _checks.get(self.rule)
        return str(check.label) if check else self.rule


@dataclass(frozen=True)
class PublishCheck:
    id: str
    label: str
    check: Callable
    group: str = ""
    default_severity: str = Severity.WARN


_checks: dict[str, PublishCheck] = {}


def register_publish_check(check):
    """Add a check; an id registered twice is a mistake and is refused."""
    if check.id in _checks:
        raise ImproperlyConfigured(f"A publish check with id {check.id!r} is already registered.")
    if check.default_severity not in Severity.values:
        raise ImproperlyConfigured(f"Publish check {check.id!r}: unknown severity {check.default_severity!r}.")
    _checks[check.id] = check
    return check


def publish_checks():
    """Every registered check, in registration order."""
    return list(_checks.values())


def get_publish_check(check_id):
    return _checks.get(check_id)
