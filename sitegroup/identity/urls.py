"""Platform-host URLs of the identity console (included by sitegroup/urls_public.py)."""
from django.urls import path

from . import console_moveup, console_sites, second_factor, views

urlpatterns = [
    path("login/", views.login_view, name="identity_login"),
    path("login/2fa/", views.otp_verify, name="identity_otp"),
    path("login/2fa/setup/", second_factor.enrol, name="identity_otp_setup"),
    path("login/2fa/qr.svg", second_factor.qr_code, name="identity_otp_qr"),
    path("logout/", views.logout_view, name="identity_logout"),
    path("console/", views.console_home, name="identity_console"),
    path("console/security/", second_factor.security, name="identity_security"),
    path("console/sites/<slug:slug>/enter/", views.enter_site, name="identity_enter_site"),
    path("console/accounts/", views.accounts, name="identity_accounts"),
    path("console/accounts/<int:pk>/", views.account_detail, name="identity_account"),
    path("console/grants/<int:pk>/", views.grant_change, name="identity_grant_change"),
    path("console/audit/", views.audit_log, name="identity_audit"),
    path("console/sites/", console_sites.sites, name="identity_sites"),
    path("console/sites/<slug:slug>/status/", console_sites.site_status, name="identity_site_status"),
    path("console/moves/", console_moveup.moves, name="identity_moves"),
    path("console/moves/start/", console_moveup.move_start, name="identity_move_start"),
    path("console/moves/<int:pk>/", console_moveup.move_change, name="identity_move_change"),
]
