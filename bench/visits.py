"""Visit-counting benchmark: serving a cached page with and without counting, same run.

    make bench                # or: .venv/bin/python bench/visits.py [--requests 3000] [--rounds 5]

Runs against a throw-away database (`sitegroup_bench_visits`). One township is provisioned; its
home page and a news page are requested anonymously through the full middleware stack (the
page cache answers after the first request), alternating rounds with the visit counter
connected to the page cache's `page_served` signal and disconnected (the baseline). Counting
includes its batched writes (flushed every SITEGROUP_VISITS_FLUSH_EVERY views). Prints the time
per request of each, the overhead and whether it stays under 5 %.
"""
import argparse
import statistics
import time

from throwaway import drop_throwaway_database, use_throwaway_database

DATABASE = "sitegroup_bench_visits"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    use_throwaway_database(DATABASE)
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from sitegroup.health.models import SiteVisits
    from sitegroup.health.receivers import count_page_view
    from sitegroup.health.visits import flush_visits
    from tenants.models import Tenant
    from tenants.provisioning import SiteSpec, provision_site

    if not apps.is_installed("sitegroup.pagecache"):
        print("The page cache (sitegroup.pagecache) is not installed: visits are counted through its signal, "
              "so there is nothing to measure yet.")
        drop_throwaway_database(DATABASE)
        return
    from sitegroup.pagecache.signals import page_served

    print(f"Database: {connection.settings_dict['NAME']} (PostgreSQL), preparing schema and template ...")
    call_command("migrate", verbosity=0)
    city = Tenant.objects.filter(slug="bv-city").first() or provision_site(
        SiteSpec(slug="bv-city", name="基准市", level="city"))
    district = Tenant.objects.filter(slug="bv-district").first() or provision_site(
        SiteSpec(slug="bv-district", name="基准区", level="district", parent=city.slug))
    town = Tenant.objects.filter(slug="bv-town").first() or provision_site(
        SiteSpec(slug="bv-town", name="基准镇", level="township", parent=district.slug))
    connection.set_schema_to_public()
    host = town.primary_domain_name()
    paths = ["/", "/news/"]
    clients = [Client(HTTP_HOST=host, REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}", HTTP_USER_AGENT="Mozilla/5.0")
               for n in range(50)]
    for path in paths:  # fill the page cache
        assert clients[0].get(path).status_code == 200

    def serve():
        started = time.perf_counter()
        for n in range(args.requests):
            clients[n % len(clients)].get(paths[n % len(paths)])
        flush_visits()
        return (time.perf_counter() - started) / args.requests

    counted, baseline = [], []
    for _round in range(args.rounds):
        page_served.disconnect(count_page_view, dispatch_uid="health_count_page_view")
        baseline.append(serve())
        page_served.connect(count_page_view, dispatch_uid="health_count_page_view")
        counted.append(serve())
    views = SiteVisits.objects.filter(site=town).values_list("views", flat=True).first() or 0
    expected = args.rounds * args.requests
    base, with_counting = statistics.median(baseline), statistics.median(counted)
    overhead = with_counting / base - 1
    print(f"Views counted: {views} of {expected} served with counting on")
    print(f"Serving without counting (baseline): {1e6 * base:.0f} µs/request")
    print(f"Serving with counting:               {1e6 * with_counting:.0f} µs/request")
    print(f"Ratio {with_counting / base:.3f} — counting adds {100 * overhead:.1f} % "
          f"({'under' if overhead < 0.05 else 'OVER'} the 5 % limit)")
    if not args.keep:
        drop_throwaway_database(DATABASE)


if __name__ == "__main__":
    main()
