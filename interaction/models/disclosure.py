"""Requests for government information (依申请公开) under the Regulations on Open Government Information.

Answer within 20 working days of receipt (Art. 33), extendable once by up to 20 working days with
notice to the requester and a reason. The outcomes follow the yearly report's request table.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interaction.personal import EncryptedTextField

ANSWER_WORKDAYS = 20
EXTENSION_WORKDAYS = 20


class DisclosureRequest(models.Model):
    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card")
        PASSPORT = "passport", _("Passport")
        OTHER = "other", _("Other document")
        ORGANISATION = "organisation", _("Unified social credit code (organisations)")

    class Delivery(models.TextChoices):
        PAPER = "paper", _("Paper copy")
        EMAIL = "email", _("E-mail")
        ONLINE = "online", _("Online, through the query code")
        COLLECT = "collect", _("Collect in person")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        REGISTERED = "registered", _("Registered, being handled")
        EXTENDED = "extended", _("Extended")
        ANSWERED = "answered", _("Answered")

    class Outcome(models.TextChoices):
        DISCLOSED = "disclosed", _("Disclosed (予以公开)")
        PARTLY = "partly", _("Partly disclosed (部分公开)")
        REFUSED = "refused", _("Not disclosed (不予公开)")
        NONEXISTENT = "nonexistent", _("Information does not exist (本机关不掌握相关政府信息)")
        NOT_OURS = "not_ours", _("Not this body's responsibility (非本机关负责)")
        NOT_GOVERNMENT_INFO = "not_info", _("Not government information (不属于政府信息公开范围)")
        WITHDRAWN = "withdrawn", _("Withdrawn by the requester (申请人撤回)")
        OTHER = "other", _("Other handling (其他处理)")

    # Outcomes that need a written legal reason (refusal) or a referral (where to ask instead).
    NEEDS_REASON = {Outcome.REFUSED, Outcome.PARTLY, Outcome.NOT_GOVERNMENT_INFO, Outcome.OTHER}
    NEEDS_REFERRAL = {Outcome.NOT_OURS}

    requester = EncryptedTextField(_("requester"))
    id_type = models.CharField(_("ID type"), max_length=16, choices=IdType.choices)
    id_number = EncryptedTextField(_("ID number"))
    phone = EncryptedTextField(_("phone"))
    email = EncryptedTextField(_("e-mail"), blank=True)
    address = EncryptedTextField(_("postal address"), blank=True)
    information = models.TextField(_("information wanted"))
    purpose = models.TextField(_("purpose"), blank=True)
    delivery = models.CharField(_("preferred form of delivery"), max_length=16, choices=Delivery.choices)
    query_digest = models.CharField(max_length=64, db_index=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("due"))
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("legal reason"), blank=True)
    referral = models.CharField(_("body to ask instead"), max_length=200, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # Kept in the site's table, not in public media: only the requester (query code) and staff get it.
    answer_attachment_name = models.CharField(_("attachment"), max_length=200, blank=True)
    answer_attachment_data = models.BinaryField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    handled_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("request for government information")
        verbose_name_plural = _("requests for government information")

    def __str__(self):
        return self.information[:40]

    @property
    def is_open(self):
        return self.status != self.Status.ANSWERED

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()
