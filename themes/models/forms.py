"""Forms with submissions (意见征集, 在线调查): Wagtail's email form with editor-built fields."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class FormField(AbstractFormField):
    page = ParentalKey("themes.FormPage", related_name="form_fields", on_delete=models.CASCADE)


class FormPage(AbstractEmailForm):
    """A public form, e.g. a consultation (意见征集); submissions are kept per site."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    template = "themes/pages/form_page.html"
    landing_page_template = "themes/pages/form_page_landing.html"
    parent_page_types = ["themes.HomePage", "themes.ColumnPage"]
    subpage_types = []
    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
            FieldPanel("subject"),
        ], heading=_("Email")),
    ]
    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("form")
