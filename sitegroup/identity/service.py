"""Sign-in, lockout, hand-off into a site and mirroring a grant into the site's own users."""
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.middleware import site_url

from . import audit
from .audit import Action
from .models import HandoffToken, LoginThrottle, Role, SiteGrant, SiteUserLink, StaffAccount

PLATFORM_REALM = "platform"
HANDOFF_SALT = "sitegroup.identity.handoff"

# Session keys (platform and site sessions are separate: cookies are host-only).
SESSION_ACCOUNT = "sg_account"
SESSION_HASH = "sg_account_hash"
SESSION_OTP = "sg_otp"
SESSION_PENDING = "sg_pending_account"
SESSION_ROLE = "sg_role"
SESSION_SECTION = "sg_section"
SESSION_LAST_SEEN = "sg_last_seen"

# Wagtail's default groups (present in every site: the template schema's baseline).
ROLE_GROUPS = {Role.EDITOR: "Editors", Role.MODERATOR: "Moderators"}


# --- Lockout --------------------------------------------------------------------------------

def locked_throttle(realm, username):
    throttle = LoginThrottle.objects.filter(realm=realm, username=username.lower()).first()
    return throttle if throttle and throttle.is_locked() else None


def register_failure(realm, username, *, request=None, account=None, site=None, action=Action.LOGIN_FAILED):
    """Count a failed attempt; lock after SITEGROUP_LOCKOUT_FAILURES. Returns True if now locked."""
    now = timezone.now()
    with transaction.atomic():
        throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
            realm=realm, username=username.lower()[:150])
        if throttle.locked_until and throttle.locked_until <= now:
            throttle.failures = 0  # the previous lock ran out: start counting again
            throttle.locked_until = None
        throttle.failures += 1
        throttle.last_failure_at = now
        locked_now = throttle.failures >= settings.SITEGROUP_LOCKOUT_FAILURES
        if locked_now:
            throttle.locked_until = now + timedelta(minutes=settings.SITEGROUP_LOCKOUT_MINUTES)
        throttle.save()
    audit.record(action, request=request, account=account, actor=username, site=site,
                 failures=throttle.failures)
    if locked_now:
        audit.record(Action.LOCKOUT, request=request, account=account, actor=username, site=site,
                     minutes=settings.SITEGROUP_LOCKOUT_MINUTES)
    return locked_now


def clear_failures(realm, username):
    LoginThrottle.objects.filter(realm=realm, username=username.lower()).delete()


def lockout_message(throttle):
    return _("Too many failed attempts: this account is locked. Try again in %(minutes)d minutes "
             "or ask a platform operator to unlock it.") % {"minutes": throttle.minutes_left()}


# --- Platform session ------------------------------------------------------------------------

def authenticate_password(request, username, password):
    """Returns (account, error message). Counts failures and honours lockout."""
    username = (username or "").strip()
    throttle = locked_throttle(PLATFORM_REALM, username)
    if throttle:
        audit.record(Action.LOGIN_BLOCKED, request=request, actor=username)
        return None, lockout_message(throttle)
    account = StaffAccount.objects.filter(username__iexact=username).first()
    if account is None or not account.check_password(password or "") or not account.is_active:
        if register_failure(PLATFORM_REALM, username, request=request, account=account):
            return None, lockout_message(locked_throttle(PLATFORM_REALM, username))
        return None, _("The user name or password is not correct.")
    return account, None


def begin_second_factor(request, account):
    request.session.cycle_key()
    request.session[SESSION_PENDING] = account.pk


def pending_account(request):
    pk = request.session.get(SESSION_PENDING)
    return StaffAccount.objects.filter(pk=pk, is_active=True).first() if pk else None


def complete_login(request, account, *, otp_verified):
    clear_failures(PLATFORM_REALM, account.username)
    request.session.cycle_key()  # no session fixation
    request.session.pop(SESSION_PENDING, None)
    request.session[SESSION_ACCOUNT] = account.pk
    request.session[SESSION_HASH] = account.session_hash()
    request.session[SESSION_OTP] = bool(otp_verified)
    request.session[SESSION_LAST_SEEN] = timezone.now().timestamp()
    account.last_login = timezone.now()
    account.save(update_fields=["last_login"])
    audit.record(Action.LOGIN, request=request, account=account, otp=bool(otp_verified))


def platform_account(request):
    """The signed-in account of a platform session, or None (checks password changes, deactivation)."""
    pk = request.session.get(SESSION_ACCOUNT)
    if not pk:
        return None
    account = StaffAccount.objects.filter(pk=pk, is_active=True).first()
    if account is None or request.session.get(SESSION_HASH) != account.session_hash():
        request.session.flush()
        return None
    if account.needs_2fa() and not request.session.get(SESSION_OTP):
        # A grant above editor was added after this session began: it must pass 2FA first.
        request.session.pop(SESSION_ACCOUNT, None)
        request.session[SESSION_PENDING] = account.pk
        return None
    return account


def platform_logout(request, account, action=Action.LOGOUT):
    if account is not None:
        audit.record(action, request=request, account=account)
    request.session.flush()


