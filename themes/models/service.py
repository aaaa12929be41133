"""Service guides (办事指南): how to get a public service done."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .pages import ContentPage
from .policy import LinkedDocument

MATERIAL_FORMS = [
    ("original", _("Original")), ("copy", pgettext_lazy("material form", "Copy")),
    ("both", _("Original and copy")), ("electronic", _("Electronic")),
]


class MaterialValue(blocks.StructValue):
    def form_label(self):
        """The label of the material's form (原件, 复印件…), not its stored value."""
        return dict(MATERIAL_FORMS).get(self.get("form"), self.get("form"))


class MaterialBlock(blocks.StructBlock):
    """One item of 申请材料."""

    name = blocks.CharBlock(label=_("material"), max_length=200)
    form = blocks.ChoiceBlock(label=pgettext_lazy("material form", "form"), choices=MATERIAL_FORMS,
                              default="original")
    copies = blocks.IntegerBlock(label=_("copies"), min_value=1, max_value=20, default=1)
    required = blocks.BooleanBlock(label=pgettext_lazy("material", "required"), required=False, default=True)
    note = blocks.CharBlock(label=_("note"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Material")
        value_class = MaterialValue


class StepBlock(blocks.StructBlock):
    """One step of 办理流程."""

    title = blocks.CharBlock(label=_("step"), max_length=100)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Step")


class ServiceGuidePage(ContentPage):
    service_target = models.CharField(_("who it is for (服务对象)"), max_length=200, blank=True)
    conditions = RichTextField(_("conditions (办理条件)"), blank=True)
    materials = StreamField([("material", MaterialBlock())], verbose_name=_("materials (申请材料)"), blank=True)
    steps = StreamField([("step", StepBlock())], verbose_name=_("steps (办理流程)"), blank=True)
    time_limit = models.CharField(_("time limit (办理时限)"), max_length=100,
                                  help_text=_("e.g. 20 个工作日"))
    fees = models.CharField(_("fees (收费标准)"), max_length=200, default="不收费")
    place_and_hours = models.TextField(_("place and hours (办理地点与时间)"), blank=True)
    phone = models.CharField(_("enquiries (咨询电话)"), max_length=60, blank=True)
    online_url = models.URLField(_("online service (在线办理)"), blank=True,
                                 help_text=_("Link to the online service, https://…"))

    is_creatable = True
    template = "themes/pages/service_guide_page.html"
    content_panels = Page.content_panels + ContentPage.metadata_panels + [
        FieldPanel("service_target"), FieldPanel("conditions"), FieldPanel("materials"), FieldPanel("steps"),
        MultiFieldPanel([FieldPanel("time_limit"), FieldPanel("fees"), FieldPanel("place_and_hours"),
                         FieldPanel("phone"), FieldPanel("online_url")], heading=_("Practicalities")),
        InlinePanel("forms", label=_("Forms to download")),
    ]
    search_fields = ContentPage.search_fields + [
        index.SearchField("conditions"), index.SearchField("service_target"), index.SearchField("place_and_hours"),
    ]

    class Meta:
        verbose_name = _("service guide")

    def clean(self):
        super().clean()
        if self.online_url and not self.online_url.startswith("https://"):
            raise ValidationError({"online_url": _(
                "Online services must use https:// so applicants' data is encrypted in transit.")})


class ServiceGuideForm(LinkedDocument):
    page = ParentalKey(ServiceGuidePage, related_name="forms", on_delete=models.CASCADE)
