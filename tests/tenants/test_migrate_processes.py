"""The multiprocessing executor: forked processes read the database through their own connections, so
this test commits what it sets up (outside any test transaction) and removes it afterwards."""
from django.db import connection

from tenants.migrating import migrate_schemas, sites_behind
from tenants.provisioning import SiteSpec, provision_site
from tests.tenants.test_migrate import LEAF_NAME, forget_leaf_migration, tables_of


def test_forked_processes_migrate_each_site_and_report_the_one_that_fails(cluster_sites, django_db_blocker):
    with django_db_blocker.unblock():
        sites = [provision_site(SiteSpec(slug=slug, name=name, level="township", parent="west"))
                 for slug, name in (("fork-a", "甲镇"), ("fork-b", "乙镇"), ("fork-c", "丙镇"))]
        first, second, third = (site.schema_name for site in sites)
        try:
            forget_leaf_migration(first, drop_tables=True)
            forget_leaf_migration(second, drop_tables=False)        # fails: its tables are still there
            forget_leaf_migration(third, drop_tables=True)
            outcomes = {o.schema: o for o in migrate_schemas([first, second, third], processes=2)}
            assert outcomes[first].applied == outcomes[third].applied == [LEAF_NAME]
            assert not outcomes[first].error and not outcomes[third].error
            assert outcomes[second].applied == [] and "already exists" in outcomes[second].error
            assert sites_behind([first, second, third]) == [(second, [LEAF_NAME])]
            assert tables_of(first) == tables_of(third) == 2
        finally:
            connection.set_schema_to_public()
            for site in sites:
                site.delete(force_drop=True)
