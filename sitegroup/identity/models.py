"""Staff directory, grants, hand-off tokens, login throttling and the audit log (public schema).

A person has one StaffAccount for the whole cluster. What they may do on a site is a
SiteGrant; when they enter a site, a matching auth.User is created or updated inside that
site's schema (SiteUserLink remembers which one) and its Wagtail groups follow the role.
"""
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .usernames import validate_username


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    SITE_ADMIN = "site_admin", _("Site administrator")


# Roles that always need a second factor.
ROLES_NEEDING_2FA = {Role.MODERATOR, Role.SITE_ADMIN}


class StaffAccount(models.Model):
    username = models.CharField(
        _("user name"), max_length=64, unique=True, validators=[validate_username],
        help_text=_("Letters a–z, digits and . _ @ - (stored in lower case)."))
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    password = models.CharField(_("password"), max_length=255)
    is_active = models.BooleanField(_("active"), default=True)
    is_operator = models.BooleanField(
        _("platform operator"), default=False,
        help_text=_("Operators manage accounts and grants and read the audit log."))
    require_2fa = models.BooleanField(
        _("require two-factor authentication"), default=False,
        help_text=_("Always required for operators and for roles above editor."))
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed = models.BooleanField(_("authenticator app set up"), default=False)
    # Last TOTP time step accepted: a code is never accepted twice.
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    last_login = models.DateTimeField(_("last login"), null=True, blank=True)
    # Raised by a platform logout: every session of the person, on the platform and on every
    # site, carries the old value in its session hash and ends.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
        ordering = ["username"]

    def __str__(self):
        return self.full_name and f"{self.full_name} ({self.username})" or self.username

    def set_password(self, raw_password):
        self.password = make_password(raw_password)

    def check_password(self, raw_password):
        def setter(raw):
            self.set_password(raw)
            StaffAccount.objects.filter(pk=self.pk).update(password=self.password)
        return check_password(raw_password, self.password, setter)

    def session_hash(self):
        """Changes with the password, the second factor and at logout, ending every session
        (platform and sites) opened before."""
        value = f"{self.password}|{self.totp_secret}|{self.session_epoch}"
        return salted_hmac("sitegroup.identity.session", value).hexdigest()

    def needs_2fa(self):
        if settings.SITEGROUP_2FA_REQUIRED_FOR_ALL or self.require_2fa or self.is_operator:
            return True
        return self.grants.filter(role__in=ROLES_NEEDING_2FA).exists()


class SiteGrant(models.Model):
    account = models.ForeignKey(StaffAccount, on_delete=models.CASCADE, related_name="grants",
                                verbose_name=_("account"))
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="staff_grants",
                             verbose_name=_("site"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # Limits the grant to one section (a Wagtail page path such as "/home/taoyuan/"), e.g.
    # for the editors of a township after its site moved up into its parent.
    section_path = models.CharField(_("section"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)
    created_by = models.ForeignKey(StaffAccount, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("site grant")
        verbose_name_plural = _("site grants")
        constraints = [models.UniqueConstraint(fields=["account", "site"], name="identity_one_grant_per_site")]

    def __str__(self):
        return f"{self.account.username} → {self.site.slug}: {self.get_role_display()}"

    @property
    def needs_2fa(self):
        return self.role in ROLES_NEEDING_2FA


class SiteUserLink(models.Model):
    """Which auth.User inside a site's schema stands for which StaffAccount."""

    account = models.ForeignKey(StaffAccount, on_delete=models.CASCADE, related_name="site_users")
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    user_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "site"], name="identity_one_user_per_site"),
            models.UniqueConstraint(fields=["site", "user_id"], name="identity_user_linked_once"),
        ]


class HandoffToken(models.Model):
    """A single-use pass from the console into one site's admin, valid for a minute."""

    account = models.ForeignKey(StaffAccount, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64, unique=True)
    next_url = models.CharField(max_length=500, blank=True)
    otp_verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)


class LoginThrottle(models.Model):
    """Failed attempts at one secret from one client address, or from every address ("*").

    `subject` names what was guessed at: a staff account ("staff:<id>"), a site's own user
    ("site-user:<schema>:<id>"), a name that matches no account ("staff-name:<name>", so unknown
    names lock the same way and the answer does not tell which names exist) or a page's or
    collection's password. Counted by sitegroup.identity.lockout, before the secret is checked.
    """

    subject = models.CharField(max_length=200)
    scope = models.CharField(max_length=64)  # a client address (an IPv6 /64), or "*" for every address
    label = models.CharField(max_length=150, blank=True)  # the name as typed, for the console
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "scope"], name="identity_throttle_subject_scope")]

    def __str__(self):
        return f"{self.subject} @ {self.scope}: {self.failures}"


class KnownAddress(models.Model):
    """An address a subject completed a sign-in from: exempt from the every-address lock."""

    subject = models.CharField(max_length=200)
    address = models.CharField(max_length=64)
    last_success_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "address"], name="identity_known_address")]


class AuditLogEntry(models.Model):
    """Who did what, when, where and from which address: platform and every site."""

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    account = models.ForeignKey(StaffAccount, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("account"))
    # The name as it was, also for unknown names in failed logins and for local site users.
    actor = models.CharField(_("who"), max_length=150, blank=True, db_index=True)
    site = models.ForeignKey("tenants.Tenant", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("site"))
    site_slug = models.CharField(_("site"), max_length=64, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["site_slug", "-timestamp"], name="identity_audit_site_time")]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.site_slug}"
