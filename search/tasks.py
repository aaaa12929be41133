"""Index work queued through django-tasks, carrying the site's schema with it.

A worker runs in the public schema; each task re-enters the schema it was queued from
(field notes: without that, tasks act on the wrong tenant or fail).
"""
from django_tasks import task
from django_tenants.utils import schema_context


@task()
def reindex_subtree(schema_name, page_id):
    from wagtail.models import Page

    from .indexing import index_subtree

    with schema_context(schema_name):
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            index_subtree(page)


@task()
def reindex_site(site_id):
    from tenants.models import Tenant

    from .reindex import rebuild_site

    tenant = Tenant.objects.filter(pk=site_id).first()
    if tenant is not None:
        rebuild_site(tenant)


@task()
def resegment(words):
    """After the dictionary changed: re-cut the indexed documents holding these words."""
    from .backends.base import get_backend

    return get_backend().resegment(words)
