from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Site registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import hostcache, prefetch, wagtail_site
        from .moveup.public import redirect_moved_site
        from .signals import closed_site_request

        closed_site_request.connect(redirect_moved_site, dispatch_uid="tenants.moveup.redirect_moved_site")
        hostcache.connect_signals()
        wagtail_site.connect_signals()
        prefetch.register(wagtail_site.keys_for)
        # Apps name the public rows that belong to a site, for its backups (tenants/backup/registry.py).
        autodiscover_modules("site_backup")
