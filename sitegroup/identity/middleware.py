"""Per request: idle timeout everywhere; on the platform, who is signed in; on a site, is the
person's grant still there (revocation takes effect on the next request)."""
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from . import audit, service
from .audit import Action
from .models import SiteGrant, SiteUserLink
from .service import (
    SESSION_ACCOUNT,
    SESSION_HASH,
    SESSION_LAST_SEEN,
    SESSION_OTP,
    SESSION_PENDING,
    SESSION_ROLE,
    SESSION_SECTION,
)

# Writing the session on every request is not needed for an idle timeout counted in minutes.
TOUCH_AFTER_SECONDS = 15


def is_platform(request):
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.schema_name == get_public_schema_name()


class IdentityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(request)
        try:
            if hasattr(request, "session"):
                if is_platform(request):
                    self.platform(request)
                else:
                    self.site(request)
            return self.get_response(request)
        finally:
            audit.current_request.reset(token)

    # --- idle timeout ---------------------------------------------------------------------
    def idle_expired(self, request, signed_in):
        now = timezone.now().timestamp()
        last = request.session.get(SESSION_LAST_SEEN)
        if signed_in and last is not None and now - last > settings.SITEGROUP_IDLE_TIMEOUT_SECONDS:
            return True
        if signed_in and (last is None or now - last > TOUCH_AFTER_SECONDS):
            request.session[SESSION_LAST_SEEN] = now
        return False

    # --- platform host --------------------------------------------------------------------
    def platform(self, request):
        session = request.session
        signed_in = bool(session.get(SESSION_ACCOUNT) or session.get(SESSION_PENDING))
        if self.idle_expired(request, signed_in):
            account = service.platform_account(request) or service.pending_account(request)
            service.platform_logout(request, account, action=Action.SESSION_TIMEOUT)
        request.staff = service.platform_account(request)

    # --- site hosts -----------------------------------------------------------------------
    def site(self, request):
        user = request.user
        if not user.is_authenticated:
            return
        session = request.session
        if self.idle_expired(request, True):
            audit.record(Action.SESSION_TIMEOUT, request=request, actor=user.get_username(), site=request.tenant)
            self.end(request)
            return
        account_id = session.get(SESSION_ACCOUNT)
        if account_id:
            grant = (SiteGrant.objects.select_related("account", "site")
                     .filter(account_id=account_id, site_id=request.tenant.pk).first())
            if (grant is None or not grant.account.is_active
                    or session.get(SESSION_HASH) != grant.account.session_hash()):
                audit.record(Action.ACCESS_REVOKED, request=request, account=grant.account if grant else None,
                             actor=user.get_username(), site=request.tenant)
                self.end(request)
                return
            if grant.role != session.get(SESSION_ROLE) or grant.section_path != session.get(SESSION_SECTION):
                if grant.needs_2fa and not session.get(SESSION_OTP):
                    audit.record(Action.ACCESS_REVOKED, request=request, account=grant.account,
                                 site=request.tenant, reason="2fa_required")
                    self.end(request)
                    return
                service.sync_site_user(grant.account, grant)
                session[SESSION_ROLE] = grant.role
                session[SESSION_SECTION] = grant.section_path
            return
        # A user without a hand-off: only the site's own (unlinked) superusers, when local
        # logins are allowed at all.
        if (settings.SITEGROUP_SITE_LOCAL_LOGIN != "superusers" or not user.is_superuser
                or SiteUserLink.objects.filter(site_id=request.tenant.pk, user_id=user.pk).exists()):
            audit.record(Action.ACCESS_REVOKED, request=request, actor=user.get_username(), site=request.tenant,
                         reason="local_login_not_allowed")
            self.end(request)

    @staticmethod
    def end(request):
        request.session.flush()
        request.user = AnonymousUser()
