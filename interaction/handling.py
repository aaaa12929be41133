"""What happens to a letter: received (or held as spam), assigned, transferred, replied, reviewed, rated.

Every step writes the letter's trail (LetterEvent) and the platform audit log. A transfer to
another site goes through the public schema (interaction.shared.models.Transfer): the sending
site never writes into the receiving site's schema, and both show the Transfer row as the trail.
"""
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from sitegroup.identity import audit
from sitegroup.safety.detector import Context, blocking, categories, detect

from . import querycodes
from .masking import mask_name
from .models import InteractionSettings, Letter, LetterEvent, Reply
from .shared.models import Transfer
from .workdays import add_workdays


class HandlingError(Exception):
    """A step that is not allowed in the letter's state; the message is for staff."""


def screen(title, text):
    """(held?, reason): the content-safety detector on a public submission (medium findings or worse:
    spam, fraud, sensitive words). What it holds waits for staff; it is never published nor lost."""
    findings = detect(text or "", Context(html=False, title=title or ""))
    found = categories(findings)
    if blocking(findings) or found:
        return True, ", ".join(sorted(found or categories(findings, minimum="low")))[:200]
    return False, ""


def due_date_for(kind, start):
    """The due date for a letter of `kind` received (or accepted) at `start`, in this site's settings."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    days = InteractionSettings.for_site(site).days_for(kind) if site else 7
    return add_workdays(timezone.localtime(start).date(), days)


def record(letter, action, actor="", note="", request=None):
    LetterEvent.objects.create(letter=letter, action=action, actor=actor[:150], note=note)
    audit.record(f"interaction_{action}", request=request, actor=actor, site=audit.current_site(), obj=letter,
                 status=letter.status)


@transaction.atomic
def receive_letter(cleaned, attachment=None, request=None, received_at=None):
    """Store a letter from the public form; returns (letter, query code shown once to the writer)."""
    code, digest = querycodes.new_code()
    held, reason = screen(cleaned["subject"], cleaned["body"])
    received_at = received_at or timezone.now()
    letter = Letter(
        kind=cleaned["kind"], subject=cleaned["subject"], body=cleaned["body"], name=cleaned["name"],
        phone=cleaned["phone"], email=cleaned.get("email", ""), masked_name=mask_name(cleaned["name"]),
        consent_public=cleaned.get("consent_public", False), query_digest=digest,
        status=Letter.Status.HELD if held else Letter.Status.NEW, held_reason=reason,
        received_at=received_at, due_date=due_date_for(cleaned["kind"], received_at),
    )
    if attachment is not None:
        letter.attachment_name = attachment.name[:200]
        letter.attachment_data = attachment.read()
    letter.save()
    record(letter, "held" if held else "received", note=reason, request=request)
    return letter, code


def release(letter, user, request=None):
    """A held letter was not spam after all: it joins the inbox with its original deadline."""
    if letter.status != Letter.Status.HELD:
        raise HandlingError(_("Only a held letter can be released."))
    letter.status = Letter.Status.NEW
    letter.save(update_fields=["status"])
    record(letter, "released", user.get_username(), request=request)


def reject(letter, user, request=None):
    if letter.status != Letter.Status.HELD:
        raise HandlingError(_("Only a held letter can be rejected as spam."))
    letter.status = Letter.Status.REJECTED
    letter.save(update_fields=["status"])
    record(letter, "rejected", user.get_username(), request=request)


def assign(letter, department, user, request=None):
    if letter.status not in (Letter.Status.NEW, Letter.Status.ASSIGNED):
        raise HandlingError(_("This letter cannot be assigned in its present state."))
    letter.department = department
    letter.status = Letter.Status.ASSIGNED
    letter.save(update_fields=["department", "status"])
    record(letter, "assigned", user.get_username(), department.name, request=request)


def transfer_targets(site):
    """Sites a letter may go to: the parent (up) and the children (down), active ones only."""
    from tenants.models import Tenant

    ids = list(site.children.values_list("pk", flat=True)) + ([site.parent_id] if site.parent_id else [])
    return Tenant.objects.filter(pk__in=ids, status=Tenant.Status.ACTIVE).order_by("level", "name")


@transaction.atomic
def transfer(letter, target, reason, user, request=None):
    site = audit.current_site()
    if letter.status not in (Letter.Status.NEW, Letter.Status.ASSIGNED):
        raise HandlingError(_("This letter cannot be transferred in its present state."))
    if target not in transfer_targets(site):
        raise HandlingError(_("A letter can only go to the parent site or to a site below this one."))
    if not reason.strip():
        raise HandlingError(_("Say why the letter is transferred."))
    row = Transfer.objects.create(
        source_site=site, source_letter_id=letter.pk, target_site=target, reason=reason,
        created_by=user.get_username(), kind=letter.kind, subject=letter.subject, body=letter.body,
        received_at=letter.received_at, name=letter.name, phone=letter.phone, email=letter.email,
        masked_name=letter.masked_name, consent_public=letter.consent_public, query_digest=letter.query_digest,
        attachment_name=letter.attachment_name, attachment_data=letter.attachment_data)
    letter.status = Letter.Status.TRANSFERRED
    letter.save(update_fields=["status"])
    record(letter, "transferred", user.get_username(), f"{target.name}: {reason}", request=request)
    return row


def incoming_transfers(site):
    return Transfer.objects.filter(target_site=site, state=Transfer.State.PENDING).select_related("source_site")


@transaction.atomic
def accept_transfer(row, user, request=None):
    """The receiving site takes the letter into its own inbox; its deadline starts today."""
    site = audit.current_site()
    if row.target_site_id != site.pk or row.state != Transfer.State.PENDING:
        raise HandlingError(_("This transfer is not waiting for this site."))
    now = timezone.now()
    letter = Letter.objects.create(
        kind=row.kind, subject=row.subject, body=row.body, name=row.name, phone=row.phone, email=row.email,
        masked_name=row.masked_name, consent_public=row.consent_public, query_digest=row.query_digest,
        attachment_name=row.attachment_name, attachment_data=row.attachment_data, received_at=row.received_at,
        due_date=due_date_for(row.kind, now), transfer_in_id=row.pk)
    row.state, row.target_letter_id = Transfer.State.ACCEPTED, letter.pk
    row.decided_at, row.decided_by = now, user.get_username()
    row.save()
    record(letter, "accepted_transfer", user.get_username(), f"{row.source_site.name}: {row.reason}",
           request=request)
    return letter


@transaction.atomic
def decline_transfer(row, reason, user, request=None):
    """Sent back: the letter reopens in the sending site's inbox."""
    site = audit.current_site()
    if row.target_site_id != site.pk or row.state != Transfer.State.PENDING:
        raise HandlingError(_("This transfer is not waiting for this site."))
    if not reason.strip():
        raise HandlingError(_("Say why the letter is sent back."))
    row.state, row.decline_reason = Transfer.State.DECLINED, reason
    row.decided_at, row.decided_by = timezone.now(), user.get_username()
    row.save()
    with schema_context(row.source_site.schema_name):
        letter = Letter.objects.get(pk=row.source_letter_id)
        letter.status = Letter.Status.ASSIGNED if letter.department_id else Letter.Status.NEW
        letter.save(update_fields=["status"])
        LetterEvent.objects.create(letter=letter, action="transfer_declined", actor=user.get_username()[:150],
                                   note=f"{site.name}: {reason}")
    audit.record("interaction_transfer_declined", request=request, actor=user.get_username(), site=site, obj=row)


