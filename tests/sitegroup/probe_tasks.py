"""A task for the queue tests: it leaves a mark in whatever schema it runs in."""
from django.db import connection
from django_tasks import task


@task()
def leave_a_mark(label):
    from wagtail.models import Collection

    Collection.get_first_root_node().add_child(name=label)
    return connection.schema_name


@task()
def home_page_path():
    """The site's home page path, reversed as search indexing and redirects reverse page URLs."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific.get_url_parts()[2]
