"""`check --deploy`: the client address behind the reverse proxy.

Production settings expect a reverse proxy (deploy/nginx.conf). If none of its addresses is in
SITEGROUP_TRUSTED_PROXIES, every request seems to come from the proxy: the audit log loses the
client's address and the per-address lockout pauses everyone together.
"""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def trusted_proxies_configured(app_configs, **kwargs):
    if settings.DEBUG or not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    if settings.SITEGROUP_TRUSTED_PROXIES:
        return []
    return [Warning(
        "SITEGROUP_TRUSTED_PROXIES is empty: behind the reverse proxy every client has the proxy's address, "
        "in the audit log and for the lockout per address.",
        hint="Set SITEGROUP_TRUSTED_PROXIES to the proxy's addresses, e.g. 127.0.0.1,::1 for deploy/nginx.conf "
             "on the same machine.",
        id="sitegroup.W001")]
