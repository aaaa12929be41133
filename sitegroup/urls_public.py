"""URLs of the platform host (public schema). No Wagtail here: that schema has no pages."""
from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

from sitegroup.safety import views as safety_views

from search import views as search_views
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.directory, name="site_directory"),
    path("search/", search_views.cluster_search, name="cluster_search"),
    path("api/search/", search_views.search_api, name="cluster_search_api"),
    # Staff sign-in (password, lockout, TOTP), site switcher and hand-off, accounts and grants, audit log.
    path("", include("sitegroup.identity.urls")),
    path("console/findings/", safety_views.findings, name="safety_findings"),
    path("", include("search.urls")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
