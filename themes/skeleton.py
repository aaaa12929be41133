"""A new site's home page and standard columns (called by tenants.provisioning through
SITEGROUP_SITE_SKELETON_BUILDER): which columns each level starts with lives here, next to the
page types, so tenants knows neither.
"""
from django.utils import timezone
from wagtail.models import Locale, Page

from tenants.models import Tenant

from .models import ColumnPage, DisclosureCataloguePage, HomePage

# The columns (栏目) every new site starts with, by level. Editors add more later.
_COMMON_COLUMNS = [
    {"slug": "news", "title": "新闻动态", "column_type": "news"},
    {"slug": "notices", "title": "通知公告", "column_type": "notice"},
    {"slug": "policies", "title": "政策文件", "column_type": "policy"},
    {"slug": "services", "title": "办事服务", "column_type": "service"},
    {"slug": "about", "title": "机构概况", "column_type": "about"},
    # Townships publish government information too (政务公开 reaches the grassroots).
    {"slug": "disclosure", "title": "政府信息公开", "column_type": "disclosure"},
]
_INTERACTION = {"slug": "interaction", "title": "互动交流", "column_type": "general"}
STANDARD_COLUMNS = {
    Tenant.Level.CITY: [*_COMMON_COLUMNS, _INTERACTION],
    Tenant.Level.DISTRICT: [*_COMMON_COLUMNS, _INTERACTION],
    Tenant.Level.TOWNSHIP: _COMMON_COLUMNS,
}


def build_site_skeleton(tenant):
    """Create the home page and the standard columns of the site's level under the tree root.

    Runs inside the new site's schema; returns the home page.
    """
    # Created live without a revision each: the publish workflow (revisions, log
    # entries, signals) costs more than the whole schema clone and adds nothing to
    # empty structural pages; their first edit starts their history.
    now = timezone.now()
    live = {"live": True, "first_published_at": now, "last_published_at": now}
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=tenant.name, slug="home", locale=Locale.get_default(), **live))
    for spec in STANDARD_COLUMNS[tenant.level]:
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
