"""Policy documents with the disclosure metadata of the national catalogue (政府信息公开)."""
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .appearance import validate_org_code
from .pages import ContentPage

# 文号: issuing body's short code, the year in hexagonal brackets, the serial, 号.
DOCUMENT_NUMBER = re.compile(r"^[\u4e00-\u9fa5A-Za-z]{1,20}〔\d{4}〕\d{1,5}号$")
INDEX_NUMBER = re.compile(r"^[0-9A-Z]{9}([0-9A-Z]{9})?/\d{4}-\d{5}$")


class PolicyDocumentPage(RoutablePageMixin, ContentPage):
    class Topic(models.TextChoices):
        # 主题分类, after the national government information disclosure catalogue.
        GENERAL = "general", _("General government affairs (综合政务)")
        ECONOMY = "economy", _("Economic management (国民经济管理)")
        FINANCE = "finance", _("Finance, banking and audit (财政、金融、审计)")
        LAND = "land", _("Land and resources (国土资源、能源)")
        AGRICULTURE = "agriculture", _("Agriculture, forestry and water (农业、林业、水利)")
        INDUSTRY = "industry", _("Industry and transport (工业、交通)")
        COMMERCE = "commerce", _("Commerce, customs and tourism (商贸、海关、旅游)")
        URBAN = "urban", _("Urban and rural development, environment (城乡建设、环境保护)")
        SCIENCE = "science", _("Science, education (科技、教育)")
        CULTURE = "culture", _("Culture, media and sport (文化、广电、新闻出版、体育)")
        HEALTH = "health", _("Health (卫生)")
        LABOUR = "labour", _("Labour, personnel and supervision (劳动、人事、监察)")
        CIVIL = "civil", _("Civil affairs, poverty relief (民政、扶贫、救灾)")
        JUSTICE = "justice", _("Public security and justice (公安、安全、司法)")
        OTHER = "other", _("Other (其他)")

    class Validity(models.TextChoices):
        EFFECTIVE = "effective", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")
        EXPIRED = "expired", _("Expired")

    # A copy is a new document: it gets its own index number when first published.
    exclude_fields_in_copy = ["index_number"]

    index_number = models.CharField(_("index number (索引号)"), max_length=40, blank=True, editable=False,
                                    help_text=_("Generated on first publication; never changes."))
    publisher_code = models.CharField(
        _("publisher code"), max_length=18, blank=True, validators=[validate_org_code],
        help_text=_("Organisation code of the issuing body for the index number; empty uses the site's."))
    issuing_body = models.CharField(_("issuing body (发布机构)"), max_length=120)
    date_written = models.DateField(_("date written (成文日期)"))
    document_number = models.CharField(_("document number (文号)"), max_length=60, blank=True,
                                       help_text=_("e.g. 青政发〔2024〕12号"))
    topic = models.CharField(_("topic (主题分类)"), max_length=20, choices=Topic.choices, default=Topic.GENERAL)
    validity = models.CharField(_("validity (有效性)"), max_length=20, choices=Validity.choices,
                                default=Validity.EFFECTIVE)
    replaced_by = models.ForeignKey("wagtailcore.Page", verbose_name=_("replaced by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    help_text=_("The document that amends or replaces this one."))
    body = RichTextField(_("body"), blank=True)

    is_creatable = True
    template = "themes/pages/policy_document_page.html"
    parent_page_types = ["themes.ColumnPage", "themes.DisclosureCataloguePage"]
    content_panels = Page.content_panels + [
        HelpPanel(template="themes/admin/index_number_panel.html", heading=_("Index number (索引号)")),
        MultiFieldPanel([
            FieldPanel("issuing_body"), FieldPanel("publisher_code"), FieldPanel("document_number"),
            FieldPanel("date_written"), FieldPanel("topic"), FieldPanel("validity"), FieldPanel("replaced_by"),
        ], heading=_("Disclosure metadata")),
    ] + ContentPage.metadata_panels + [FieldPanel("body"), InlinePanel("attachments", label=_("Attachments"))]
    search_fields = ContentPage.search_fields + [
        index.SearchField("body"), index.SearchField("document_number"), index.SearchField("index_number"),
        index.FilterField("topic"), index.FilterField("issuing_body"),
    ]

    class Meta:
        verbose_name = _("policy document")
        constraints = [models.UniqueConstraint(fields=["index_number"], condition=~models.Q(index_number=""),
                                               name="policy_index_number_unique")]

    def clean(self):
        super().clean()
        errors = {}
        if self.document_number and not DOCUMENT_NUMBER.match(self.document_number):
            errors["document_number"] = _(
                "“%(value)s” is not a document number: write it as 青政发〔2024〕12号 (issuing code, the year in "
                "〔〕 brackets, the serial, then 号).") % {"value": self.document_number}
        if self.date_written and self.publish_date and self.date_written > timezone.localdate(self.publish_date):
            errors["date_written"] = _("A document cannot be written (%(written)s) after it is published "
                                       "(%(published)s).") % {"written": self.date_written.isoformat(),
                                                               "published": timezone.localdate(self.publish_date)}
        if self.validity == self.Validity.AMENDED and not self.replaced_by_id:
            errors["replaced_by"] = _("An amended document must link to the document that amends it.")
        if self.replaced_by_id and self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("A document cannot replace itself.")
        if not self.effective_publisher_code():
            errors["publisher_code"] = _(
                "Set the publisher's organisation code (18 or 9 characters) here or in the site's appearance "
                "settings: the index number (索引号) is made from it.")
        if errors:
            raise ValidationError(errors)

    def effective_publisher_code(self):
        if self.publisher_code:
            return self.publisher_code
        from .appearance import SiteAppearance

        appearance = SiteAppearance.objects.first()
        return appearance.organisation_code if appearance else ""

    @property
    def is_in_force(self):
        return self.validity == self.Validity.EFFECTIVE

    def save(self, *args, **kwargs):
        # The index number is given on first publication and then never changes.
        if self.live and not self.index_number:
            self.index_number = IndexNumberCounter.next_index_number(
                self.effective_publisher_code(), timezone.localdate(self.publish_date).year)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # Revisions made before the number was given must not blank it on a later publish.
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        return obj

    @path("print/")
    def print_view(self, request):
        return self.render(request, template="themes/pages/print.html")


class IndexNumberCounter(models.Model):
    """The last serial given per publisher and year (per site schema)."""

    publisher_code = models.CharField(max_length=18)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["publisher_code", "year"], name="index_counter_unique")]

    @classmethod
    def next_index_number(cls, publisher_code, year):
        if not publisher_code:
            raise ValidationError(_("No publisher code: cannot give this document an index number."))
        with transaction.atomic():
            counter, _created = cls.objects.select_for_update().get_or_create(publisher_code=publisher_code,
                                                                              year=year)
            counter.last_serial += 1
            counter.save(update_fields=["last_serial"])
        return f"{publisher_code}/{year}-{counter.last_serial:05d}"


class LinkedDocument(Orderable):
    """A Wagtail document listed on a page (attachments, forms to download)."""

    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True

    def display_title(self):
        return self.title or self.document.title


class PolicyAttachment(LinkedDocument):
    page = ParentalKey(PolicyDocumentPage, related_name="attachments", on_delete=models.CASCADE)
