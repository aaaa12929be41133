from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The platform console (platform host only). Apps contribute sections from a `console` module."""

    name = "sitegroup.console"
    label = "console"
    verbose_name = _("Platform console")

    def ready(self):
        # Like django.contrib.admin's admin.py: every installed app's `console` module (if any) is
        # imported once, and registers its sections there.
        autodiscover_modules("console")
