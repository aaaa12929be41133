"""Site-health benchmark: the content checks over many generated sites (probes excluded).

    make bench                # or: .venv/bin/python bench/health.py [--sites 500] [--bound-per-site 0.5]

Runs against a throw-away database (`sitegroup_bench_health`). One township is provisioned and
filled (its standard columns, dated news and notices, an empty services column); the others are
copies of its schema made with the tenants app's schema cloner (tenants/schema_clone.py: the
DDL replayed, the rows copied), each registered with its own domain and Wagtail Site, and their
news dated per site in one UPDATE (every fifth site has let its news go stale, so its home page
fails). Then `run_site_health` is timed over all of them. Baseline, in the same run: entering each
site's schema and counting its live pages (the least any per-site check must do). Prints seconds
per site, the total against the bound, and the ratio to the baseline. `--keep` keeps the sites
for the next run.
"""
import argparse
import datetime
import time

from throwaway import drop_throwaway_database, use_throwaway_database

DATABASE = "sitegroup_bench_health"
NEWS_SLUGS = ("b0", "b1")


def news_ages(index):
    """Days since the site's two news items were published."""
    return [20 + index % 30, 25] if index % 5 == 0 else [1 + index % 10, 5]


def fill(site):
    """The seed township's content: two news items, two notices (40 and 200 days old), no services."""
    from django.utils import timezone
    from django_tenants.utils import tenant_context
    from wagtail.models import Page

    from themes.models import ArticlePage

    now = timezone.now()
    with tenant_context(site):
        for slug, ages in (("news", news_ages(0)), ("notices", [40, 200])):
            column = Page.objects.get(depth=3, slug=slug)
            for n, age in enumerate(ages):
                when = now - datetime.timedelta(days=age)
                column.add_child(instance=ArticlePage(title=f"基准信息{n}", slug=f"b{n}", publish_date=when,
                                                      body="<p>基准内容。</p>", live=True, first_published_at=when,
                                                      last_published_at=when))


def date_news(index):
    """Give the current site's news the dates of site `index` (one UPDATE per item)."""
    from django.utils import timezone
    from wagtail.models import Page

    from themes.models import ArticlePage

    now = timezone.now()
    news = Page.objects.get(depth=3, slug="news")
    for slug, age in zip(NEWS_SLUGS, news_ages(index), strict=True):
        when = now - datetime.timedelta(days=age)
        ArticlePage.objects.filter(path__startswith=news.path, slug=slug).update(
            publish_date=when, first_published_at=when, last_published_at=when)


def copy_site(seed, spec, index):
    """A new township whose schema is a copy of `seed`'s (registry row, domain, schema, Site)."""
    from django.db import connection, transaction
    from django_tenants.utils import schema_context
    from wagtail.models import Page, Site

    from tenants import schema_clone
    from tenants.provisioning import build_tenant

    tenant, domains = build_tenant(spec)
    with transaction.atomic():
        tenant.save()
        for domain in domains:
            domain.tenant = tenant
            domain.save()
        schema_clone.clone(seed.schema_name, tenant.schema_name, state=("bench-seed", seed.pk))
        with schema_context(tenant.schema_name):
            site = Site.objects.get(is_default_site=True)
            Site.objects.filter(pk=site.pk).update(hostname=domains[0].domain, site_name=tenant.name)
            Page.objects.filter(pk=site.root_page_id).update(title=tenant.name, draft_title=tenant.name)
            date_news(index)
    connection.set_schema_to_public()
    return tenant


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--bound-per-site", type=float, default=0.5,
                        help="seconds per site the whole run must stay under on average (bound = sites × this)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    use_throwaway_database(DATABASE)
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import tenant_context
    from tqdm import tqdm
    from wagtail.models import Page

    from sitegroup.health.runner import run_site_health
    from tenants.models import Tenant
    from tenants.provisioning import SiteSpec, provision_site

    print(f"Database: {connection.settings_dict['NAME']} (PostgreSQL), preparing schema and template ...")
    call_command("migrate", verbosity=0)
    city = Tenant.objects.filter(slug="hb-city").first() or provision_site(
        SiteSpec(slug="hb-city", name="基准市", level="city"))
    district = Tenant.objects.filter(slug="hb-district").first() or provision_site(
        SiteSpec(slug="hb-district", name="基准区", level="district", parent=city.slug))
    existing = set(Tenant.objects.filter(level="township").values_list("slug", flat=True))
    seed = Tenant.objects.filter(slug="hb-0").first()
    if seed is None:
        seed = provision_site(SiteSpec(slug="hb-0", name="基准镇0", level="township", parent=district.slug))
        fill(seed)
    started = time.perf_counter()
    made = 0
    for i in tqdm(range(1, args.sites), desc="generating sites (schema copies)", unit="site"):
        slug = f"hb-{i}"
        if slug not in existing:
            copy_site(seed, SiteSpec(slug=slug, name=f"基准镇{i}", level="township", parent=district.slug), i)
            made += 1
    if made:
        print(f"Generated {made} sites in {time.perf_counter() - started:.0f} s "
              f"({1000 * (time.perf_counter() - started) / made:.0f} ms/site)")
    sites = list(Tenant.objects.filter(level="township", slug__startswith="hb-").order_by("pk")
                 .prefetch_related("domains")[:args.sites])

    started = time.perf_counter()
    for site in tqdm(sites, desc="baseline", unit="site"):
        with tenant_context(site):
            Page.objects.live().count()
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    failing = 0
    for site in tqdm(sites, desc="health runs", unit="site"):
        failing += not run_site_health(site).passed
    total = time.perf_counter() - started
    bound = args.bound_per_site * len(sites)

    print(f"Sites: {len(sites)} ({failing} failing a veto item)")
    print(f"Health run (content checks, probes excluded): {total:.1f} s total, {1000 * total / len(sites):.1f} ms/site")
    print(f"Baseline (enter schema, count live pages):    {baseline:.1f} s total, "
          f"{1000 * baseline / len(sites):.1f} ms/site")
    print(f"Ratio health/baseline: {total / baseline:.1f}x")
    print(f"Bound: {bound:.0f} s for {len(sites)} sites — {'within' if total <= bound else 'OVER'} the bound")
    if not args.keep:
        drop_throwaway_database(DATABASE)
    if total > bound:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
