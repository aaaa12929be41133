"""URLs of every site (tenant schema): Wagtail admin, documents, media and pages."""
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views
from sitegroup.identity import handoff, site_auth
from tenants import views as tenant_views
from themes import sitemaps as theme_sitemaps
from themes import views as theme_views

urlpatterns = [
    # Staff sign in on the platform; /admin/login/ sends them there (local break-glass login for the
    # site's own superusers with ?local=1 when SITEGROUP_SITE_LOCAL_LOGIN allows it).
    path("admin/login/", site_auth.site_login, name="sitegroup_site_login"),
    path("admin/handoff/", handoff.site_handoff, name="sitegroup_site_handoff"),
    path("admin/", include(wagtailadmin_urls)),
    # Every form on a site that checks a secret goes through the platform lockout (site_auth).
    # (Same paths as Wagtail's own views, listed first; Wagtail's URL names still reverse to them.)
    path("documents/authenticate_with_password/<int:restriction_id>/", site_auth.collection_password),
    path("documents/", include(wagtaildocs_urls)),
    path("theme.css", theme_views.site_stylesheet, name="site_stylesheet"),
    path("favicon.ico", theme_views.favicon, name="site_favicon"),
    path("robots.txt", tenant_views.robots_txt, name="site_robots_txt"),
    path("sitemap.xml", theme_sitemaps.sitemap_xml, name="site_sitemap_xml"),
    path("search/", search_views.site_search, name="site_search"),
    path("api/search/", search_views.search_api, name="site_search_api"),
    re_path(r"^media/(?P<schema>[a-z_][a-z0-9_]*)/(?P<path>.+)$", tenant_views.serve_media, name="site_media"),
    # The site's feeds (RSS, JSON Feed) and the images of items it received from other sites.
    path("", include("syndication.urls")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()

# Pages: Chinese at the root, other languages under their prefix (/en/...); the site map (网站地图)
# comes before the page tree, so a top-level page may not be called "sitemap" (themes/slugs.py).
urlpatterns += i18n_patterns(
    path("_util/login/", site_auth.site_login),
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", site_auth.page_password),
    path("sitemap/", theme_sitemaps.site_map, name="site_map"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "sitegroup.errors.server_error"
