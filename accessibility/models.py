"""Superseded per-site rule settings, kept so no site's data is dropped.

Each site's choices now live in Settings › Publish checks (sitegroup.publishing, stored by
check id); migration 0002 copied every choice that differed from the default there. This
table is no longer read or shown; a later release removes it.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting


def _rule_field(label, default="warn"):
    return models.CharField(label, max_length=8, choices=[("off", _("Off")), ("warn", _("Warn")),
                                                          ("block", _("Block publishing"))], default=default)


class AccessibilitySettings(BaseGenericSetting):
    image_alt = _rule_field("Images need a text alternative (alt) that is not a file name")
    heading_order = _rule_field("Headings must not skip levels and a page has one h1")
    link_name = _rule_field("Links need text that says where they go")
    link_new_window = _rule_field("Links that open a new window must say so")
    table_headers = _rule_field("Data tables need header cells")
    document_link = _rule_field("Links to documents must give the file format and size")
    html_lang = _rule_field("The page must declare its language", "block")

    class Meta:
        verbose_name = _("accessibility rules")
