"""The only authentication backend: Django's ModelBackend behind the platform lockout.

It authenticates the users inside a site's schema, and only when a site's break-glass login
is on (SITEGROUP_SITE_LOCAL_LOGIN = "superusers") and only the site's own superusers (not the
users mirrored from staff accounts, whose passwords are unusable anyway). Every attempt is
counted before the password is checked (sitegroup.identity.lockout), whichever form called
authenticate(): Wagtail's admin login, its front-end login, anything added later. Staff sign
in on the platform (service.authenticate_password) and reach sites through the hand-off.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import audit, lockout
from .models import SiteUserLink

UserModel = get_user_model()


def break_glass_on():
    return settings.SITEGROUP_SITE_LOCAL_LOGIN == "superusers"


def is_break_glass_user(site, user):
    return (user.is_superuser and user.is_active
            and not SiteUserLink.objects.filter(site=site, user_id=user.pk).exists())


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        site = audit.current_site()
        if username is None or password is None or site is None or not break_glass_on():
            return None
        user = UserModel._default_manager.filter(**{UserModel.USERNAME_FIELD: username}).first()
        subject = lockout.site_user(site, user, username)

        def verify():
            if user is None:
                UserModel().set_password(password)  # the same hashing work: the time tells no names
                return False
            return user.check_password(password) and is_break_glass_user(site, user)

        try:
            if not lockout.check(request, subject, verify):
                return None
        except lockout.Locked as locked:
            if request is not None:
                request.sitegroup_lockout = locked  # the login view shows why
            raise PermissionDenied from None  # no other backend is asked
        lockout.succeeded(request, subject)
        return user
