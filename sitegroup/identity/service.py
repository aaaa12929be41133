"""The platform session (sign-in steps, sign-out), the hand-off token into a site, and mirroring a grant
into the site's own user and groups. Counting attempts is lockout.py's; the pages are sign_in.py's and
handoff.py's."""
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.middleware import site_url

from . import audit, lockout, usernames
from .audit import Action
from .models import HandoffToken, Role, SiteGrant, SiteUserLink, StaffAccount
from .redirects import safe_path

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


# --- Platform session ------------------------------------------------------------------------

def find_account(typed_name):
    """The account a typed sign-in name stands for (every spelling of a name finds the same one)."""
    name = usernames.canonical(typed_name)
    return StaffAccount.objects.filter(username=name).first() if name else None


def authenticate_password(request, typed_name, password):
    """Returns (account, error message). The attempt is counted before the password is checked."""
    account = find_account(typed_name)
    password = password or ""

    def verify():
        if account is None:
            make_password(password)  # the same hashing work as a real check: the time tells no names
            return False
        return account.check_password(password) and account.is_active

    try:
        if lockout.check(request, lockout.staff(account, typed_name), verify):
            return account, None
    except lockout.Locked as locked:
        return None, locked.message
    return None, _("The user name or password is not correct.")


def begin_second_factor(request, account):
    request.session.cycle_key()
    request.session[SESSION_PENDING] = account.pk


def pending_account(request):
    pk = request.session.get(SESSION_PENDING)
    return StaffAccount.objects.filter(pk=pk, is_active=True).first() if pk else None


def complete_login(request, account, *, otp_verified):
    lockout.succeeded(request, lockout.staff(account))
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


def platform_logout(request, account, action=Action.LOGOUT, *, everywhere=False):
    """End the platform session; `everywhere` (a signed-in person logging out) also ends every other
    session of the person, on the platform and on every site, through the session hash."""
    if account is not None:
        audit.record(action, request=request, account=account, everywhere=everywhere)
        if everywhere:
            StaffAccount.objects.filter(pk=account.pk).update(session_epoch=F("session_epoch") + 1)
            # A hand-off still on its way would open a site session after the logout.
            HandoffToken.objects.filter(account=account, used_at__isnull=True).update(used_at=timezone.now())
    request.session.flush()


def platform_url(request, path="/"):
    host = settings.SITEGROUP_PLATFORM_HOSTS[0]
    return site_url(request, host, path)


# --- Hand-off into a site --------------------------------------------------------------------

def issue_handoff(request, account, grant, next_url=""):
    next_url = safe_path(next_url, default="/admin/")
    nonce = secrets.token_urlsafe(32)
    HandoffToken.objects.create(account=account, site=grant.site, nonce=nonce,
                                next_url=next_url if len(next_url) <= 500 else "/admin/",
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
        raise HandoffRefused(
            _("This sign-in link has expired. Go back to the platform and open the site again.")) from None
    except signing.BadSignature:
        raise HandoffRefused(_("This sign-in link is not valid.")) from None
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
