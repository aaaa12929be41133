"""Counting page views served by the page cache (cached and rendered alike), when it is installed."""
from django.apps import apps

from .visits import config, record_visit

# Not page views of the public site: the admin, Wagtail's front-end login, files.
NOT_PAGES = ("/admin/", "/_util/", "/static/", "/media/", "/documents/")


def count_page_view(sender, schema, path, request, response, cached=False, **kwargs):
    if not config()[0]:  # SITEGROUP_VISITS_ENABLED
        return
    if request.method != "GET" or response.status_code != 200 or path.startswith(NOT_PAGES):
        return
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    record_visit(schema, path, request)


if apps.is_installed("sitegroup.pagecache"):
    from sitegroup.pagecache.signals import page_served

    page_served.connect(count_page_view, dispatch_uid="health_count_page_view")