def platform_url(request, path="/"):
    host = settings.SITEGROUP_PLATFORM_HOSTS[0]
    return site_url(request, host, path)


# --- Hand-off into a site --------------------------------------------------------------------

def issue_handoff(request, account, grant, next_url=""):
    nonce = secrets.token_urlsafe(32)
    HandoffToken.objects.create(account=account, site=grant.site, nonce=nonce, next_url=next_url[:500],
                                otp_verified=bool(request.session.get(SESSION_OTP)))
    token = signing.dumps({"n": nonce, "s": grant.site.pk}, salt=HANDOFF_SALT, compress=True)
    domain = grant.site.primary_domain_name()
    return site_url(request, domain, "/admin/handoff/?token=" + token)


class HandoffRefused(Exception):
    pass


def redeem_handoff(request, token, site):
    """Validate a hand-off token on the site it was made for. Returns (account, grant, next_url)."""
    try:
        payload = signing.loads(token or "", salt=HANDOFF_SALT, max_age=settings.SITEGROUP_HANDOFF_MAX_AGE)
    except signing.SignatureExpired:
        raise HandoffRefused(_("This sign-in link has expired. Go back to the platform and open the site again."))
    except signing.BadSignature:
        raise HandoffRefused(_("This sign-in link is not valid."))
    if payload.get("s") != site.pk:
        raise HandoffRefused(_("This sign-in link was made for another site."))
    now = timezone.now()
    oldest = now - timedelta(seconds=settings.SITEGROUP_HANDOFF_MAX_AGE)
    with transaction.atomic():
        claimed = HandoffToken.objects.filter(
            nonce=payload.get("n"), site=site, used_at__isnull=True, created_at__gte=oldest,
        ).update(used_at=now)
        if claimed != 1:
            raise HandoffRefused(_("This sign-in link has already been used."))
        handoff = HandoffToken.objects.select_related("account").get(nonce=payload["n"])
    account = handoff.account
    grant = SiteGrant.objects.filter(account=account, site=site).first()
    if not account.is_active or grant is None:
        raise HandoffRefused(_("You have no access to this site."))
    if grant.needs_2fa and not handoff.otp_verified:
        raise HandoffRefused(_("This role needs two-factor authentication: sign in again on the platform."))
    return account, grant, handoff


def sync_site_user(account, grant):
    """Create or update the site's auth.User for this grant. Runs in the site's schema."""
    User = get_user_model()
    link = SiteUserLink.objects.filter(account=account, site=grant.site).first()
    user = User.objects.filter(pk=link.user_id).first() if link else None
    if user is None:
        username = account.username
        if User.objects.filter(username=username).exists():
            username = f"{account.username}~staff{account.pk}"
        user = User(username=username)
        user.set_unusable_password()
    user.first_name = (account.full_name or account.username)[:150]
    user.last_name = ""
    user.email = account.email
    user.is_active = True
    user.is_staff = False
    user.is_superuser = grant.role == Role.SITE_ADMIN and not grant.section_path
    user.save()
    if link is None:
        SiteUserLink.objects.update_or_create(account=account, site=grant.site, defaults={"user_id": user.pk})
    elif link.user_id != user.pk:
        link.user_id = user.pk
        link.save(update_fields=["user_id"])
    user.groups.set(groups_for(grant))
    return user


def groups_for(grant):
    if not grant.section_path:
        if grant.role == Role.SITE_ADMIN:
            return []
        return [Group.objects.get(name=ROLE_GROUPS[grant.role])]
    return [section_group(grant.role, grant.section_path)]


SECTION_PAGE_PERMISSIONS = {
    Role.EDITOR: ["add_page", "change_page"],
    Role.MODERATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.SITE_ADMIN: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page"],
}


def section_group(role, section_path):
    """A group with page permissions on one section only (grants after a move-up)."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    page = Page.objects.filter(url_path=section_path).first()
    if page is None:
        raise HandoffRefused(_("The section %(path)s of this grant does not exist on this site.")
                             % {"path": section_path})
    group, created = Group.objects.get_or_create(name=f"{role} @ {section_path}"[:150])
    if created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                     codename="access_admin"))
        for codename in SECTION_PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.create(
                group=group, page=page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename))
        root = Collection.get_first_root_node()
        for app, codenames in (("wagtailimages", ["add_image", "choose_image"]),
                               ("wagtaildocs", ["add_document", "choose_document"])):
            for codename in codenames:
                GroupCollectionPermission.objects.create(
                    group=group, collection=root,
                    permission=Permission.objects.get(content_type__app_label=app, codename=codename))
    return group


def disable_site_user(account, site):
    """After a grant is revoked: the site's user loses every right (runs in the site's schema)."""
    link = SiteUserLink.objects.filter(account=account, site=site).first()
    if link is None:
        return
    User = get_user_model()
    user = User.objects.filter(pk=link.user_id).first()
    if user is not None:
        user.is_active = False
        user.is_superuser = False
        user.save(update_fields=["is_active", "is_superuser"])
        user.groups.clear()
