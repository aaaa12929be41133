"""A site's map for people (网站地图, /sitemap/) and for search engines (/sitemap.xml).

Both come from the site's page tree, so they are never out of date and need no editing:

* /sitemap/ is a route, not a page type: every site has it from the start, it cannot be
  deleted or left empty, and it lists the site's columns (栏目) and other section pages as a
  tree, in the theme, without the individual articles (those are what the columns list);
* /sitemap.xml lists every live, public page of the site in every language, on the host the
  request came to (so a site's sitemap never names another site's domain).

Both are plain views: a page cache in front can store them like any page.
"""
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from wagtail.models import Page, Site

from .models import ContentPage


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("This host has no site.")
    return site


class SitePages(Sitemap):
    """Every live public page under each language's home page of the request's site."""

    def __init__(self, request):
        self.request = request

    def items(self):
        roots = Page.objects.filter(translation_key=_site(self.request).root_page.translation_key)
        query = Q(pk__in=[])
        for root in roots:
            query |= Q(path__startswith=root.path)
        return Page.objects.filter(query).live().public().order_by("path").only(
            "url_path", "path", "depth", "last_published_at", "latest_revision_created_at", "locale_id")

    def location(self, page):
        # Relative: Django prefixes the request's scheme and host.
        return page.get_url(self.request)

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at


def sitemap_xml(request):
    return sitemap_view(request, {"pages": SitePages(request)})


def _tree(pages, root):
    """Nested [{page, children}] of `pages` (ordered by path) below `root`."""
    nodes = []
    by_path = {root.path: {"children": nodes}}
    for page in pages:
        node = {"page": page, "children": []}
        parent = by_path.get(page.path[:-Page.steplen])
        if parent is not None:          # below a page that is not listed (e.g. a draft): left out
            parent["children"].append(node)
            by_path[page.path] = node
    return nodes


def site_map(request):
    """网站地图: the site's sections (every live public page that is not an item) as a tree."""
    home = _site(request).root_page.localized
    pages = (Page.objects.descendant_of(home).live().public().not_type(ContentPage)
             .order_by("path").only("title", "url_path", "path", "depth"))
    return render(request, "themes/site_map.html", {"home": home, "sections": _tree(pages, home)})
