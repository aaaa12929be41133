"""Platform-host URLs of staff sign-in (included by sitegroup/urls_public.py).

The console pages of identity (site switcher, accounts and grants, audit log) are registered
as console sections in console.py.
"""
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.login_view, name="identity_login"),
    path("login/2fa/", views.otp_verify, name="identity_otp"),
    path("login/2fa/setup/", views.otp_setup, name="identity_otp_setup"),
    path("login/2fa/qr.svg", views.otp_qr, name="identity_otp_qr"),
    path("logout/", views.logout_view, name="identity_logout"),
]
