"""Letters to the leader mailbox (领导信箱), their replies and their trail, inside one site."""
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from interaction.personal import EncryptedTextField


class Kind(models.TextChoices):
    CONSULT = "consult", _("Enquiry (咨询)")
    SUGGEST = "suggest", _("Suggestion (建议)")
    COMPLAIN = "complain", _("Complaint (投诉)")
    HELP = "help", _("Request for help (求助)")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY = "fairly", _("Fairly satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


@register_setting(icon="mail")
class InteractionSettings(BaseSiteSetting):
    """Working days allowed for an answer, per kind of letter (default 7, as the national rules expect)."""

    consult_days = models.PositiveSmallIntegerField(_("enquiry: working days to answer"), default=7)
    suggest_days = models.PositiveSmallIntegerField(_("suggestion: working days to answer"), default=7)
    complain_days = models.PositiveSmallIntegerField(_("complaint: working days to answer"), default=7)
    help_days = models.PositiveSmallIntegerField(_("request for help: working days to answer"), default=7)
    remind_days = models.PositiveSmallIntegerField(
        _("remind this many working days before the due date"), default=2)

    panels = [MultiFieldPanel([FieldPanel("consult_days"), FieldPanel("suggest_days"), FieldPanel("complain_days"),
                               FieldPanel("help_days")], heading=_("Deadlines")), FieldPanel("remind_days")]

    class Meta:
        verbose_name = _("public interaction")

    def days_for(self, kind):
        return getattr(self, f"{kind}_days", 7)


class Department(models.Model):
    """A department of the site a letter can be assigned to (per-site list)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class LetterQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Letter.OPEN_STATUSES)

    def published(self):
        return self.filter(status=Letter.Status.ANSWERED, consent_public=True,
                           reply__state=Reply.State.APPROVED).select_related("reply")

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Letter(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Held for review (possible spam)")
        NEW = "new", pgettext_lazy("interaction", "New")
        ASSIGNED = "assigned", _("Assigned")
        TRANSFERRED = "transferred", _("Transferred to another site")
        ANSWERED = "answered", _("Answered")
        REJECTED = "rejected", _("Rejected as spam")

    OPEN_STATUSES = (Status.HELD, Status.NEW, Status.ASSIGNED)

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    subject = models.CharField(pgettext_lazy("interaction", "subject"), max_length=200)
    body = models.TextField(_("text"))
    # Personal data: encrypted at rest (interaction/personal.py), never rendered on a public page.
    name = EncryptedTextField(_("name"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    masked_name = models.CharField(max_length=40, blank=True)
    consent_public = models.BooleanField(_("the writer agrees to publication"), default=False)
    query_digest = models.CharField(max_length=64, db_index=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_data = models.BinaryField(null=True, blank=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    held_reason = models.CharField(_("why it was held"), max_length=200, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="letters")
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("due"), db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    rating = models.CharField(_("writer's rating"), max_length=16, choices=Rating.choices, blank=True)
    # Set when the letter came from another site (the public-schema Transfer row it was accepted from).
    transfer_in_id = models.BigIntegerField(null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        permissions = [("handle_letter", _("Can handle letters and requests")),
                       ("review_reply", _("Can approve replies"))]

    def __str__(self):
        return self.subject

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()

    def handling_days(self):
        from interaction.workdays import workdays_between

        if not self.answered_at:
            return None
        return workdays_between(timezone.localtime(self.received_at).date(),
                                timezone.localtime(self.answered_at).date())

    def answered_on_time(self):
        return bool(self.answered_at) and timezone.localtime(self.answered_at).date() <= self.due_date

    def public_body(self):
        from interaction.masking import redact

        return redact(self.body)

    def age_days(self, now=None):
        return ((now or timezone.now()) - self.received_at) // datetime.timedelta(days=1)


class Reply(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", pgettext_lazy("interaction", "Approved")

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="reply")
    body = models.TextField(_("reply"))
    replying_body = models.CharField(_("answered by"), max_length=120, blank=True,
                                     help_text=_("The office that answers, e.g. 区住建局"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reply")

    def __str__(self):
        return f"reply to {self.letter_id}"


class LetterEvent(models.Model):
    """The letter's trail in its site: received, held, assigned, transferred, replied, reviewed, rated."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    actor = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
