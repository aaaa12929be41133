"""Builds a new site's home page and standard columns (called by tenants.provisioning).

tenants decides *which* columns a level gets; this module knows the page types.
"""
from django.utils import timezone
from wagtail.models import Locale, Page

from .models import ColumnPage, DisclosureCataloguePage, HomePage


def build_site_skeleton(tenant, columns):
    """Create the home page and the given columns under the tree root; return the home page.

    Runs inside the new site's schema. `columns` is a list of dicts with slug, title,
    column_type and description (tenants.provisioning.STANDARD_COLUMNS).
    """
    # Created live without a revision each: the publish workflow (revisions, log
    # entries, signals) costs more than the whole schema clone and adds nothing to
    # empty structural pages; their first edit starts their history.
    now = timezone.now()
    live = {"live": True, "first_published_at": now, "last_published_at": now}
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=tenant.name, slug="home", locale=Locale.get_default(), **live))
    for spec in columns:
        if spec["column_type"] == ColumnPage.ColumnType.DISCLOSURE:
            page = DisclosureCataloguePage(title=spec["title"], slug=spec["slug"])
        else:
            page = ColumnPage(title=spec["title"], slug=spec["slug"], column_type=spec["column_type"],
                              description=spec.get("description", ""))
        page.show_in_menus = True
        for key, value in live.items():
            setattr(page, key, value)
        home.add_child(instance=page)
    return home
