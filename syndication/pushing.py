"""Push down (转发/下发): an upper site sends one of its published pages to sites below it.

Runs in the sending site's schema. The push and one delivery per addressed site are written to
the exchange; each receiving site then gets a task queued *in its own schema* that applies its
standing rule (syndication.receiving). A site that may not receive is refused with the reason,
and the others go on.
"""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from sitegroup.identity.audit import current_site
from tenants.models import Tenant
from themes.models import ColumnPage

from . import log, snapshot
from .exchange.models import Delivery, Push
from .hierarchy import inactive_reason, push_refusal, push_targets, sites_below
from .tasks import receive_push


@dataclass
class PushResult:
    push: Push
    delivered: list = field(default_factory=list)       # Delivery rows now in a site's inbox
    refused: list = field(default_factory=list)         # Delivery rows refused, with their reason


def default_deadline(now=None):
    return (now or timezone.now()) + datetime.timedelta(hours=settings.SITEGROUP_SYNDICATION_DEADLINE_HOURS)


def select_recipients(sender, *, scope, levels=(), picked=()):
    """The sites a push addresses: "subtree" (every site below), "level" (those of `levels`) or
    "picked" (`picked`, Tenants or pks; may include sideways routes an operator allowed)."""
    if scope == "subtree":
        return sites_below(sender)
    if scope == "level":
        return [site for site in sites_below(sender) if site.level in levels]
    picked_ids = {getattr(site, "pk", site) for site in picked}
    offered = {site.pk: site for site in push_targets(sender)}
    # Anything else picked is kept so that it is refused with a reason rather than silently dropped.
    others = Tenant.objects.filter(pk__in=picked_ids - offered.keys())
    return [offered[pk] for pk in offered if pk in picked_ids] + list(others)


def push_page(page, *, recipients, column_type, deadline=None, note="", user=None, now=None):
    """Send `page` of the current site to `recipients`; returns a PushResult.

    Raises ValidationError (nothing sent) when the page may not leave its site, the sending site
    is not active, the column type is unknown or the deadline has passed.
    """
    sender = current_site()
    if sender is None:
        raise ValidationError(_("Pushes are sent from a site."))
    reason = inactive_reason(sender)
    if reason:
        raise ValidationError(_("This site cannot send pushes: %(reason)s") % {"reason": reason})
    if column_type not in ColumnPage.ColumnType.values:
        raise ValidationError(_("“%(type)s” is not a column type.") % {"type": column_type})
    now = now or timezone.now()
    deadline = deadline or default_deadline(now)
    if deadline <= now:
        raise ValidationError(_("The deadline must be in the future."))
    if not recipients:
        raise ValidationError(_("Choose at least one site to push to."))
    content = snapshot.take(page, sender)
    actor = log.actor_name(user, sender)
    allowed = {site.pk for site in push_targets(sender)}
    with transaction.atomic():
        push = Push.objects.create(sender=sender, column_type=column_type, deadline=deadline, note=note,
                                   sent_by=actor, sent_at=now, content_updated_at=now, **content)
        result = PushResult(push=push)
        for recipient in {site.pk: site for site in recipients}.values():
            refusal = push_refusal(sender, recipient, allowed)
            delivery = Delivery.objects.create(
                push=push, recipient=recipient, created_at=now,
                state=Delivery.State.REFUSED if refusal else Delivery.State.PENDING, reason=refusal or "")
            (result.refused if refusal else result.delivered).append(delivery)
            log.record(log.Action.PUSH_REFUSED if refusal else log.Action.PUSH_SENT, site=sender, source=sender,
                       target=recipient, obj=push, user=user, reason=refusal or "", deadline=deadline.isoformat())
        for delivery in result.delivered:
            deliver(delivery)
    return result


def deliver(delivery):
    """Queue the receiving site's own handling of a delivery, in its schema."""
    with tenant_context(delivery.recipient):
        receive_push.enqueue(delivery.pk)
