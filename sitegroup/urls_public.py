"""URLs of the platform host (public schema). No Wagtail here: that schema has no pages."""
from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

from search import views as search_views
from sitegroup.language import choose_language
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.directory, name="site_directory"),
    path("search/", search_views.cluster_search, name="cluster_search"),
    path("api/search/", search_views.search_api, name="cluster_search_api"),
    path("robots.txt", tenant_views.robots_txt, name="platform_robots_txt"),
    path("favicon.ico", tenant_views.platform_favicon, name="platform_favicon"),
    # The language switch of platform pages (sitegroup/language.py).
    path("language/<str:code>/", choose_language, name="choose_language"),
    # Staff sign-in (password, lockout, TOTP).
    path("", include("sitegroup.identity.urls")),
    # The platform console: every app's registered sections (sitegroup/console).
    path("console/", include("sitegroup.console.urls")),
    # Every site's items of one column type as RSS / JSON Feed.
    path("", include("syndication.urls_public")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()

handler500 = "sitegroup.errors.server_error"
