from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    """Publish-time checks and per-site rule settings (each site's schema)."""

    name = "accessibility"
    verbose_name = _("Accessibility")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every page type that keeps Wagtail's default form gets the publish-time check.
        # (A documented Wagtail extension point; page types stay unaware of it.)
        from wagtail.admin.forms import WagtailAdminPageForm
        from wagtail.models import Page

        from .forms import AccessibilityCheckedPageForm

        if getattr(Page, "base_form_class", WagtailAdminPageForm) is WagtailAdminPageForm:
            Page.base_form_class = AccessibilityCheckedPageForm
