from django_tenants.utils import tenant_context

from .backends.base import get_backend
from .indexing import site_documents
from .sources import source_documents


def rebuild_site(tenant, backend=None):
    """Rebuild one site's documents; searches meanwhile see the old set until the swap."""
    backend = backend or get_backend()
    if tenant.status in (tenant.Status.CLOSED, tenant.Status.ARCHIVED):
        backend.delete_site(tenant)
        return 0
    with tenant_context(tenant):
        documents = list(site_documents()) + list(source_documents())
    backend.replace_site(tenant, documents)
    return len(documents)
