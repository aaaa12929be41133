"""The exchange between sites, in the public schema: the only way content crosses schemas.

A site never reads another site's tables. The sending site writes what it sends here (a
snapshot of its live, public page, kept current while the original changes); the receiving
site reads it here and materialises its own page inside its own schema.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Snapshot(models.Model):
    """The published content of a page of one site, as another site may show it.

    Taken inside the source site's schema (syndication.snapshot) from the live revision only,
    and replaced when the original is republished. Links are absolute (to the source site);
    images travel as copies (body_html refers to them by URL on the receiving site).
    """

    class Gone(models.TextChoices):
        UNPUBLISHED = "unpublished", _("unpublished by its site")
        DELETED = "deleted", _("deleted by its site")
        PRIVATE = "private", _("made private by its site")
        WITHDRAWN = "withdrawn", _("withdrawn by its site")

    source_page_id = models.BigIntegerField(_("original page id"))
    # Path of the original on the source site's primary domain; made absolute for each viewer's
    # scheme and port (syndication.urls.site_link).
    source_path = models.CharField(_("original path"), max_length=1024)
    source_revision_id = models.BigIntegerField(_("original revision id"), null=True, blank=True)
    page_type = models.CharField(_("page type"), max_length=100)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    publish_date = models.DateTimeField(_("publish date"), null=True, blank=True)
    source_label = models.CharField(_("source"), max_length=120, blank=True)
    author = models.CharField(_("author"), max_length=60, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    # Other plain fields of the original's page type ({name: JSON value}), for a copy of the same type.
    fields = models.JSONField(_("other fields"), default=dict, blank=True)
    # The body as the public sees it (links absolute) and in Wagtail's database format for copies.
    body_html = models.TextField(_("body"), blank=True)
    body_richtext = models.TextField(_("body (rich text)"), blank=True)
    # Images of the body, carried as files: [{"key", "name", "alt", "path"}] (syndication.assets).
    images = models.JSONField(_("images"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    content_updated_at = models.DateTimeField(_("content updated"), default=timezone.now)
    gone = models.CharField(_("original gone"), max_length=16, choices=Gone.choices, blank=True)
    gone_at = models.DateTimeField(_("gone since"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_gone(self):
        return bool(self.gone)


class Push(Snapshot):
    """An upper site sends one of its pages to sites below it (转发/下发)."""

    sender = models.ForeignKey("tenants.Tenant", verbose_name=_("sending site"), on_delete=models.CASCADE,
                               related_name="pushes_sent")
    column_type = models.CharField(_("target column type"), max_length=20)
    deadline = models.DateTimeField(_("publish by"))
    note = models.TextField(_("note to the receiving sites"), blank=True)
    sent_by = models.CharField(_("sent by"), max_length=150, blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("push")
        verbose_name_plural = _("pushes")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["sender", "source_page_id"], name="push_sender_page")]

    def __str__(self):
        return f"{self.title} ({self.sender.slug})"


class Delivery(models.Model):
    """One push to one site: what that site did with it."""

    class State(models.TextChoices):
        REFUSED = "refused", _("Refused")              # never delivered (see reason)
        PENDING = "pending", _("Received")              # in the site's inbox, nothing made yet
        DRAFT = "draft", _("Not yet published")        # a page exists on the site, not live
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Mode(models.TextChoices):
        COPY = "copy", pgettext_lazy("syndication", "Copy")
        REFERENCE = "reference", _("Live reference")

    OPEN = (State.PENDING, State.DRAFT)

    push = models.ForeignKey(Push, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey("tenants.Tenant", verbose_name=_("receiving site"), on_delete=models.CASCADE,
                                  related_name="deliveries_received")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    mode = models.CharField(_("received as"), max_length=16, choices=Mode.choices, blank=True)
    local_page_id = models.BigIntegerField(_("page on the receiving site"), null=True, blank=True)
    local_url = models.CharField(_("URL on the receiving site"), max_length=1024, blank=True)
    # The push version the receiving page shows; a newer push.version is an update on offer (copies).
    applied_version = models.PositiveIntegerField(_("version shown"), default=0)
    handled_by = models.CharField(_("handled by"), max_length=150, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    overdue_reported_at = models.DateTimeField(_("reported overdue"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["recipient__level", "recipient__name"]
        constraints = [models.UniqueConstraint(fields=["push", "recipient"], name="delivery_once_per_site")]
        indexes = [models.Index(fields=["recipient", "state"], name="delivery_recipient_state")]

    def __str__(self):
        return f"{self.push_id} → {self.recipient_id} ({self.state})"

    def is_overdue(self, now=None):
        """Still not live after the deadline (a withdrawn original is nobody's deadline any more)."""
        return (self.state in self.OPEN and not self.push.is_gone
                and (now or timezone.now()) > self.push.deadline)

    @property
    def update_offered(self):
        return (self.mode == self.Mode.COPY and self.local_page_id is not None
                and not self.push.is_gone and self.push.version > self.applied_version)

    @property
    def withdrawal_offered(self):
        return self.push.is_gone and self.local_page_id is not None and self.state != self.State.WITHDRAWN


class Submission(Snapshot):
    """A lower site submits one of its pages to a site above it (信息报送)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", pgettext_lazy("syndication", "Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    submitter = models.ForeignKey("tenants.Tenant", verbose_name=_("submitting site"), on_delete=models.CASCADE,
                                  related_name="submissions_sent")
    target = models.ForeignKey("tenants.Tenant", verbose_name=_("submitted to"), on_delete=models.CASCADE,
                               related_name="submissions_received")
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.CharField(_("submitted by"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, db_index=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    accepted_page_id = models.BigIntegerField(_("page on the upper site"), null=True, blank=True)
    accepted_url = models.CharField(_("URL on the upper site"), max_length=1024, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # A page waits in one site's queue at most once.
            models.UniqueConstraint(fields=["submitter", "source_page_id", "target"],
                                    condition=models.Q(state="submitted"), name="submission_open_once"),
        ]
        indexes = [models.Index(fields=["target", "state"], name="submission_target_state"),
                   models.Index(fields=["submitter", "source_page_id"], name="submission_source_page")]

    def __str__(self):
        return f"{self.title} ({self.submitter_id} → {self.target_id})"


class SidewaysRoute(models.Model):
    """An operator allows one site to push to another that is not below it (e.g. a sibling)."""

    sender = models.ForeignKey("tenants.Tenant", verbose_name=_("sending site"), on_delete=models.CASCADE,
                               related_name="+")
    recipient = models.ForeignKey("tenants.Tenant", verbose_name=_("receiving site"), on_delete=models.CASCADE,
                                  related_name="+")
    allowed_by = models.CharField(_("allowed by"), max_length=150, blank=True)
    reason = models.CharField(_("why"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("allowed"), default=timezone.now)

    class Meta:
        verbose_name = _("sideways route")
        verbose_name_plural = _("sideways routes")
        ordering = ["sender__name", "recipient__name"]
        constraints = [models.UniqueConstraint(fields=["sender", "recipient"], name="sideways_route_once")]

    def __str__(self):
        return f"{self.sender_id} → {self.recipient_id}"


class FeedEntry(models.Model):
    """One live, public item of a site, as its feeds (and the cluster's feeds) show it.

    Kept by syndication.feeds.index from Wagtail's page signals, inside the site's schema.
    The site's status is joined when reading, so suspending a site hides its entries at once.
    """

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    page_id = models.BigIntegerField()
    column_page_id = models.BigIntegerField(null=True, blank=True)
    column_title = models.CharField(max_length=255, blank=True)
    column_type = models.CharField(max_length=20, blank=True, db_index=True)
    language = models.CharField(max_length=16)
    url_path = models.CharField(max_length=1024, help_text=_("Path of the page on its site, e.g. /notices/x/"))
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    author = models.CharField(max_length=60, blank=True)
    # Filled only when the site's feeds carry full text (its syndication settings). Site-relative URLs.
    content_html = models.TextField(blank=True)
    publish_date = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feed entry")
        verbose_name_plural = _("feed entries")
        constraints = [models.UniqueConstraint(fields=["site", "page_id"], name="feed_entry_site_page")]
        indexes = [models.Index(fields=["site", "language", "-publish_date"], name="feed_entry_site_date"),
                   models.Index(fields=["site", "column_page_id", "-publish_date"], name="feed_entry_column_date")]

    def __str__(self):
        return f"{self.site_id}:{self.page_id} {self.title}"
