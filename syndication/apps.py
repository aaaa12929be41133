from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SyndicationConfig(AppConfig):
    """Pushes down the hierarchy, submissions up it, and feeds (a table set in every site's schema)."""

    name = "syndication"
    verbose_name = pgettext_lazy("syndication", "Syndication")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
        from .feeds import signals as feed_signals  # noqa: F401
