"""Site-health benchmark: the content checks over many generated sites (probes excluded).

    make bench                # or: .venv/bin/python bench/health.py [--sites 500] [--bound-per-site 0.5]

Runs against a throw-away database (`sitegroup_bench_health`). Generates townships (cloned from
the template, each with its standard columns and a few dated items; some stale, some empty),
then times `run_site_health` over all of them. Baseline, in the same run: entering each site's
schema and counting its live pages (the least any per-site check must do). Prints seconds per
site, the total against the bound, and the ratio to the baseline. Generating 500 sites takes a
while (about 1–2 s each); `--keep` keeps them for the next run.
"""
import argparse
import datetime
import time

from throwaway import drop_throwaway_database, use_throwaway_database

DATABASE = "sitegroup_bench_health"


def fill(site, index):
    from django.utils import timezone
    from django_tenants.utils import tenant_context
    from wagtail.models import Page

    from themes.models import ArticlePage

    now = timezone.now()
    with tenant_context(site):
        # Every fifth site has let its news go stale (the home page fails); the others are current.
        news = [20 + index % 30, 25] if index % 5 == 0 else [1 + index % 10, 5]
        for slug, ages in (("news", news), ("notices", [40, 200]), ("services", [])):
            column = Page.objects.get(depth=3, slug=slug)
            for n, age in enumerate(ages):
                when = now - datetime.timedelta(days=age)
                column.add_child(instance=ArticlePage(title=f"基准信息{n}", slug=f"b{n}", publish_date=when,
                                                      body="<p>基准内容。</p>", live=True, first_published_at=when,
                                                      last_published_at=when))


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
    for i in tqdm(range(args.sites), desc="generating sites", unit="site"):
        slug = f"hb-{i}"
        if slug not in existing:
            fill(provision_site(SiteSpec(slug=slug, name=f"基准镇{i}", level="township", parent=district.slug)), i)
    sites = list(Tenant.objects.filter(level="township", slug__startswith="hb-").prefetch_related("domains")
                 [:args.sites])

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
