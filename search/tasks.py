"""Index work queued through django-tasks, carrying the site's schema with it.

A worker runs in the public schema; each task re-enters the schema it was queued from
(field notes: without that, tasks act on the wrong tenant or fail). When the index has caught
up, the site's cached search pages are purged: they were cached from the old index in between.
"""
from django_tasks import task
from django_tenants.utils import schema_context


@task()
def reindex_subtree(schema_name, page_id):
    from wagtail.models import Page

    from sitegroup.pagecache.purge import purge_listings

    from .indexing import index_subtree

    with schema_context(schema_name):
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            index_subtree(page)
            purge_listings(schema_name)


@task()
def reindex_site(site_id):
    from sitegroup.pagecache.purge import purge_listings
    from tenants.models import Tenant

    from .reindex import rebuild_site

    tenant = Tenant.objects.filter(pk=site_id).first()
    if tenant is not None:
        rebuild_site(tenant)
        purge_listings(tenant)


@task()
def resegment(words):
    """After the dictionary changed: re-cut the indexed documents holding these words."""
    from .backends.base import get_backend

    return get_backend().resegment(words)
