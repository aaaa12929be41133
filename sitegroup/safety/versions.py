"""Saving and reading lexicon versions; the lexicon a scan uses.

The platform lexicon is its latest saved version, or the shipped file while none was saved.
A site's lexicon is the platform's plus the site's latest additions, plus the configured
sensitive words (SITEGROUP_SENSITIVE_WORDS, SITEGROUP_SENSITIVE_WORDS_FILE). Compiled
lexicons are cached per process by version number, so a scan costs one small query.
"""
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from . import lexicon as lexicon_module
from .models import LexiconVersion


def latest(site=None):
    return LexiconVersion.objects.filter(site=site).order_by("-number").first()


def platform_text():
    version = latest()
    return version.text if version else lexicon_module.shipped_text()


def save(text, *, site=None, by="", comment="", request=None, account=None):
    """Validate and store a new version (raises lexicon.LexiconError, keeping the previous one)."""
    from sitegroup.identity import audit

    lexicon_module.parse(text)
    for _attempt in range(3):
        previous = latest(site)
        try:
            with transaction.atomic():
                version = LexiconVersion.objects.create(
                    site=site, number=(previous.number if previous else 0) + 1, text=text,
                    comment=comment[:255], created_by=by[:150])
            break
        except IntegrityError:  # two saves at once: take the next number
            continue
    else:
        raise RuntimeError("could not number the lexicon version")
    audit.record("lexicon_saved", request=request, account=account, actor=by, site=site,
                 object_type="safety.lexiconversion", object_id=str(version.pk),
                 object_repr=f"{'platform' if site is None else site.slug} v{version.number}",
                 entries=len(lexicon_module.parse(text).entries), comment=comment)
    return version


@lru_cache(maxsize=8)
def _words_from_file(path):
    if not path:
        return ()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def configured_sensitive_words():
    words = list(getattr(settings, "SITEGROUP_SENSITIVE_WORDS", []) or [])
    words += _words_from_file(getattr(settings, "SITEGROUP_SENSITIVE_WORDS_FILE", "") or "")
    return tuple(w for w in dict.fromkeys(words) if w)


@lru_cache(maxsize=64)
def _compiled(platform_version_id, site_version_id, words):
    # Keyed by row ids, which are never reused (a rolled-back version's number may be).
    if platform_version_id:
        base = lexicon_module.parse(LexiconVersion.objects.get(pk=platform_version_id).text)
    else:
        base = lexicon_module.shipped()
    if site_version_id:
        base = base.merged(lexicon_module.parse(LexiconVersion.objects.get(pk=site_version_id).text))
    if words:
        base = base.merged(lexicon_module.from_words(words))
    return base


def current_lexicon(site=None):
    """The compiled lexicon for `site` (or the platform's alone)."""
    platform = latest()
    site_version = latest(site) if site is not None else None
    return _compiled(platform.pk if platform else 0, site_version.pk if site_version else 0,
                     configured_sensitive_words())
