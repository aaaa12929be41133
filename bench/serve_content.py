"""The sites `bench/serve.py` serves, built the same way for both installs compared.

Sitegroup: three township sites, each its own schema (provisioned as operators do).
Plain Wagtail: the same three sites in ONE schema (`site_plainwagtail`): three home pages with
the same columns and items, three Wagtail Site records told apart by hostname, the way a team
without django-tenants would run a multi-site Wagtail.
"""
import datetime

SITES = [("alpha", "甲山镇人民政府"), ("beta", "乙水镇人民政府"), ("gamma", "丙林街道办事处")]
PLAIN_SLUG = "plainwagtail"
PLAIN_SCHEMA = "site_plainwagtail"
ITEMS = {"news": 40, "notices": 20, "services": 8}
SEARCH_WORD = "集约化"


def sitegroup_host(slug):
    return f"{slug}.localhost"


def plain_host(slug):
    return f"{slug}.plain.localhost"


def fill_site(home, name):
    """The same items under the standard columns of `home` (inside the schema that holds it)."""
    from django.utils import timezone
    from wagtail.models import Page

    from themes.models import ArticlePage, NoticePage

    now = timezone.now()
    columns = {page.slug: page for page in Page.objects.child_of(home)}
    for column_slug, count in ITEMS.items():
        column = columns[column_slug]
        model = NoticePage if column_slug == "notices" else ArticlePage
        for i in range(count):
            # Created live, without the publishing workflow (the search index is rebuilt afterwards):
            # what is served is the same, and building takes seconds instead of minutes.
            published = now - datetime.timedelta(hours=i)
            page = model(title=f"{name}{column.title}第{i + 1}条：推进政府网站{SEARCH_WORD}建设",
                         slug=f"item-{i + 1}", summary=f"{name}发布的第{i + 1}条信息摘要。",
                         body=f"<p>{name}在{column.title}栏目发布的正文，第{i + 1}条。</p>" * 5,
                         source=f"{name}办公室", publish_date=published, live=True,
                         first_published_at=published, last_published_at=published)
            column.add_child(instance=page)


def build(progress=print):
    """Create both installs' sites in the current (empty) registry."""
    from django_tenants.utils import schema_context
    from wagtail.models import Page, Site

    from tenants.models import Domain
    from tenants.provisioning import SiteSpec, provision_site
    from themes.skeleton import build_site_skeleton

    city = provision_site(SiteSpec(slug="benchcity", name="基准市人民政府", level="city"))
    district = provision_site(SiteSpec(slug="benchdistrict", name="基准区人民政府", level="district",
                                       parent=city.slug))
    for slug, name in SITES:
        progress(f"  Sitegroup site {slug} (own schema) ...")
        tenant = provision_site(SiteSpec(slug=slug, name=name, level="township", parent=district.slug))
        with schema_context(tenant.schema_name):
            fill_site(Site.objects.get().root_page, name)

    # One schema for all three plain sites. It is provisioned (a cloned schema is the quickest
    # way to get Wagtail's tables); the plain install never routes through the registry.
    plain = provision_site(SiteSpec(slug=PLAIN_SLUG, name="单库多站点", level="township", parent=district.slug))
    Domain.objects.filter(tenant=plain).delete()   # nothing routes to it by Host
    with schema_context(plain.schema_name):
        Site.objects.all().delete()
        for page in Page.get_first_root_node().get_children():
            page.delete()
        for index, (slug, name) in enumerate(SITES):
            progress(f"  plain Wagtail site {slug} (shared schema) ...")
            plain.name = name
            home = build_site_skeleton(plain)
            home.slug = f"home-{slug}"
            home.save()
            Site.objects.create(hostname=plain_host(slug), port=80, site_name=name, root_page=home,
                                is_default_site=index == 0)
            fill_site(home, name)
