from django_tasks import task
from wagtail.models import Page

from . import index


@task()
def reindex_feed_subtree(page_id):
    """Rewrite the feed entries of a page and everything below it (in the schema it was queued from)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        index.index_subtree(page)
