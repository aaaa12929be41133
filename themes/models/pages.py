"""Home, columns, articles, notices, special topics, about pages and the disclosure catalogue."""
import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from themes.visibility import public


def paginate(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class ContentPage(Page):
    """What every item (article, notice, policy document, service guide) carries.

    Concrete, so a column lists and orders mixed items by publish date in one query.
    """

    summary = models.TextField(_("summary"), blank=True)
    publish_date = models.DateTimeField(_("publish date"), default=timezone.now, db_index=True)
    source = models.CharField(_("source"), max_length=120, blank=True, help_text=_("来源, e.g. the issuing office"))
    author = models.CharField(_("author"), max_length=60, blank=True)
    editor = models.CharField(_("editor"), max_length=60, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True,
                                help_text=_("Separate with commas or spaces."))
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("lead image"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    is_creatable = False
    parent_page_types = ["themes.ColumnPage"]
    subpage_types = []
    metadata_panels = [MultiFieldPanel([
        FieldPanel("summary"), FieldPanel("publish_date"), FieldPanel("source"), FieldPanel("author"),
        FieldPanel("editor"), FieldPanel("keywords"), FieldPanel("image"),
    ], heading=_("Publication"))]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("publish_date")]

    class Meta:
        verbose_name = _("content item")

    def description_text(self):
        return self.summary or self.search_description


class ArticlePage(RoutablePageMixin, ContentPage):
    """A news item or article."""

    body = RichTextField(_("body"), blank=True)

    is_creatable = True
    template = "themes/pages/article_page.html"
    content_panels = Page.content_panels + ContentPage.metadata_panels + [FieldPanel("body")]
    search_fields = ContentPage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("article")

    @path("print/")
    def print_view(self, request):
        return self.render(request, template="themes/pages/print.html")


class NoticePage(ContentPage):
    """A notice (通知公告), optionally valid until an expiry date."""

    body = RichTextField(_("body"), blank=True)
    expiry_date = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("After this date the notice is marked as expired."))

    is_creatable = True
    template = "themes/pages/notice_page.html"
    content_panels = Page.content_panels + ContentPage.metadata_panels + [FieldPanel("expiry_date"),
                                                                           FieldPanel("body")]
    search_fields = ContentPage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("notice")

    def clean(self):
        super().clean()
        if self.expiry_date and self.publish_date and self.expiry_date < timezone.localdate(self.publish_date):
            raise ValidationError({"expiry_date": _(
                "The notice would expire (%(expiry)s) before it is published (%(published)s).") % {
                "expiry": self.expiry_date.isoformat(),
                "published": timezone.localdate(self.publish_date).isoformat()}})

    @property
    def is_expired(self):
        return bool(self.expiry_date and self.expiry_date < timezone.localdate())


