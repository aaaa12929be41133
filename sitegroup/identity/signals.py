"""Feed the audit log from Wagtail's content log and from logins on site hosts; mirror revocations.

Failed and refused password checks are recorded by the lockout (identity.lockout), which every
check goes through."""
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name, tenant_context

from . import audit, service
from .audit import Action
from .models import SiteGrant, SiteUserLink


def _site_of(request):
    tenant = getattr(request, "tenant", None) if request is not None else None
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return None
    return tenant


@receiver(user_logged_in)
def site_login(sender, request, user, **kwargs):
    if getattr(request, "_sitegroup_handoff", False):
        return  # recorded as site_enter by the hand-off view
    audit.record(Action.LOGIN, request=request, actor=user.get_username(), site=_site_of(request), local=True)


@receiver(user_logged_out)
def site_logout(sender, request, user, **kwargs):
    if user is None:
        return
    account_id = request.session.get(service.SESSION_ACCOUNT) if hasattr(request, "session") else None
    from .models import StaffAccount

    account = StaffAccount.objects.filter(pk=account_id).first() if account_id else None
    audit.record(Action.LOGOUT, request=request, account=account, actor=user.get_username(),
                 site=_site_of(request))


def _record_wagtail_log_entry(sender, instance, created, raw=False, **kwargs):
    """Every Wagtail log entry (page and model actions) is copied to the platform's audit log."""
    if not created or raw:
        return
    site = audit.current_site()
    if site is None:
        return  # the template schema, or the platform: no site content
    account = None
    actor = ""
    if instance.user_id:
        link = SiteUserLink.objects.select_related("account").filter(site=site, user_id=instance.user_id).first()
        account = link.account if link else None
        user = instance.user
        actor = user.get_username() if user is not None else str(instance.user_id)
    object_type = ""
    if instance.content_type_id:
        object_type = f"{instance.content_type.app_label}.{instance.content_type.model}"
    audit.record(
        instance.action, account=account, actor=account.username if account else actor, site=site,
        object_type=object_type,
        object_id=str(getattr(instance, "page_id", None) or getattr(instance, "object_id", "")),
        object_repr=instance.label, wagtail_log_id=instance.pk,
        revision_id=instance.revision_id, uuid=str(instance.uuid) if instance.uuid else None,
        # Review decisions (workflow approve / request changes) carry the reviewer's comment.
        **({"comment": instance.data["comment"]} if isinstance(instance.data, dict) and instance.data.get("comment")
           else {}),
    )


def _connect_wagtail_log():
    from wagtail.models import ModelLogEntry, PageLogEntry

    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(_record_wagtail_log_entry, sender=model, dispatch_uid=f"sitegroup-audit-{model.__name__}")


_connect_wagtail_log()


@receiver(post_delete, sender=SiteGrant)
def grant_revoked(sender, instance, **kwargs):
    """The site's user loses its rights at once (the middleware also ends its sessions)."""
    site = instance.site
    if connection.schema_name == site.schema_name:
        service.disable_site_user(instance.account, site)
        return
    with tenant_context(site):  # restores the previous schema afterwards
        service.disable_site_user(instance.account, site)
