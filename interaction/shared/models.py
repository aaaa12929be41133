"""Public-schema tables of public interaction.

A letter moving between two sites (转办) never makes one site read or write another's tables:
the sending site writes a Transfer row here with the letter's content, the receiving site reads
it from its own inbox and accepts it into its schema (or declines it). The row stays as the trail
both sides show. WorkdayOverride corrects or extends the holiday calendar for the whole cluster.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from interaction.personal import EncryptedTextField


class Transfer(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the receiving site")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    source_site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    source_letter_id = models.BigIntegerField()
    target_site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    target_letter_id = models.BigIntegerField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING, db_index=True)
    reason = models.TextField(_("reason for the transfer"))
    decline_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)

    # The letter as the writer sent it (copied, so the receiving site needs nothing of the sender's).
    kind = models.CharField(max_length=16)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    received_at = models.DateTimeField()
    name = EncryptedTextField(blank=True)
    phone = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    masked_name = models.CharField(max_length=40, blank=True)
    consent_public = models.BooleanField(default=False)
    query_digest = models.CharField(max_length=64, db_index=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_data = models.BinaryField(null=True, blank=True)

    # How it ended, written by the site that answered, so the sender's look-up can show it.
    answered_at = models.DateTimeField(null=True, blank=True)
    reply_body = models.TextField(blank=True)
    reply_url = models.CharField(max_length=500, blank=True)
    answer_site_name = models.CharField(max_length=120, blank=True)
    answer_mailbox_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source_site", "source_letter_id"], name="transfer_source"),
                   models.Index(fields=["target_site", "state"], name="transfer_target")]

    def __str__(self):
        return f"transfer {self.pk}: {self.source_site_id}#{self.source_letter_id} → {self.target_site_id}"


class WorkdayOverride(models.Model):
    """A day the calendar library gets wrong or does not know yet (a year after its release)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"), help_text=_(
        "Ticked: a working day (e.g. a weekend made a workday, 调休上班). "
        "Not ticked: a day off (e.g. a public holiday)."))
    note = models.CharField(_("note"), max_length=100, blank=True, help_text=_("e.g. 春节, 国庆节调休"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("working-day correction")

    def __str__(self):
        return f"{self.date} {'workday' if self.is_workday else 'holiday'}"