def draft_reply(letter, body, replying_body, user, submit, request=None):
    if letter.status not in (Letter.Status.NEW, Letter.Status.ASSIGNED):
        raise HandlingError(_("This letter cannot be answered in its present state."))
    if not body.strip():
        raise HandlingError(_("The reply is empty."))
    reply, _created = Reply.objects.get_or_create(letter=letter, defaults={"body": body})
    if reply.state == Reply.State.APPROVED:
        raise HandlingError(_("This reply was approved already."))
    reply.body, reply.replying_body, reply.drafted_by = body, replying_body, user
    reply.state = Reply.State.SUBMITTED if submit else Reply.State.DRAFT
    reply.save()
    record(letter, "reply_submitted" if submit else "reply_drafted", user.get_username(), request=request)
    return reply


@transaction.atomic
def approve_reply(letter, user, request=None, now=None):
    """The moderator's review: the reply goes out (published when the writer agreed, else privately)."""
    reply = getattr(letter, "reply", None)
    if reply is None or reply.state != Reply.State.SUBMITTED:
        raise HandlingError(_("There is no reply waiting for review."))
    if reply.drafted_by_id == user.pk and not user.is_superuser:
        raise HandlingError(_("A reply is reviewed by someone other than the person who wrote it."))
    now = now or timezone.now()
    reply.state, reply.reviewed_by, reply.approved_at = Reply.State.APPROVED, user, now
    reply.save()
    letter.status, letter.answered_at = Letter.Status.ANSWERED, now
    letter.save(update_fields=["status", "answered_at"])
    record(letter, "answered", user.get_username(), "public" if letter.consent_public else "private",
           request=request)
    if letter.transfer_in_id:
        Transfer.objects.filter(pk=letter.transfer_in_id).update(
            answered_at=now, reply_body=reply.body, answer_site_name=connection.tenant.name)
    return reply


def send_back_reply(letter, note, user, request=None):
    reply = getattr(letter, "reply", None)
    if reply is None or reply.state != Reply.State.SUBMITTED:
        raise HandlingError(_("There is no reply waiting for review."))
    reply.state = Reply.State.DRAFT
    reply.save(update_fields=["state"])
    record(letter, "reply_returned", user.get_username(), note, request=request)


def find_by_code(code):
    """The letter for a query code in this site, following a transfer to the site that answers it."""
    digest = querycodes.digest(code)
    if not digest:
        return None
    return Letter.objects.filter(query_digest=digest).exclude(status=Letter.Status.REJECTED).first()


def transfer_of(letter):
    if letter.status != Letter.Status.TRANSFERRED:
        return None
    return Transfer.objects.filter(source_site=audit.current_site(), source_letter_id=letter.pk).first()


def rate(letter, rating, request=None):
    if letter.status != Letter.Status.ANSWERED:
        raise HandlingError(_("Only an answered letter can be rated."))
    letter.rating = rating
    letter.save(update_fields=["rating"])
    record(letter, "rated", note=rating, request=request)
