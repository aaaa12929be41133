"""Each site's choice per publish check (off, warn, block), stored by check id."""
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .registry import Severity, publish_checks


def _field_name(check):
    return f"severity-{check.id}"


class PublishCheckSettingsForm(WagtailAdminModelForm):
    """One choice per registered check; what is not chosen keeps the check's default."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for check in publish_checks():
            self.fields[_field_name(check)] = forms.ChoiceField(
                label=check.label, choices=Severity.choices, initial=self.instance.severity(check))

    def save(self, commit=True):
        self.instance.severities = {**self.instance.severities, **{
            check.id: self.cleaned_data[_field_name(check)] for check in publish_checks()}}
        return super().save(commit=commit)


class SeverityPanel(Panel):
    """The checks' choices, grouped by the app that registered them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "publishing/severity_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            groups = {}
            for check in publish_checks():
                groups.setdefault(str(check.group), []).append(self.form[_field_name(check)])
            context["groups"] = list(groups.items())
            return context


@register_setting(icon="doc-full-inverse")
class PublishCheckSettings(BaseGenericSetting):
    severities = models.JSONField(_("severities"), default=dict, blank=True,
                                  help_text=_("Check id → off, warn or block; checks not listed use their default."))

    base_form_class = PublishCheckSettingsForm
    panels = [SeverityPanel()]

    class Meta:
        verbose_name = _("publish checks")

    def severity(self, check):
        chosen = self.severities.get(check.id)
        return chosen if chosen in Severity.values else check.default_severity
