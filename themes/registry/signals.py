from django.db import connection
from django_tenants.utils import get_public_schema_name


def sync_after_migrate(sender, **kwargs):
    """Keep the registry in step with the theme folders after every `migrate`."""
    if connection.schema_name != get_public_schema_name():
        return
    from .library import sync_themes

    verbosity = kwargs.get("verbosity", 1)
    sync_themes(log=print if verbosity > 1 else (lambda message: None))
