from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes and page types")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sitegroup.publishing.forms import add_to_every_page_form

        from . import (
            signals,  # noqa: F401  (the footer values child sites inherit)
            sitecache,
        )
        from .slugs import ReadableSlugFormMixin

        sitecache.connect_signals()
        # Every page type's form: optional, generated, stable slugs (applied again after wagtail.admin
        # resets Page's form class, then the publish checks go on top: sitegroup.publishing).
        add_to_every_page_form(ReadableSlugFormMixin)
