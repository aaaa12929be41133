"""Per-site choice of which accessibility rules only warn and which block publishing."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .checks import RULES


class Severity(models.TextChoices):
    OFF = "off", _("Off")
    WARN = "warn", _("Warn")
    BLOCK = "block", _("Block publishing")


def _rule_field(rule, default=Severity.WARN):
    return models.CharField(RULES[rule], max_length=8, choices=Severity.choices, default=default)


@register_setting(icon="doc-full-inverse")
class AccessibilitySettings(BaseGenericSetting):
    image_alt = _rule_field("image-alt")
    heading_order = _rule_field("heading-order")
    link_name = _rule_field("link-name")
    link_new_window = _rule_field("link-new-window")
    table_headers = _rule_field("table-headers")
    document_link = _rule_field("document-link")
    html_lang = _rule_field("html-lang", Severity.BLOCK)

    panels = [FieldPanel(name) for name in (
        "image_alt", "heading_order", "link_name", "link_new_window", "table_headers", "document_link", "html_lang")]

    class Meta:
        verbose_name = _("accessibility rules")

    def severity(self, rule):
        return getattr(self, rule.replace("-", "_"))
