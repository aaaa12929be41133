"""URLs of the platform host (public schema). No Wagtail here: that schema has no pages."""
from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

from search import views as search_views
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.directory, name="site_directory"),
    path("search/", search_views.cluster_search, name="cluster_search"),
    path("api/search/", search_views.search_api, name="cluster_search_api"),
    # Staff sign-in (password, lockout, TOTP).
    path("", include("sitegroup.identity.urls")),
    # The platform console: every app's registered sections (sitegroup/console).
    path("console/", include("sitegroup.console.urls")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()

handler500 = "sitegroup.errors.server_error"
