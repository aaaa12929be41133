"""Signals of the page cache.

``page_served`` is sent by ``PageCacheMiddleware`` for every GET or HEAD request it answers,
whether the response came from the cache (``cached=True``) or was rendered, on site hosts and on
the platform host. kwargs: ``schema`` (the site's schema name, ``public`` for the platform),
``path`` (``request.path``), ``request``, ``response`` (check ``response.status_code`` and the
``Content-Type`` to decide what counts as a page view) and ``cached``.

Receivers run inside the request on every page view, so they must be cheap: no query, no
network call. Keep counts in memory or in the cache and write them out in batches; never store
the visitor's address or cookies (the national rules and our privacy promise).
"""
from django.dispatch import Signal

page_served = Signal()
