"""Platform-host URLs of content safety (included by sitegroup/urls_public.py)."""
from django.urls import path

from . import views

urlpatterns = [
    path("console/findings/", views.findings, name="safety_findings"),
    path("console/findings/<int:pk>/take-down/", views.take_down, name="safety_take_down"),
    path("console/findings/<int:pk>/false-positive/", views.false_positive, name="safety_false_positive"),
    path("console/safety/runs/", views.runs, name="safety_runs"),
    path("console/safety/sites/<slug:slug>/scan/", views.scan_now, name="safety_scan_now"),
    path("console/safety/sites/<slug:slug>/settings/", views.site_settings, name="safety_site_settings"),
    path("console/safety/sites/<slug:slug>/lexicon/", views.site_lexicon, name="safety_site_lexicon"),
    path("console/safety/lexicon/", views.platform_lexicon, name="safety_lexicon"),
    path("console/safety/lexicon/versions/<int:pk>/", views.lexicon_version, name="safety_lexicon_version"),
]
