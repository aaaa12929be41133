"""Handling a request for government information: register, extend once, answer with an outcome."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sitegroup.identity import audit

from .handling import HandlingError
from .models import DisclosureRequest
from .models.disclosure import ANSWER_WORKDAYS, EXTENSION_WORKDAYS
from .workdays import add_workdays


def _audit(item, action, user, request, **data):
    audit.record(f"interaction_request_{action}", request=request, actor=user.get_username(),
                 site=audit.current_site(), obj=item, **data)


def due_date(received_at):
    return add_workdays(timezone.localtime(received_at).date(), ANSWER_WORKDAYS)


def register(item, user, request=None):
    if item.status != DisclosureRequest.Status.RECEIVED:
        raise HandlingError(_("This request was registered already."))
    item.status, item.handled_by = DisclosureRequest.Status.REGISTERED, user.get_username()
    item.save(update_fields=["status", "handled_by"])
    _audit(item, "registered", user, request)


def extend(item, reason, user, request=None):
    """Once, by 20 working days counted from the first due date, with a reason the requester sees."""
    if item.extended_at:
        raise HandlingError(_("A request can be extended only once."))
    if not item.is_open:
        raise HandlingError(_("This request was answered already."))
    if not reason.strip():
        raise HandlingError(_("Give the reason for the extension: the requester is told."))
    item.extended_at, item.extension_reason = timezone.now(), reason
    item.due_date = add_workdays(item.due_date, EXTENSION_WORKDAYS)
    item.status = DisclosureRequest.Status.EXTENDED
    item.save(update_fields=["extended_at", "extension_reason", "due_date", "status"])
    _audit(item, "extended", user, request, reason=reason)


@transaction.atomic
def answer(item, outcome, user, *, text="", reason="", referral="", attachment=None, request=None, now=None):
    if not item.is_open:
        raise HandlingError(_("This request was answered already."))
    if outcome not in DisclosureRequest.Outcome.values:
        raise HandlingError(_("Choose one of the standard outcomes."))
    if outcome in DisclosureRequest.NEEDS_REASON and not reason.strip():
        raise HandlingError(_("This outcome needs the legal reason (the article of the regulations)."))
    if outcome in DisclosureRequest.NEEDS_REFERRAL and not referral.strip():
        raise HandlingError(_("Say which body the requester should ask instead."))
    item.outcome, item.outcome_reason, item.referral, item.answer = outcome, reason, referral, text
    if attachment is not None:
        item.answer_attachment_name, item.answer_attachment_data = attachment.name[:200], attachment.read()
    item.status, item.answered_at = DisclosureRequest.Status.ANSWERED, now or timezone.now()
    item.handled_by = user.get_username()
    item.save()
    _audit(item, "answered", user, request, outcome=outcome)
