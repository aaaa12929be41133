"""Page types editors place in the 互动交流 column: the mailbox, the disclosure request form and
consultations on drafts (意见征集). Their public views are in interaction/public_views.py."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

PARENTS = ["themes.HomePage", "themes.ColumnPage"]


class MailboxPage(RoutablePageMixin, Page):
    """领导信箱: the form, the public list of answered letters, and the query-code look-up."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = PARENTS
    subpage_types = []
    template = "interaction/pages/mailbox_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("leader mailbox")

    @path("")
    def mailbox(self, request):
        from interaction.public_views import mailbox

        return mailbox(request, self)

    @path("letters/<int:letter_id>/")
    def letter(self, request, letter_id):
        from interaction.public_views import answered_letter

        return answered_letter(request, self, letter_id)

    @path("query/")
    def query(self, request):
        from interaction.public_views import letter_query

        return letter_query(request, self)


class DisclosureRequestPage(RoutablePageMixin, Page):
    """依申请公开: the online request form and the query-code look-up."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = PARENTS
    subpage_types = []
    template = "interaction/pages/disclosure_request_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("request for government information form")

    @path("")
    def request_form(self, request):
        from interaction.public_views import disclosure_form

        return disclosure_form(request, self)

    @path("query/")
    def query(self, request):
        from interaction.public_views import disclosure_query

        return disclosure_query(request, self)

    @path("answer/")
    def attachment(self, request):
        from interaction.public_views import disclosure_attachment

        # The signed token is in the query string: Wagtail's page URLs allow no ":" in the path.
        return disclosure_attachment(request, self, request.GET.get("t", ""))


class ConsultationPage(RoutablePageMixin, Page):
    """意见征集: a draft open for comments between two dates, then a published feedback summary."""

    intro = RichTextField(_("introduction"), blank=True)
    draft = RichTextField(_("draft document"))
    opens_at = models.DateTimeField(_("open for comments from"), default=timezone.now)
    closes_at = models.DateTimeField(_("open for comments until"))
    feedback = RichTextField(_("feedback summary"), blank=True, help_text=_(
        "After closing: how many comments came in, which were adopted and why the others were not."))
    feedback_published_at = models.DateTimeField(_("feedback published"), null=True, blank=True)

    parent_page_types = PARENTS
    subpage_types = []
    template = "interaction/pages/consultation_page.html"
    content_panels = Page.content_panels + [
        FieldPanel("intro"), FieldPanel("draft"),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Comment period")),
        FieldPanel("feedback"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("draft"),
                                          index.SearchField("feedback")]

    class Meta:
        verbose_name = _("consultation")

    def phase(self, now=None):
        """"upcoming", "open", "feedback_pending" (closed, no summary yet) or "closed"."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed" if self.feedback_published_at and self.feedback else "feedback_pending"

    def save(self, *args, **kwargs):
        if self.feedback and not self.feedback_published_at:
            self.feedback_published_at = timezone.now()
        if not self.feedback:
            self.feedback_published_at = None
        super().save(*args, **kwargs)

    @path("")
    def consultation(self, request):
        from interaction.public_views import consultation

        return consultation(request, self)


class ConsultationComment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        HELD = "held", _("Held (possible spam)")
        APPROVED = "approved", pgettext_lazy("interaction", "Published")
        REJECTED = "rejected", _("Not published")

    page = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="comments")
    masked_name = models.CharField(max_length=40, blank=True)
    body = models.TextField(pgettext_lazy("interaction", "comment"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    adopted = models.BooleanField(_("adopted"), default=False)
    adoption_note = models.TextField(_("why (not) adopted"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("consultation comment")

    def public_body(self):
        from interaction.masking import redact

        return redact(self.body)
