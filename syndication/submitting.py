"""Submit up (信息报送): a lower site sends one of its published pages to its parent or grandparent,
whose editors accept it (a page crediting the submitting site) or reject it with a reason.

`submit_page` runs in the submitting site's schema, `accept`/`reject` in the upper site's; the
submission in the exchange is all they share.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sitegroup.identity.audit import current_site

from . import log, materialise, site_rules, snapshot
from .exchange.models import Submission
from .hierarchy import inactive_reason, submission_refusal
from .models import ReceivedItem


def submit_page(page, *, target, note="", user=None, now=None):
    """Submit `page` of the current site to `target`; returns the Submission. Raises ValidationError."""
    site = current_site()
    if site is None:
        raise ValidationError(_("Items are submitted from a site."))
    reason = inactive_reason(site)
    if reason:
        raise ValidationError(_("This site cannot submit items: %(reason)s") % {"reason": reason})
    refusal = submission_refusal(site, target)
    if refusal:
        raise ValidationError(refusal)
    content = snapshot.take(page, site)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                submitter=site, target=target, note=note, submitted_by=log.actor_name(user, site), submitted_at=now,
                content_updated_at=now, **content)
    except IntegrityError:
        raise ValidationError(_("“%(title)s” is already waiting for a decision of “%(site)s”.") % {
            "title": page.title, "site": target.name}) from None
    log.record(log.Action.SUBMITTED, site=site, source=site, target=target, obj=submission, user=user)
    return submission


def _check_addressed_here(submission):
    site = current_site()
    if site is None or submission.target_id != site.pk:
        raise ValidationError(_("This submission was not addressed to this site."))
    return site


def _lock_open(submission):
    locked = Submission.objects.select_for_update().select_related("submitter").get(pk=submission.pk)
    if locked.is_gone:
        raise ValidationError(_("The submitting site's page was %(gone)s meanwhile: nothing was created.") % {
            "gone": locked.get_gone_display()})
    if locked.state != Submission.State.SUBMITTED:
        raise ValidationError(_("This submission has already been decided (%(state)s).") % {
            "state": locked.get_state_display()})
    return locked


def accept(submission, *, column, user=None, now=None):
    """Make a page of the submission in `column` of this (upper) site; returns an Outcome."""
    site = _check_addressed_here(submission)
    reason = inactive_reason(site)
    if reason:
        raise ValidationError(_("This site cannot accept submissions now: %(reason)s") % {"reason": reason})
    materialise.check_column(column, user)
    with transaction.atomic():
        submission = _lock_open(submission)
        submitter = submission.submitter
        page = materialise.build_copy(submission, submitter, column)
        page.slug = materialise.free_slug(column, f"submitted-{submission.pk}")
        page.live = False                   # live only once the site's publishing rules say so
        column.add_child(instance=page)
        revision = page.save_revision(user=user)
        ReceivedItem.objects.create(page=page, kind=ReceivedItem.Kind.SUBMISSION, source_site_name=submitter.name,
                                    source_site_slug=submitter.slug, original_path=submission.source_path,
                                    submission_id=submission.pk)
        submission.state, submission.accepted_page_id = Submission.State.ACCEPTED, page.pk
        submission.decided_by, submission.decided_at = log.actor_name(user, site), now or timezone.now()
        submission.save()
        log.record(log.Action.SUBMISSION_ACCEPTED, site=site, source=submitter, target=site, obj=submission,
                   user=user, page_id=page.pk)
        state, problems = site_rules.publish_or_review(page, revision, user)
    return site_rules.Outcome(page=page, state=state, problems=problems)


def reject(submission, *, reason, user=None, now=None):
    """Refuse a submission; the submitting site sees `reason`."""
    site = _check_addressed_here(submission)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the rejection: the submitting site sees it."))
    with transaction.atomic():
        submission = _lock_open(submission)
        submission.state, submission.reason = Submission.State.REJECTED, reason
        submission.decided_by, submission.decided_at = log.actor_name(user, site), now or timezone.now()
        submission.save()
        log.record(log.Action.SUBMISSION_REJECTED, site=site, source=submission.submitter, target=site,
                   obj=submission, user=user, reason=reason)
    return submission
