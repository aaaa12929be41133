"""What an operator may do to a site's status, with the reasons it may not.

`provisioning.change_status` records a change and signals it; this module decides whether
the change makes sense first (the console and `manage.py set_site_status` use it).
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import MoveUp, Tenant
from .provisioning import change_status

Status = Tenant.Status
# Which statuses each status may go to. Archived is the end: its content is kept read-only
# for the record; a closed site can still be re-opened (e.g. a mistaken closure).
ALLOWED = {
    Status.ACTIVE: {Status.SUSPENDED, Status.CLOSED},
    Status.SUSPENDED: {Status.ACTIVE, Status.CLOSED},
    Status.CLOSED: {Status.ACTIVE, Status.ARCHIVED},
    Status.ARCHIVED: set(),
}


def refusal(tenant, new_status):
    """Why `tenant` may not go to `new_status` (a message), or None when it may."""
    if new_status not in Status.values:
        return _("“%(status)s” is not a site status; use one of: %(choices)s.") % {
            "status": new_status, "choices": ", ".join(Status.values)}
    if new_status == tenant.status:
        return _("“%(site)s” is already %(status)s.") % {"site": tenant.name, "status": Status(new_status).label}
    if new_status not in ALLOWED[tenant.status]:
        return _("A site that is %(old)s cannot become %(new)s.") % {
            "old": Status(tenant.status).label, "new": Status(new_status).label}
    if new_status in (Status.CLOSED, Status.ARCHIVED):
        open_children = tenant.children.filter(status__in=[Status.ACTIVE, Status.SUSPENDED])
        if open_children.exists():
            return _("Close or move up the sites below it first: %(sites)s.") % {
                "sites": ", ".join(child.slug for child in open_children.order_by("slug"))}
    parent_closed = tenant.parent_id and tenant.parent.status not in (Status.ACTIVE, Status.SUSPENDED)
    if new_status == Status.ACTIVE and parent_closed:
        return _("Its parent site “%(parent)s” is closed; re-open the parent first.") % {"parent": tenant.parent.slug}
    if new_status == Status.ACTIVE and MoveUp.objects.filter(source=tenant).exclude(
            state=MoveUp.State.ROLLED_BACK).exists():
        return _("“%(site)s” was moved up into its parent site; roll the move back instead "
                 "(manage.py move_up %(slug)s --rollback, or the console's move-up page).") % {
            "site": tenant.name, "slug": tenant.slug}
    return None


def set_status(tenant, new_status):
    """Change the status if the rules allow it; raise ValidationError with the reason otherwise."""
    reason = refusal(tenant, new_status)
    if reason:
        raise ValidationError(reason, code="status_refused")
    return change_status(tenant, new_status)
