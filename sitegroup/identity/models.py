"""Staff directory, grants, hand-off tokens, login throttling and the audit log (public schema).

A person has one StaffAccount for the whole cluster. What they may do on a site is a
SiteGrant; when they enter a site, a matching auth.User is created or updated inside that
site's schema (SiteUserLink remembers which one) and its Wagtail groups follow the role.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    SITE_ADMIN = "site_admin", _("Site administrator")


# Roles that always need a second factor.
ROLES_NEEDING_2FA = {Role.MODERATOR, Role.SITE_ADMIN}


class StaffAccount(models.Model):
    username = models.CharField(_("user name"), max_length=64, unique=True)
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
        """Changes when the password changes, ending every session opened with the old one."""
        return salted_hmac("sitegroup.identity.session", self.password).hexdigest()

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
    """Consecutive failures per (realm, user name); realm is "platform" or a site's schema.

    Kept per user name, not per account, so unknown names lock the same way and the
    response does not reveal which names exist.
    """

    realm = models.CharField(max_length=64)
    username = models.CharField(max_length=150)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["realm", "username"], name="identity_throttle_key")]

    def is_locked(self, now=None):
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))

    def minutes_left(self):
        return max(1, int((self.locked_until - timezone.now()) / timedelta(minutes=1)) + 1)


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
