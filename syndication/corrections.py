"""When an original changes on its own site, what it sent follows (run in the source site's schema).

* Republished with changes: the push's snapshot is replaced at once, so live references show the
  correction on their next request; each reference is re-mirrored (title, search, feeds) by a task
  in its site's schema; copies are *offered* the update. An open submission shows the upper site
  the current text.
* Unpublished, deleted or made private: the push is marked gone (live references stop showing
  it at once and are unpublished by a task in their site's schema, copies are offered withdrawal,
  deliveries still pending are withdrawn) and open submissions are withdrawn.
"""
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import tenant_context

from sitegroup.pagecache import purge

from . import log, snapshot
from .exchange.models import Delivery, Push, Submission
from .tasks import refresh_reference, withdraw_reference


def original_republished(site, page):
    pushes = list(Push.objects.filter(sender=site, source_page_id=page.pk).select_related("sender"))
    submissions = list(Submission.objects.filter(submitter=site, source_page_id=page.pk,
                                                 state=Submission.State.SUBMITTED))
    if not pushes and not submissions:
        return
    try:
        content = snapshot.take(page, site)
    except ValidationError:                       # published but not public (private, under a draft)
        original_gone(site, [page.pk], Push.Gone.PRIVATE)
        return
    now = timezone.now()
    with transaction.atomic():
        for item in pushes + submissions:
            if not item.is_gone and not snapshot.content_changed(item, content):
                continue
            for name, value in content.items():
                setattr(item, name, value)
            item.version, item.content_updated_at, item.gone, item.gone_at = item.version + 1, now, "", None
            item.save()
            if isinstance(item, Push):
                _push_updated(item)


def _push_updated(push):
    for delivery in push.deliveries.exclude(state=Delivery.State.REFUSED).select_related("recipient"):
        log.record(log.Action.PUSH_UPDATED, site=push.sender, source=push.sender, target=delivery.recipient,
                   obj=push, version=push.version, mode=delivery.mode)
        if delivery.mode == Delivery.Mode.REFERENCE and delivery.local_page_id:
            _purge_reference(delivery)
            with tenant_context(delivery.recipient):
                refresh_reference.enqueue(delivery.pk)


def _purge_reference(delivery):
    """A live reference renders the original's text at request time: its cached copy is stale
    from now on, not only once the worker has mirrored the change."""
    if delivery.local_url:
        purge.purge_paths(delivery.recipient, [urlsplit(delivery.local_url).path])


def original_gone(site, page_ids, gone):
    """Pages `page_ids` of `site` are no longer public (`gone` is a Snapshot.Gone value)."""
    if gone == Push.Gone.DELETED:
        # Wagtail unpublishes before it deletes: say what finally happened.
        Push.objects.filter(sender=site, source_page_id__in=page_ids).exclude(gone="").update(gone=gone)
        Submission.objects.filter(submitter=site, source_page_id__in=page_ids, state=Submission.State.WITHDRAWN,
                                  gone=Push.Gone.UNPUBLISHED).update(gone=gone)
    pushes = list(Push.objects.filter(sender=site, source_page_id__in=page_ids, gone="").select_related("sender"))
    withdraw_pushes(pushes, gone)
    now = timezone.now()
    for submission in Submission.objects.filter(submitter=site, source_page_id__in=page_ids,
                                                state=Submission.State.SUBMITTED).select_related("target"):
        Submission.objects.filter(pk=submission.pk).update(state=Submission.State.WITHDRAWN, gone=gone, gone_at=now)
        log.record(log.Action.SUBMISSION_WITHDRAWN, site=site, source=site, target=submission.target, obj=submission,
                   actor="system", gone=gone)


def withdraw_pushes(pushes, gone, *, user=None):
    """Mark pushes gone: nothing of them is shown any more, their copies are offered withdrawal."""
    now = timezone.now()
    for push in pushes:
        Push.objects.filter(pk=push.pk).update(gone=gone, gone_at=now, version=F("version") + 1)
        push.deliveries.filter(state=Delivery.State.PENDING).update(state=Delivery.State.WITHDRAWN)
        for delivery in push.deliveries.exclude(state=Delivery.State.REFUSED).select_related("recipient"):
            log.record(log.Action.PUSH_WITHDRAWN, site=push.sender, source=push.sender, target=delivery.recipient,
                       obj=push, user=user, actor="" if user else "system", gone=gone)
            if delivery.mode == Delivery.Mode.REFERENCE and delivery.local_page_id:
                # A live reference shows the original as it is: withdrawn, it goes too.
                _purge_reference(delivery)
                with tenant_context(delivery.recipient):
                    withdraw_reference.enqueue(delivery.pk)
