"""Keep the index in step with a site's pages. Runs inside the site's schema."""
from django.db import connection
from wagtail.models import Page

from .backends.base import get_backend
from .extract import is_indexable, page_document


def current_tenant():
    from tenants.models import Tenant

    return Tenant.objects.filter(schema_name=connection.schema_name).first()


def index_subtree(page, include_self=True):
    """(Re)index a page and its descendants: add what is public and live, drop the rest."""
    tenant = current_tenant()
    if tenant is None:
        return 0
    pages = Page.objects.descendant_of(page, inclusive=include_self).specific()
    documents, hidden = [], []
    for item in pages:
        (documents if is_indexable(item) and _reachable(item) else hidden).append(item)
    backend = get_backend()
    if hidden:
        backend.delete_pages(tenant, [p.pk for p in hidden])
    if tenant.status == tenant.Status.ACTIVE or tenant.status == tenant.Status.SUSPENDED:
        backend.index_documents(tenant, [page_document(p) for p in documents])
    return len(documents)


def _reachable(page):
    """A live page under an unpublished ancestor cannot be visited."""
    return not page.get_ancestors().filter(depth__gt=1, live=False).exists()


def remove_subtree(page):
    tenant = current_tenant()
    if tenant is not None:
        ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
        get_backend().delete_pages(tenant, ids or [page.pk])


def site_documents():
    """Every indexable page of the current site."""
    pages = Page.objects.filter(depth__gt=1, live=True).specific()
    unpublished = list(Page.objects.filter(depth__gt=1, live=False).values_list("path", flat=True))
    for page in pages:
        if any(page.path.startswith(path) for path in unpublished):
            continue
        if is_indexable(page):
            yield page_document(page)
