"""Every syndication action goes to the platform's audit log, naming both sites.

The entry belongs to the site where the action happened (so its log shows it); the other site is
named in its data and in the object's description, so a search for either site finds it.
"""
from sitegroup.identity import audit
from sitegroup.identity.models import SiteUserLink


class Action:
    PUSH_SENT = "syndication_push_sent"
    PUSH_REFUSED = "syndication_push_refused"
    PUSH_RECEIVED = "syndication_push_received"
    PUSH_ACCEPTED = "syndication_push_accepted"
    PUSH_PUBLISHED = "syndication_push_published"
    PUSH_UPDATED = "syndication_push_updated"             # the original was corrected
    UPDATE_APPLIED = "syndication_update_applied"
    PUSH_WITHDRAWN = "syndication_push_withdrawn"         # the original was withdrawn
    WITHDRAWAL_APPLIED = "syndication_withdrawal_applied"
    PUSH_OVERDUE = "syndication_push_overdue"
    STRANDED = "syndication_addressed_to_inactive_site"
    SUBMITTED = "syndication_submitted"
    SUBMISSION_ACCEPTED = "syndication_submission_accepted"
    SUBMISSION_REJECTED = "syndication_submission_rejected"
    SUBMISSION_WITHDRAWN = "syndication_submission_withdrawn"
    ROUTE_ALLOWED = "syndication_route_allowed"
    ROUTE_REMOVED = "syndication_route_removed"


def account_of(user, site):
    """The platform account behind a site user (None for a site's own local users)."""
    if user is None or not getattr(user, "is_authenticated", False) or site is None:
        return None
    link = SiteUserLink.objects.select_related("account").filter(site=site, user_id=user.pk).first()
    return link.account if link else None


def actor_name(user, site=None):
    account = account_of(user, site)
    if account is not None:
        return account.username
    return user.get_username() if user is not None and getattr(user, "is_authenticated", False) else ""


def record(action, *, site, source, target, obj=None, user=None, actor="", **data):
    """One audit entry at `site` for an action between `source` and `target` (Tenants)."""
    account = account_of(user, site)
    if not actor:
        actor = account.username if account is not None else actor_name(user, site) or "system"
    title = getattr(obj, "title", "") or str(obj or "")
    return audit.record(
        action, account=account, actor=actor, site=site,
        object_type=obj._meta.label_lower if obj is not None else "", object_id=str(getattr(obj, "pk", "") or ""),
        object_repr=f"{title} ({source.slug} → {target.slug})",
        source_site=source.slug, target_site=target.slug, **data)
