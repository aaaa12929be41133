"""A page cache that knows sites: anonymous responses served from the shared cache with no query,
purged precisely when content changes. See docs/page-cache.md.

Other apps use:
- ``sitegroup.pagecache.purge``: ``purge_page``, ``purge_paths``, ``purge_site``, ``purge_listings``,
  ``purge_everything`` (each takes effect when the current transaction commits);
- ``sitegroup.pagecache.signals.page_served``: sent for every GET/HEAD the middleware answers,
  from the cache or not (visit counting plugs in there).
"""
