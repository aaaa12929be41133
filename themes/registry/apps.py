from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemeRegistryConfig(AppConfig):
    """The theme registry: shared artefacts, in the public schema (SHARED_APPS)."""

    name = "themes.registry"
    label = "theme_registry"
    verbose_name = _("Theme registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .signals import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
