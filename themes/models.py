"""Page types shared by every site. The code is shared; the tables live in each site's schema."""
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The root of a site: its columns and their latest items."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["themes.ColumnPage", "themes.ArticlePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        columns = list(ColumnPage.objects.child_of(self).live().public().specific())
        latest = (
            ArticlePage.objects.live().public().descendant_of(self)
            .order_by("-publish_date", "-pk").only("title", "url_path", "publish_date", "path", "depth")
        )
        context["columns"] = columns
        context["latest_articles"] = latest[:8]
        return context


class ColumnPage(Page):
    """A column (栏目): a section that lists its children, newest first."""

    class ColumnType(models.TextChoices):
        NEWS = "news", _("News")
        NOTICE = "notice", _("Notices")
        POLICY = "policy", _("Policy documents")
        SERVICE = "service", _("Service guides")
        ABOUT = "about", _("About")
        DISCLOSURE = "disclosure", _("Government information disclosure")
        GENERAL = "general", _("General")

    column_type = models.CharField(_("column type"), max_length=20, choices=ColumnType.choices,
                                   default=ColumnType.GENERAL)
    description = models.TextField(_("description"), blank=True)

    parent_page_types = ["themes.HomePage", "themes.ColumnPage"]
    subpage_types = ["themes.ColumnPage", "themes.ArticlePage"]
    content_panels = Page.content_panels + [FieldPanel("column_type"), FieldPanel("description")]
    search_fields = Page.search_fields + [index.SearchField("description")]
    items_per_page = 20

    class Meta:
        verbose_name = _("column")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = (ArticlePage.objects.child_of(self).live().public()
                 .order_by("-publish_date", "-pk"))
        paginator = Paginator(items, self.items_per_page)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context["items"] = page_obj
        context["sub_columns"] = ColumnPage.objects.child_of(self).live().public()
        return context


class ArticlePage(Page):
    """An article, news item or notice."""

    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    publish_date = models.DateTimeField(_("publish date"), default=timezone.now, db_index=True)
    source = models.CharField(_("source"), max_length=120, blank=True, help_text=_("来源, e.g. the issuing office"))

    parent_page_types = ["themes.HomePage", "themes.ColumnPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("publish_date"), FieldPanel("source"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("article")
