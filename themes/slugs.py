"""Readable ASCII URL slugs for pages with Chinese titles.

The scheme (docs/architecture.md, "Page URLs"): the title cut into words (jieba), each Chinese
word written in toneless pinyin (pypinyin), words joined by hyphens; Latin letters and digits are
kept, everything else dropped, at most MAX_LENGTH characters cut at a word boundary:

    关于开展政务公开工作的通知 2026  →  guanyu-kaizhan-zhengwugongkai-gongzuo-de-tongzhi-2026

* never required: an empty slug is generated from the title when the page is first saved;
* editable: what an editor types is kept (Chinese typed there is turned into pinyin too);
* stable: once a page has a slug, changing its title never changes it (Wagtail's title→slug
  sync is switched off), so published URLs do not move;
* unique among siblings: a collision gets -2, -3, …; top-level pages also avoid the paths the
  site itself answers (/admin/, /search/, /sitemap/, /en/ …).
"""
import logging
import unicodedata
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.slug import SlugInput
from wagtail.models import Page

MAX_LENGTH = 60
FALLBACK = "page"
# Paths a site answers before its pages (sitegroup/urls.py) and the language prefixes.
RESERVED_TOP_LEVEL = {"admin", "documents", "search", "api", "media", "static", "sitemap"}
# Wagtail's own msgid for the tab holding the slug, translated by Wagtail's catalogue (kept in a
# variable so that makemessages does not copy it into ours).
PROMOTE_TAB = "Promote"


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    # The government terms search segments with too (loading them twice changes nothing), so a
    # title gets the same words, hence the same slug, in every process.
    jieba.load_userdict(str(settings.SITEGROUP_SEGMENTATION_DICTIONARY))
    return jieba


def pinyin_slug(text):
    """The slug for `text` (a title, or what an editor typed in the slug field); never empty."""
    from pypinyin import lazy_pinyin

    text = unicodedata.normalize("NFKC", text or "").strip()
    words = ["".join(lazy_pinyin(word)) for word in _jieba().cut(text)]
    slug = slugify(" ".join(words))
    if len(slug) > MAX_LENGTH:
        cut = slug[:MAX_LENGTH + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:MAX_LENGTH]
    return slug.strip("-") or FALLBACK


def reserved_slugs(parent):
    """Slugs a child of `parent` may not take: under a home page, the paths the site answers itself."""
    if parent is None or parent.depth != 2:
        return set()
    return RESERVED_TOP_LEVEL | {code for code, _name in settings.LANGUAGES}


def unique_slug(base, parent, page=None):
    """`base`, or `base-2`, `base-3`… whichever no sibling of `page` under `parent` has."""
    taken = reserved_slugs(parent)
    if parent is not None:
        siblings = Page.objects.child_of(parent).filter(slug__startswith=base)
        if page is not None and page.pk:
            siblings = siblings.exclude(pk=page.pk)
        taken |= set(siblings.values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[:MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


class ReadableSlugField(forms.CharField):
    """The slug field of page forms: optional, and whatever is typed becomes an ASCII slug."""

    def to_python(self, value):
        value = super().to_python(value)
        return pinyin_slug(value) if value else ""

    def validate(self, value):
        super().validate(value)
        if value:
            validate_slug(value)


def readable_slug_widget():
    # Wagtail's slug input, minus the title→slug sync: preventing the sync's start and check
    # events switches it off (SyncController), so a draft's slug no longer follows its title
    # and the browser never turns a Chinese title into "-2026". Unicode is allowed client-side
    # so that Chinese typed into the field reaches the server, which writes it in pinyin.
    return SlugInput(attrs={
        "data-w-slug-allow-unicode-value": "true",
        "data-action": ("blur->w-slug#slugify w-sync:start->w-slug#slugify:prevent "
                        "w-sync:check->w-slug#slugify:prevent"),
    })


class ReadableSlugFormMixin:
    """Page forms: the slug is optional, generated from the title, and unique among siblings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            old = self.fields["slug"]
            self.fields["slug"] = ReadableSlugField(
                label=old.label, max_length=getattr(old, "max_length", 255), required=False,
                widget=readable_slug_widget(),
                help_text=_("The page's name in its web address. Leave it empty and it is made from the title "
                            "in pinyin (e.g. guanyu-kaizhan-gongzuo-de-tongzhi); it then stays the same when "
                            "the title changes."))

    def clean(self):
        if "slug" in self.fields and "slug" in self.cleaned_data:
            slug = self._slug_to_save(self.cleaned_data["slug"])
            if slug:
                self.cleaned_data["slug"] = slug
        cleaned_data = super().clean()
        if "slug" in self.errors:
            # The slug sits on another tab than the title. A form-wide error makes Wagtail list
            # every error above the form (not only a count on the tab); this one names the tab.
            self.add_error(None, ValidationError(_("Correct the web address name on the “%(tab)s” tab."),
                                                 params={"tab": gettext(PROMOTE_TAB)}))
        return cleaned_data

    def _slug_to_save(self, typed):
        parent = getattr(self, "parent_page", None)
        if typed:
            if typed in reserved_slugs(parent):
                self.add_error("slug", _("“%(slug)s” is a path the site itself uses; choose another.")
                               % {"slug": typed})
                return None
            return typed
        if self.instance.pk and self.instance.slug:
            return self.instance.slug          # stable: an emptied field keeps the page's address
        return unique_slug(pinyin_slug(self.cleaned_data.get("title", "")), parent, self.instance)
