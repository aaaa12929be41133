"""What a receiving site does with a push, inside its own schema.

It reads the push from the exchange and makes a page of its own: a copy (a new page of the
original's type where that type can be rebuilt, else an article or notice, crediting the
source) or a live reference (showing the push's current content). The page then goes through
the site's own publishing rules (syndication.site_rules).
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from sitegroup.identity.audit import current_site

from . import log, materialise, site_rules
from .exchange.models import Delivery
from .hierarchy import inactive_reason
from .models import LiveReferencePage, ReceivedItem, SyndicationSettings


def receive(delivery_id):
    """A delivery has arrived: record it and apply the site's standing rule, if it has one."""
    delivery = Delivery.objects.select_related("push__sender", "recipient").get(pk=delivery_id)
    site = _check_addressed_here(delivery)
    push = delivery.push
    log.record(log.Action.PUSH_RECEIVED, site=site, source=push.sender, target=site, obj=push, actor="system")
    rule = SyndicationSettings.load()
    if rule.receive_as == SyndicationSettings.Receive.ASK:
        return None
    columns = materialise.columns_of_type(push.column_type)
    if not columns:
        return None                                 # nowhere to put it: it waits in the inbox
    return accept_push(delivery, mode=rule.receive_as, column=columns[0],
                       review=rule.after_receiving == SyndicationSettings.AfterReceiving.REVIEW)


def _check_addressed_here(delivery):
    site = current_site()
    if site is None or delivery.recipient_id != site.pk:
        raise ValidationError(_("This push was not addressed to this site."))
    return site


def accept_push(delivery, *, mode, column, user=None, review=False):
    """Make this site's page for a pending delivery; returns an Outcome. Raises ValidationError."""
    site = _check_addressed_here(delivery)
    reason = inactive_reason(site)
    if reason:
        raise ValidationError(_("This site cannot receive pushes now: %(reason)s") % {"reason": reason})
    if mode not in Delivery.Mode.values:
        raise ValidationError(_("Choose a copy or a live reference."))
    materialise.check_column(column, user)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("push__sender").get(pk=delivery.pk)
        push = delivery.push
        if push.is_gone:
            raise ValidationError(_("The original was %(gone)s: there is nothing to publish.") % {
                "gone": push.get_gone_display()})
        if delivery.state != Delivery.State.PENDING:
            raise ValidationError(_("This push has already been handled (%(state)s).") % {
                "state": delivery.get_state_display()})
        slug = f"pushed-{push.pk}"
        if mode == Delivery.Mode.REFERENCE:
            page = LiveReferencePage(push_id=push.pk, **materialise.listing_fields(push, push.sender))
            kind = ReceivedItem.Kind.PUSH_REFERENCE
        else:
            page = materialise.build_copy(push, push.sender, column)
            kind = ReceivedItem.Kind.PUSH_COPY
        page.slug = materialise.free_slug(column, slug)
        page.live = False                   # live only once the site's publishing rules say so
        column.add_child(instance=page)
        revision = page.save_revision(user=user)
        ReceivedItem.objects.create(page=page, kind=kind, source_site_name=push.sender.name,
                                    source_site_slug=push.sender.slug, original_path=push.source_path,
                                    delivery_id=delivery.pk)
        delivery.mode, delivery.local_page_id, delivery.state = mode, page.pk, Delivery.State.DRAFT
        delivery.applied_version, delivery.handled_by = push.version, log.actor_name(user, site) or "system"
        delivery.save()
        log.record(log.Action.PUSH_ACCEPTED, site=site, source=push.sender, target=site, obj=push, user=user,
                   mode=mode, page_id=page.pk)
        state, problems = site_rules.publish_or_review(page, revision, user, review=review)
    return site_rules.Outcome(page=page, state=state, problems=problems)


def apply_update(delivery, *, user=None):
    """Bring this site's copy up to the corrected original; returns an Outcome."""
    site = _check_addressed_here(delivery)
    push = delivery.push
    if not delivery.update_offered:
        raise ValidationError(_("There is no update to apply."))
    page = _local_page(delivery)
    materialise.fill_copy(page, push, push.sender)
    revision = page.save_revision(user=user)
    state, problems = (site_rules.publish_or_review(page, revision, user) if page.live
                       else (site_rules.DRAFT, []))
    Delivery.objects.filter(pk=delivery.pk).update(applied_version=push.version)
    log.record(log.Action.UPDATE_APPLIED, site=site, source=push.sender, target=site, obj=push, user=user,
               version=push.version, page_id=page.pk)
    return site_rules.Outcome(page=page, state=state, problems=problems)


def keep_own_version(delivery, *, user=None):
    """Decline an offered update: the copy stays as it is."""
    site = _check_addressed_here(delivery)
    Delivery.objects.filter(pk=delivery.pk).update(applied_version=delivery.push.version)
    log.record(log.Action.UPDATE_APPLIED, site=site, source=delivery.push.sender, target=site, obj=delivery.push,
               user=user, version=delivery.push.version, declined=True)


def apply_withdrawal(delivery, *, user=None):
    """The original was withdrawn: unpublish this site's page too."""
    site = _check_addressed_here(delivery)
    if not delivery.withdrawal_offered:
        raise ValidationError(_("There is no withdrawal to apply."))
    page = _local_page(delivery)
    if page.live:
        page.unpublish(user=user)
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.WITHDRAWN)
    log.record(log.Action.WITHDRAWAL_APPLIED, site=site, source=delivery.push.sender, target=site,
               obj=delivery.push, user=user, page_id=page.pk)


def refresh_reference(delivery_id):
    """The original behind a live reference changed: mirror its title and date in listings, and
    republish so that search and feeds see the new text. Runs in the receiving site's schema."""
    delivery = Delivery.objects.select_related("push__sender", "recipient").get(pk=delivery_id)
    site = _check_addressed_here(delivery)
    page = LiveReferencePage.objects.filter(pk=delivery.local_page_id).first()
    if page is None:
        return
    push = delivery.push
    for name, value in materialise.listing_fields(push, push.sender).items():
        setattr(page, name, value)
    revision = page.save_revision()
    if page.live:
        revision.publish()
    Delivery.objects.filter(pk=delivery.pk).update(applied_version=push.version)
    log.record(log.Action.UPDATE_APPLIED, site=site, source=push.sender, target=site, obj=push, actor="system",
               version=push.version, live_reference=True)


def withdraw_reference(delivery_id):
    """The original behind a live reference was withdrawn: the reference is unpublished with it."""
    delivery = Delivery.objects.select_related("push__sender", "recipient").get(pk=delivery_id)
    site = _check_addressed_here(delivery)
    page = LiveReferencePage.objects.filter(pk=delivery.local_page_id).first()
    if page is not None and page.live:
        page.unpublish()
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.WITHDRAWN)
    log.record(log.Action.WITHDRAWAL_APPLIED, site=site, source=delivery.push.sender, target=site,
               obj=delivery.push, actor="system", live_reference=True)


def _local_page(delivery):
    page = Page.objects.filter(pk=delivery.local_page_id).first()
    if page is None:
        raise ValidationError(_("The page made for this push no longer exists on this site."))
    return page.specific
