from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The per-site page cache (no tables: everything lives in the `serving` cache)."""

    name = "sitegroup.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from .receivers import connect_receivers

        connect_receivers()
