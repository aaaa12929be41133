"""Platform-host URLs of staff sign-in (included by sitegroup/urls_public.py).

The console pages of identity (site switcher, accounts and grants, audit log, the person's own
second factor) are registered as console sections in console.py.
"""
from django.urls import path

from . import second_factor, sign_in

urlpatterns = [
    path("login/", sign_in.login_view, name="identity_login"),
    path("login/2fa/", sign_in.otp_verify, name="identity_otp"),
    path("login/2fa/setup/", second_factor.enrol, name="identity_otp_setup"),
    path("login/2fa/qr.svg", second_factor.qr_code, name="identity_otp_qr"),
    path("logout/", sign_in.logout_view, name="identity_logout"),
]