class ColumnPage(Page):
    """A column (栏目): lists its items newest first, with optional sub-columns."""

    class ColumnType(models.TextChoices):
        NEWS = "news", _("News")
        NOTICE = "notice", _("Notices")
        POLICY = "policy", _("Policy documents")
        SERVICE = "service", _("Service guides")
        ABOUT = "about", _("About")
        DISCLOSURE = "disclosure", _("Government information disclosure")
        TOPIC = "topic", _("Special topics")
        GENERAL = "general", _("General")

    column_type = models.CharField(_("column type"), max_length=20, choices=ColumnType.choices,
                                   default=ColumnType.GENERAL)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    items_per_page = models.PositiveSmallIntegerField(_("items per page"), default=20)

    template = "themes/pages/column_page.html"
    parent_page_types = ["themes.HomePage", "themes.ColumnPage"]
    # No subpage_types: a column takes every page type that names it among its parent_page_types
    # (items, sub-columns, topics, forms, the disclosure catalogue of a moved-up township...), so a
    # new page type is declared in one place, its own class.
    content_panels = Page.content_panels + [FieldPanel("column_type"), FieldPanel("description"),
                                            FieldPanel("keywords"), FieldPanel("items_per_page")]
    search_fields = Page.search_fields + [index.SearchField("description")]

    class Meta:
        verbose_name = _("column")

    def clean(self):
        super().clean()
        if self.items_per_page and not 5 <= self.items_per_page <= 100:
            raise ValidationError({"items_per_page": _("Show between 5 and 100 items per page.")})

    def items(self):
        return (public(ContentPage.objects.child_of(self).live())
                .order_by("-publish_date", "-pk").select_related("image"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(request, self.items(), self.items_per_page)
        context["sub_columns"] = list(public(Page.objects.child_of(self).live()).not_type(ContentPage))
        return context


class HomePage(Page):
    """A site's home: its columns with their latest items."""

    intro = RichTextField(_("introduction"), blank=True)
    items_per_column = 6

    template = "themes/pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types: every page type that names HomePage among its parent_page_types.
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        columns = list(public(ColumnPage.objects.child_of(self).live())
                       .exclude(column_type__in=[ColumnPage.ColumnType.ABOUT]))
        latest = self.latest_items_per_column(columns)
        context["column_blocks"] = [{"column": c, "items": latest.get(c.path, [])} for c in columns]
        context["topics"] = list(public(SpecialTopicPage.objects.descendant_of(self).live())[:4])
        return context

    def latest_items_per_column(self, columns):
        """{column path: newest items below it}, in one query whatever the number of columns."""
        if not columns:
            return {}
        column_path_length = (self.depth + 1) * Page.steplen
        ranked = (
            public(ContentPage.objects.descendant_of(self).live())
            .filter(depth__gt=self.depth + 1)
            .annotate(column_path=Substr("path", 1, column_path_length))
            .annotate(rank=Window(RowNumber(), partition_by=[F("column_path")],
                                  order_by=[F("publish_date").desc(), F("pk").desc()]))
            .filter(rank__lte=self.items_per_column)
            .only("title", "url_path", "path", "depth", "publish_date", "summary")
            .order_by("column_path", "rank")
        )
        grouped = {}
        for item in ranked:
            grouped.setdefault(item.column_path, []).append(item)
        return grouped


class SpecialTopicPage(Page):
    """A special topic (专题): gathers the latest items of several columns on one page."""

    intro = RichTextField(_("introduction"), blank=True)
    banner = models.ForeignKey("wagtailimages.Image", verbose_name=_("banner image"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    source_columns = ParentalManyToManyField("themes.ColumnPage", verbose_name=_("columns to gather from"),
                                             related_name="+")
    items_shown = 20

    template = "themes/pages/special_topic_page.html"
    parent_page_types = ["themes.HomePage", "themes.ColumnPage"]
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("banner"),
                                            FieldPanel("source_columns", widget=forms.CheckboxSelectMultiple)]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("special topic")

    def gathered_items(self):
        columns = list(self.source_columns.all())
        if not columns:
            return ContentPage.objects.none()
        query = models.Q()
        for column in columns:
            query |= models.Q(path__startswith=column.path, depth__gt=column.depth)
        return (public(ContentPage.objects.live()).filter(query)
                .order_by("-publish_date", "-pk")[:self.items_shown])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = list(self.gathered_items())
        return context


class AboutPage(Page):
    """About / contact (机构概况、联系我们)."""

    body = RichTextField(_("body"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)

    template = "themes/pages/about_page.html"
    parent_page_types = ["themes.HomePage", "themes.ColumnPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"),
                         FieldPanel("office_hours")], heading=_("Contact")),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("about / contact page")


class DisclosureCataloguePage(Page):
    """The government information disclosure catalogue (政府信息公开目录).

    Lists the site's policy documents, filterable by topic, issuing body and year.
    """

    intro = RichTextField(_("introduction"), blank=True)
    items_per_page = 20

    template = "themes/pages/disclosure_catalogue_page.html"
    parent_page_types = ["themes.HomePage", "themes.ColumnPage"]
    subpage_types = ["themes.ColumnPage", "themes.PolicyDocumentPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("disclosure catalogue")

    @property
    def column_type(self):
        return ColumnPage.ColumnType.DISCLOSURE

    def documents(self):
        from .policy import PolicyDocumentPage

        site_root = self.get_site().root_page if self.get_site() else self.get_parent()
        return public(PolicyDocumentPage.objects.descendant_of(site_root).live())

    def filtered(self, params):
        """(queryset, active filters, errors) for the query string `params`."""
        documents = self.documents()
        active, errors = {}, []
        topic = params.get("topic", "").strip()
        if topic:
            from .policy import PolicyDocumentPage

            if topic in PolicyDocumentPage.Topic.values:
                documents = documents.filter(topic=topic)
                active["topic"] = topic
            else:
                errors.append(_("Unknown topic “%(topic)s”.") % {"topic": topic})
        body = params.get("issuing_body", "").strip()
        if body:
            documents = documents.filter(issuing_body=body)
            active["issuing_body"] = body
        year = params.get("year", "").strip()
        if year:
            if year.isdigit() and 1949 <= int(year) <= 2100:
                start = timezone.make_aware(datetime.datetime(int(year), 1, 1))
                documents = documents.filter(publish_date__gte=start,
                                             publish_date__lt=start.replace(year=int(year) + 1))
                active["year"] = year
            else:
                errors.append(_("“%(year)s” is not a year.") % {"year": year})
        return documents.order_by("-publish_date", "-pk"), active, errors

    def facets(self):
        from .policy import PolicyDocumentPage

        documents = self.documents()
        topic_labels = dict(PolicyDocumentPage.Topic.choices)
        topics = sorted(set(documents.values_list("topic", flat=True)))
        return {
            "topics": [(value, topic_labels.get(value, value)) for value in topics],
            "issuing_bodies": sorted(set(documents.exclude(issuing_body="").values_list("issuing_body", flat=True))),
            "years": sorted({d.year for d in documents.dates("publish_date", "year")}, reverse=True),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents, active, errors = self.filtered(request.GET)
        context.update({"documents": paginate(request, documents, self.items_per_page), "active": active,
                        "filter_errors": errors, "facets": self.facets(),
                        "filter_query": urlencode(active) + "&" if active else ""})
        return context
