"""Provisioning benchmark: clone the template schema vs replay every migration, same run.

    make bench                        # or: .venv/bin/python bench/provision.py [--clones N] [--migrated M]

Runs against a throw-away database (`sitegroup_bench` on the embedded server, or
BENCH_DATABASE_URL), so the demo data is never touched. Both methods create the same
site (registry row, domain, schema, home page, standard columns, Wagtail Site); only the
way the schema gets its tables differs. Prints seconds per site for each and the ratio.
"""
import argparse
import statistics
import time

from throwaway import drop_throwaway_database, use_throwaway_database

DATABASE = "sitegroup_bench"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clones", type=int, default=20, help="sites to provision by cloning")
    parser.add_argument("--migrated", type=int, default=3, help="sites to provision by running migrations")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    use_throwaway_database(DATABASE)
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from tenants.models import Tenant
    from tenants.provisioning import SiteSpec, provision_site

    print(f"Database: {connection.settings_dict['NAME']} (PostgreSQL), preparing schema and template ...")
    call_command("migrate", verbosity=0)
    # Start from an empty registry so every run measures the same thing.
    for tenant in Tenant.objects.order_by("-level"):
        tenant.delete(force_drop=True)
    city = provision_site(SiteSpec(slug="bench-city", name="基准市", level="city"))
    district = provision_site(SiteSpec(slug="bench-district", name="基准区", level="district", parent=city.slug))

    def run(label, count, clone):
        timings = []
        for i in tqdm(range(count), desc=label, unit="site"):
            spec = SiteSpec(slug=f"bench-{label}-{i}", name=f"基准镇{i}", level="township", parent=district.slug)
            started = time.perf_counter()
            provision_site(spec, clone=clone)
            timings.append(time.perf_counter() - started)
        return timings

    cloned = run("clone", args.clones, clone=True)
    migrated = run("migrate", args.migrated, clone=False)

    clone_mean, migrate_mean = statistics.mean(cloned), statistics.mean(migrated)
    print()
    print(f"{'method':<24}{'sites':>6}{'mean s/site':>13}{'median':>9}{'max':>8}")
    print(f"{'clone template schema':<24}{len(cloned):>6}{clone_mean:>13.3f}{statistics.median(cloned):>9.3f}"
          f"{max(cloned):>8.3f}")
    print(f"{'replay all migrations':<24}{len(migrated):>6}{migrate_mean:>13.3f}"
          f"{statistics.median(migrated):>9.3f}{max(migrated):>8.3f}  (baseline)")
    met = migrate_mean / clone_mean >= 10 and clone_mean < 1
    print(f"ratio: cloning is {migrate_mean / clone_mean:.1f}x faster than migrating "
          f"(target >= 10x and < 1 s per site: {'met' if met else 'NOT met'})")
    first, last = statistics.mean(cloned[:5]), statistics.mean(cloned[-5:])
    print(f"clone time, first 5 vs last 5 sites: {first:.3f} s vs {last:.3f} s")

    if not args.keep:
        drop_throwaway_database(DATABASE)


if __name__ == "__main__":
    main()
