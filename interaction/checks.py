"""`check --deploy`: personal data must be encrypted with keys of its own, not one derived from SECRET_KEY."""
from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def interaction_keys(app_configs, **kwargs):
    if settings.SITEGROUP_INTERACTION_KEYS:
        return []
    return [Warning("SITEGROUP_INTERACTION_KEYS is not set: writers' personal data is encrypted with a key "
                    "derived from DJANGO_SECRET_KEY.", hint="Set one or more Fernet keys (newest first).",
                    id="interaction.W001")]
