"""Who may send to whom: pushes go down the hierarchy, submissions go up it.

Sideways pushes (to a sibling, a cousin) need a route an operator allowed; a site that is not
active (suspended, closed, moved up, archived) neither sends nor receives.
"""
from django.utils.translation import gettext as _

from tenants.models import MoveUp, Tenant

from .exchange.models import SidewaysRoute

Status = Tenant.Status


def sites_below(site):
    """Every site under `site` (children, then grandchildren), whatever its status."""
    children = list(Tenant.objects.filter(parent=site).order_by("name"))
    grandchildren = list(Tenant.objects.filter(parent__in=children).order_by("parent__name", "name"))
    return children + grandchildren


def sideways_recipients(site):
    return [route.recipient for route in SidewaysRoute.objects.filter(sender=site).select_related("recipient")]


def push_targets(site):
    """Sites `site` may address a push to: those below it, then those an operator allowed."""
    below = sites_below(site)
    known = {tenant.pk for tenant in below}
    return below + [tenant for tenant in sideways_recipients(site) if tenant.pk not in known]


def is_below(site, other):
    parent = other.parent
    while parent is not None:
        if parent.pk == site.pk:
            return True
        parent = parent.parent
    return False


def inactive_reason(site):
    """Why `site` can neither send nor receive now, or None when it is active."""
    if site.status == Status.ACTIVE:
        return None
    if site.status == Status.SUSPENDED:
        return _("“%(site)s” is suspended.") % {"site": site.name}
    move = MoveUp.objects.filter(source=site).exclude(state=MoveUp.State.ROLLED_BACK).select_related("target").first()
    if move is not None:
        return _("“%(site)s” was moved up into “%(target)s”.") % {"site": site.name, "target": move.target.name}
    return _("“%(site)s” is %(status)s.") % {"site": site.name, "status": Status(site.status).label}


def push_refusal(sender, recipient, allowed=None):
    """Why `sender` may not push to `recipient` (a message), or None when it may.

    `allowed`: the pks of the sites below `sender` and of its sideways routes, when the caller
    checks many recipients (computed here otherwise).
    """
    if recipient.pk == sender.pk:
        return _("A site does not push to itself.")
    if allowed is None:
        allowed = {site.pk for site in push_targets(sender)}
    if recipient.pk not in allowed:
        if is_below(recipient, sender):
            return _("“%(site)s” is above “%(sender)s”: submit items upward instead of pushing them.") % {
                "site": recipient.name, "sender": sender.name}
        return _("“%(site)s” is not below “%(sender)s”: pushes go down the hierarchy only, unless an "
                 "operator allows this route.") % {"site": recipient.name, "sender": sender.name}
    return inactive_reason(recipient)


def submission_targets(site):
    """The sites above `site` it may submit to: its parent and grandparent."""
    targets = []
    parent = site.parent
    while parent is not None and len(targets) < 2:
        targets.append(parent)
        parent = parent.parent
    return targets


def submission_refusal(submitter, target):
    if target.pk not in {tenant.pk for tenant in submission_targets(submitter)}:
        return _("“%(site)s” is not the parent or grandparent of “%(submitter)s”.") % {
            "site": target.name, "submitter": submitter.name}
    return inactive_reason(target)
