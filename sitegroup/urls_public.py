"""URLs of the platform host (public schema). No Wagtail here: that schema has no pages."""
from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import path

from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.directory, name="site_directory"),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
