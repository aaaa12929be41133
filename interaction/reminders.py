"""Reminders by e-mail to the staff of a site: a letter due soon, and a letter gone past its due date.

Runs per site (scheduled in interaction/scheduled_jobs.py), inside the site's schema. A letter is
"due soon" when no more than the site's `remind_days` working days are left before its due date,
counted with the holiday calendar (a letter due the day after a week-long holiday is reminded before
the holiday, not on its last day). Each notice is sent once: it is recorded in the letter's trail
(LetterEvent) in the same savepoint as the sending, and a letter with the record is not sent again.
The mail names the letter and links to the inbox; it carries none of the writer's personal data.
Letters held as possible spam get no mail (a flood of spam must not become a flood of mail); the
inbox counts them for staff to release or reject.
"""
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sitegroup.scheduling import PartialFailure

from .models import InteractionSettings, Letter, LetterEvent
from .workdays import workdays_between

logger = logging.getLogger(__name__)

REMINDED, OVERDUE_NOTICE = "reminder_sent", "overdue_notice_sent"


def handler_addresses(site):
    """E-mail addresses of the active staff holding a grant on the site (every role handles letters)."""
    from sitegroup.identity.models import StaffAccount

    return sorted(set(StaffAccount.objects.filter(is_active=True, grants__site=site).exclude(email="")
                      .values_list("email", flat=True)))


def letters_to_notify(today, remind_days):
    """[(letter, action)] of open letters that need a reminder or an overdue notice today."""
    open_letters = Letter.objects.open().exclude(status=Letter.Status.HELD).prefetch_related("events")
    found = []
    for letter in open_letters.order_by("due_date", "pk"):
        sent = {event.action for event in letter.events.all()}
        if letter.due_date < today:
            if OVERDUE_NOTICE not in sent:
                found.append((letter, OVERDUE_NOTICE))
        elif REMINDED not in sent and OVERDUE_NOTICE not in sent \
                and workdays_between(today, letter.due_date) <= remind_days:
            found.append((letter, REMINDED))
    return found


def _message(site, root_url, letter, action, to):
    from django.urls import reverse

    link = root_url.rstrip("/") + reverse("interaction_letter", args=[letter.pk])
    values = {"site": site.name, "subject": letter.subject, "due": letter.due_date.isoformat(), "link": link}
    if action == OVERDUE_NOTICE:
        subject = _("[%(site)s] Letter overdue: %(subject)s") % values
        first = _("This letter to %(site)s was due on %(due)s and has not been answered:") % values
    else:
        subject = _("[%(site)s] Letter due on %(due)s: %(subject)s") % values
        first = _("This letter to %(site)s must be answered by %(due)s:") % values
    body = "\n".join([first, "", f"  {letter.subject}", "", _("Open it in the inbox: %(link)s") % values])
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, bcc=to)


def send_reminders(site, today=None):
    """Send this site's due reminders and overdue notices; returns a summary for the run history."""
    from wagtail.models import Site

    today = today or timezone.localdate()
    wagtail_site = Site.objects.filter(is_default_site=True).first()
    remind_days = InteractionSettings.for_site(wagtail_site).remind_days if wagtail_site else 2
    pending = letters_to_notify(today, remind_days)
    if not pending:
        return "nothing due"
    to = handler_addresses(site)
    if not to:
        # Nothing is recorded: the notices go out once someone with a grant has an address.
        return f"{len(pending)} notices waiting: no staff of the site has an e-mail address"
    root_url = wagtail_site.root_url if wagtail_site else f"https://{site.primary_domain_name()}"
    sent, failed = 0, 0
    mail = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for letter, action in pending:
            try:
                with transaction.atomic():
                    LetterEvent.objects.create(letter=letter, action=action, note=", ".join(to)[:1000])
                    mail.send_messages([_message(site, root_url, letter, action, to)])
                sent += 1
            except Exception:  # one letter's mail failing must not stop the others; it is tried again
                logger.exception("reminder for letter %s of %s could not be sent", letter.pk, connection.schema_name)
                failed += 1
    summary = f"{sent} sent to {len(to)} staff"
    if failed:
        raise PartialFailure(f"{summary}, {failed} failed")
    return summary
