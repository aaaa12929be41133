"""What syndication keeps inside each site's schema: live references, where received pages came
from, and the site's own choices (standing rule for pushes, full text in feeds)."""
from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.search import index

from sitegroup.identity.audit import current_site
from themes.models import ContentPage

from .exchange.models import Push


class LiveReferencePage(ContentPage):
    """A page showing an upper site's item as it is now (corrections appear at once).

    Its body is never stored here: it is read from the push in the public schema, which the
    sending site keeps current. Title, summary and date are mirrored so columns list it like any
    item. Made only by accepting a push (not creatable by hand).
    """

    push_id = models.BigIntegerField(_("push"), editable=False)

    is_creatable = False
    template = "syndication/live_reference_page.html"
    content_panels = [HelpPanel(template="syndication/admin/live_reference_help.html"),
                      FieldPanel("title", read_only=True)]
    search_fields = ContentPage.search_fields + [index.SearchField("reference_text")]

    class Meta:
        verbose_name = _("live reference")

    def current_push(self):
        """The push this page shows, only if it was delivered to this very site."""
        if not hasattr(self, "_push"):
            site = current_site()
            self._push = (Push.objects.select_related("sender")
                          .filter(pk=self.push_id, deliveries__recipient=site).first() if site else None)
        return self._push

    def feed_html(self):
        """The full text feeds carry: the original's, as it is now."""
        push = self.current_push()
        return push.body_html if push is not None and not push.is_gone else ""

    def reference_text(self):
        return strip_tags(self.feed_html())

    def serve(self, request, *args, **kwargs):
        push = self.current_push()
        if push is None:
            raise Http404
        response = super().serve(request, *args, **kwargs)
        if push.is_gone:
            response.status_code = 410       # the original was withdrawn: nothing of it is shown
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["push"] = self.current_push()
        return context


class ReceivedItem(models.Model):
    """Where a page of this site came from: a push (copy or live reference) or a submission."""

    class Kind(models.TextChoices):
        PUSH_COPY = "push_copy", _("Copy of a pushed item")
        PUSH_REFERENCE = "push_reference", _("Live reference to a pushed item")
        SUBMISSION = "submission", _("Accepted submission")

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="syndication_origin")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source_site_name = models.CharField(_("from site"), max_length=120)
    source_site_slug = models.CharField(max_length=40)
    original_path = models.CharField(_("original path"), max_length=1024)
    delivery_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    submission_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("received item")
        verbose_name_plural = _("received items")

    def __str__(self):
        return f"{self.page_id} ← {self.source_site_slug}"


@register_setting(icon="resubmit")
class SyndicationSettings(BaseGenericSetting):
    """This site's standing rule for pushes from above, and what its feeds carry."""

    class Receive(models.TextChoices):
        ASK = "ask", _("Ask each time (pushes wait in the inbox)")
        COPY = "copy", _("Make a copy at once")
        REFERENCE = "reference", _("Make a live reference at once")

    class AfterReceiving(models.TextChoices):
        PUBLISH = "publish", _("Publish it (publish checks still apply)")
        REVIEW = "review", _("Keep it for review (the site's workflow, if any, starts)")

    receive_as = models.CharField(_("pushes from above"), max_length=16, choices=Receive.choices,
                                  default=Receive.ASK)
    after_receiving = models.CharField(_("a page made by the standing rule"), max_length=16,
                                       choices=AfterReceiving.choices, default=AfterReceiving.PUBLISH)
    feed_full_text = models.BooleanField(
        _("full text in feeds"), default=True,
        help_text=_("Feeds (RSS, JSON Feed) carry each item's full text; off: title and summary only."))
    feed_length = models.PositiveSmallIntegerField(_("items per feed"), default=20)

    panels = [
        MultiFieldPanel([FieldPanel("receive_as"), FieldPanel("after_receiving")],
                        heading=_("Standing rule for pushes from upper sites")),
        MultiFieldPanel([FieldPanel("feed_full_text"), FieldPanel("feed_length")], heading=_("Feeds")),
    ]

    class Meta:
        verbose_name = _("syndication and feeds")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if not 5 <= (self.feed_length or 0) <= 100:
            raise ValidationError({"feed_length": _("Show between 5 and 100 items per feed.")})
