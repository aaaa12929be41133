"""The site taking over the legacy site's host, so that old URLs on the old host reach its 301s.

The host becomes one more domain of the site (an alias, never the primary) once the import has
completed: before that the redirects do not exist yet. Whether the host is free is checked before
anything is read, so a host another site holds refuses the import with nothing written.
"""
import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import remove_www

from tenants.models import Domain

from .importer import ImportRefused


def legacy_host(fetcher):
    """The legacy site's host as the platform's routing matches it (lowercase, without “www.”)."""
    return remove_www((urlsplit(fetcher.start_url).hostname or "").lower())


def _holder(tenant, host):
    return Domain.objects.filter(domain=host).exclude(tenant=tenant).select_related("tenant").first()


def check_free(tenant, host):
    """ImportRefused unless `host` can become a domain of `tenant` (valid, and no other site holds it)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ImportRefused(_("The legacy site is addressed by its IP address (%(host)s): only a host name can "
                              "become a domain of the site.") % {"host": host})
    try:
        Domain(domain=host, tenant=tenant, is_primary=False).full_clean(exclude=["tenant"], validate_unique=False)
    except ValidationError as error:
        raise ImportRefused(_("The legacy host cannot become a domain of the site: %(reason)s") % {
            "reason": " ".join(error.messages)}) from None
    holder = _holder(tenant, host)
    if holder is not None:
        raise ImportRefused(_("The legacy host %(host)s is already a domain of the site “%(site)s” (%(slug)s): "
                              "remove it there first, or import without taking over the domain.") % {
            "host": host, "site": holder.tenant.name, "slug": holder.tenant.slug})


def take_over(tenant, host):
    """Add `host` to the site's domains; returns a report entry (whether it was added, or why not)."""
    if Domain.objects.filter(domain=host, tenant=tenant).exists():
        return {"host": host, "added": False, "reason": _("already a domain of this site")}
    holder = _holder(tenant, host)
    if holder is None:
        try:
            with transaction.atomic():
                Domain.objects.create(domain=host, tenant=tenant, is_primary=False)
            return {"host": host, "added": True, "reason": ""}
        except IntegrityError:  # taken between the check and now
            holder = _holder(tenant, host)
    return {"host": host, "added": False, "reason": _("the site “%(site)s” took it during the import") % {
        "site": holder.tenant.name if holder else "?"}}
