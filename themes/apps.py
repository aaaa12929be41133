from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes and page types")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import sitecache

        sitecache.connect_signals()
