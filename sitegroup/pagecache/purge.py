"""The purge API: what other apps call when something they changed is shown on cached pages.

Every function takes effect when the current transaction commits (at once outside one), and
costs a few cache writes whatever the number of cached variants. Sites are named by Tenant or
schema name, so a purge can reach another site than the one the connection is in (a city
pushing an item to its townships):

    from sitegroup.pagecache import purge
    purge.purge_page(page)                         # the page, its columns, home, listings (page's schema)
    purge.purge_paths(township, ["/notices/"])     # given paths on another site (and its listings)
    purge.purge_site(township)                     # everything of one site (theme, settings, domains)
    purge.purge_listings(township)                 # sitemaps, feeds, search pages, 404s
    purge.purge_everything()                       # every site (a shared theme changed)

The platform host's pages (the directory of sites, the cluster search) are listings of the
public schema: purged with every page purge and every site change.
"""

from django.db import connection
from django_tenants.utils import get_public_schema_name
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex

from . import frontend, store

# Wagtail hook: fn(page) -> iterable of other pages whose responses show `page` (e.g. a special
# topic gathering a column's items). Pages that link to `page` are found in Wagtail's reference
# index without a hook.
DEPENDENTS_HOOK = "page_cache_dependents"
# Every site's home pages (one per language) sit right below the tree root.
HOME_DEPTH = 2


def _schema(site):
    if site is None:
        return connection.schema_name
    return site if isinstance(site, str) else site.schema_name


def page_paths(page):
    """The public paths of `page` on its site: its own and those its get_cached_paths() names."""
    url_parts = page.get_url_parts()
    if not url_parts or not url_parts[2]:
        return []
    base = url_parts[2]
    paths = {base}
    for extra in page.get_cached_paths():
        paths.add(base.rstrip("/") + "/" + extra.lstrip("/") if extra != "/" else base)
    return sorted(paths)


def keys_for_page(page, schema, subtree=False):
    """(token keys, paths) that a change of `page` invalidates (read in the connection's schema)."""
    keys = []
    own_paths = page_paths(page)
    for path in own_paths:
        keys.append(store.page_key(schema, path))
        if subtree:
            keys.append(store.tree_key(schema, path))
    related = list(page.get_ancestors().filter(depth__gt=1).specific(defer=True))
    related += _referencing_pages(page)
    for hook in hooks.get_hooks(DEPENDENTS_HOOK):
        related += list(hook(page) or [])
    paths = list(own_paths)
    for other in related:
        paths += page_paths(other)
    keys += [store.page_key(schema, path) for path in paths[len(own_paths):]]
    if _shown_on_every_page(page):
        keys.append(store.site_gen_key(schema))
    return keys, paths


def _referencing_pages(page):
    source_ids = (ReferenceIndex.get_references_to(page)
                  .filter(base_content_type_id=ReferenceIndex._get_base_content_type(Page))
                  .values_list("object_id", flat=True))
    return list(Page.objects.filter(pk__in=[int(pk) for pk in source_ids if str(pk).isdigit()]).live())


def _shown_on_every_page(page):
    """A home page or a top-level page (a home page's child) is in every page's navigation."""
    return page.depth <= HOME_DEPTH + 1


def purge_page(page, *, subtree=False, site=None):
    """Purge `page`, the pages listing it (its ancestors: columns, home), pages that link to it,
    hook-declared dependents, and the listings of its site and of the platform.

    subtree=True also purges every page below it (their breadcrumbs and URLs follow it).
    `page` is read in the connection's schema; `site` defaults to it.
    """
    schema = _schema(site)
    keys, paths = keys_for_page(page, schema, subtree=subtree)
    keys += [store.listings_key(schema), store.listings_key(get_public_schema_name())]
    store.bump(keys)
    frontend.purge_paths(schema, paths)


def purge_paths(site, paths):
    """Purge the responses of the pages at `paths` on `site` (Tenant or schema name), and its listings."""
    schema = _schema(site)
    store.bump([store.page_key(schema, path) for path in paths]
               + [store.listings_key(schema), store.listings_key(get_public_schema_name())])
    frontend.purge_paths(schema, list(paths))


def purge_site(site=None):
    """Purge every cached response of `site` (Tenant or schema name; default: the connection's)."""
    schema = _schema(site)
    store.bump([store.site_gen_key(schema), store.listings_key(get_public_schema_name())])


def purge_listings(site=None):
    """Purge the listings of `site`: sitemaps, feeds, search pages, 404s, other non-page views."""
    store.bump([store.listings_key(_schema(site)), store.listings_key(get_public_schema_name())])


def purge_everything():
    """Purge every site's cached responses."""
    store.bump([store.everything_key()])
