"""The throw-away database every benchmark runs in, so demo or production data is never touched.

Without DATABASE_URL a benchmark gets its own database on the embedded server (dropped
afterwards); with a real server it needs BENCH_DATABASE_URL pointing at a database it may wreck.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def use_throwaway_database(name):
    """Point Django at the benchmark database and set it up; call before django.setup()."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitegroup.settings.dev")
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    elif os.environ.get("DATABASE_URL"):
        sys.exit("Set BENCH_DATABASE_URL to a throw-away database; refusing to benchmark on DATABASE_URL.")
    else:
        os.environ["SITEGROUP_DB_NAME"] = name
    import django

    django.setup()


def use_throwaway_media_and_database(name):
    """A fresh media folder and the benchmark database `name`; call before django.setup()."""
    import tempfile

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sitegroup-bench-media-")
    use_throwaway_database(name)


def fresh_bench_cluster(town_domains=None):
    """Migrate, drop every site of the benchmark database, and provision a city, a district and a
    township under it; returns (district, town)."""
    from django.core.management import call_command
    from django.db import connection

    from tenants.models import MoveUp, Tenant
    from tenants.provisioning import SiteSpec, provision_site

    print(f"Database: {connection.settings_dict['NAME']} (PostgreSQL), preparing schema and template ...")
    call_command("migrate", verbosity=0)
    MoveUp.objects.all().delete()
    for tenant in Tenant.objects.order_by("-level"):
        tenant.delete(force_drop=True)
    provision_site(SiteSpec(slug="bench-city", name="基准市", level="city"))
    district = provision_site(SiteSpec(slug="bench-district", name="基准区", level="district", parent="bench-city"))
    town = provision_site(SiteSpec(slug="bench-town", name="基准镇", level="township", parent="bench-district",
                                   domains=town_domains))
    return district, town


def drop_throwaway_database(name):
    """Drop the embedded benchmark database (a BENCH_DATABASE_URL database is left to its owner)."""
    from django.db import connection

    connection.close()
    if os.environ.get("SITEGROUP_DB_NAME") != name:
        return
    import psycopg

    from sitegroup import pgserver

    with psycopg.connect(dbname="postgres", autocommit=True, **pgserver.ensure_running()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print("Benchmark database dropped.")
