"""Writing the audit log: one call for every recorded event, platform or site."""
import contextvars
import ipaddress

from django.db import connection
from django_tenants.utils import get_public_schema_name

from .models import AuditLogEntry

# The request being handled (set by IdentityMiddleware), so that events raised deep inside
# Wagtail (its log entries) still get the client's address.
current_request = contextvars.ContextVar("sitegroup_current_request", default=None)


class Action:
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCKOUT = "lockout"
    LOGIN_BLOCKED = "login_blocked"  # attempt while locked
    LOGOUT = "logout"
    SESSION_TIMEOUT = "session_timeout"
    OTP_FAILED = "otp_failed"
    OTP_ENROLLED = "otp_enrolled"
    OTP_REPLACED = "otp_replaced"
    OTP_RESET = "otp_reset"
    VIEW_PASSWORD_FAILED = "view_password_failed"  # a page's or collection's password
    SITE_ENTER = "site_enter"
    SITE_ENTER_REFUSED = "site_enter_refused"
    ACCESS_REVOKED = "access_revoked"  # a session ended because its grant is gone
    GRANT_ADDED = "grant_added"
    GRANT_CHANGED = "grant_changed"
    GRANT_REVOKED = "grant_revoked"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_CHANGED = "account_changed"
    ACCOUNT_UNLOCKED = "account_unlocked"
    PASSWORD_CHANGED = "password_changed"
    AUDIT_PURGED = "audit_purged"
    SITE_PROVISIONED = "site_provisioned"
    SITE_STATUS_CHANGED = "site_status_changed"
    MOVE_UP_STARTED = "move_up_started"
    MOVE_UP_RESUMED = "move_up_resumed"
    MOVE_UP_ROLLED_BACK = "move_up_rolled_back"


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the proxy's X-Real-IP when REMOTE_ADDR is one of
    SITEGROUP_TRUSTED_PROXIES (deploy/nginx.conf sets it). A client-supplied header is never
    trusted otherwise."""
    if request is None:
        return None
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    real = request.META.get("HTTP_X_REAL_IP", "").strip()
    if remote and real and remote in settings.SITEGROUP_TRUSTED_PROXIES:
        try:
            ipaddress.ip_address(real)
            return real
        except ValueError:
            return remote
    return remote


def current_site():
    """The Tenant whose schema the connection is using, or None on the platform."""
    schema = connection.schema_name
    if schema == get_public_schema_name():
        return None
    tenant = getattr(connection, "tenant", None)
    from tenants.models import Tenant

    if isinstance(tenant, Tenant) and tenant.schema_name == schema:
        return tenant
    return Tenant.objects.filter(schema_name=schema).first()


def record(action, *, request=None, account=None, actor="", site=None, obj=None, object_type="",
           object_id="", object_repr="", **data):
    request = request or current_request.get()
    if account is not None and not actor:
        actor = account.username
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditLogEntry.objects.create(
        action=action, account=account, actor=actor[:150], site=site,
        site_slug=site.slug if site is not None else "",
        object_type=object_type[:100], object_id=str(object_id)[:64], object_repr=str(object_repr)[:255],
        ip_address=client_ip(request), data=data,
    )
