"""provision_site: a site ready to edit, cloned from the template, with the three cloning traps guarded."""
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Page, Site

from tenants import template_schema
from tenants.models import Domain, Tenant
from tenants.provisioning import SiteSpec, provision_site
from themes.models import HomePage
from themes.skeleton import STANDARD_COLUMNS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TEMPLATE = "sitegroup_template"


def rows(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def test_provisioned_site_is_ready_to_edit(cluster, site_client):
    tenant = provision_site(SiteSpec(slug="plum", name="李子镇人民政府", level="township", parent="west"))
    assert schema_exists("site_plum")
    assert list(tenant.domains.values_list("domain", "is_primary")) == [("plum.localhost", True)]
    with schema_context("site_plum"):
        site = Site.objects.get()
        assert (site.hostname, site.is_default_site, site.site_name) == ("plum.localhost", True, "李子镇人民政府")
        home = site.root_page.specific
        assert isinstance(home, HomePage) and home.title == "李子镇人民政府" and home.live
        columns = Page.objects.child_of(home).live()
        assert [(c.slug, c.title) for c in columns] == [
            (c["slug"], c["title"]) for c in STANDARD_COLUMNS["township"]]
        assert all(c.show_in_menus for c in columns)
        assert {"新闻动态", "通知公告", "政策文件", "办事服务", "机构概况"} <= {c.title for c in columns}
    response = site_client("plum.localhost").get("/")
    assert response.status_code == 200 and "<h1>李子镇人民政府</h1>" in response.content.decode()
    assert site_client("plum.localhost").get("/notices/").status_code == 200


def test_every_level_gets_a_disclosure_catalogue_and_city_and_district_an_interaction_column(cluster):
    from themes.models import DisclosureCataloguePage

    for spec, has_interaction in ((SiteSpec(slug="metro", name="都市", level="city"), True),
                                  (SiteSpec(slug="north", name="北区", level="district", parent="testcity"), True),
                                  (SiteSpec(slug="vale", name="谷镇", level="township", parent="west"), False)):
        tenant = provision_site(spec)
        with schema_context(tenant.schema_name):
            assert DisclosureCataloguePage.objects.filter(slug="disclosure", depth=3).exists()
            assert Page.objects.filter(slug="interaction", depth=3).exists() == has_interaction


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_provisioning_inside_a_transaction_keeps_the_callers_connection(cluster):
    before = backend_pid()
    provision_site(SiteSpec(slug="pear", name="梨镇人民政府", level="township", parent="west"))
    assert connection.in_atomic_block and backend_pid() == before


def test_provisioning_on_its_own_ends_its_connection_so_backend_caches_do_not_pile_up(cluster):
    """Outside a transaction (the console's task, `create_site`, a bulk run of them) the clone's
    relations must not stay in the backend: cloning slowed with every site one connection made."""
    seen = {}

    def provision_in_own_connection():   # a thread: its own connection, outside the test's transaction
        try:
            seen["before"] = backend_pid()
            site = provision_site(SiteSpec(slug="quince", name="榅桲镇人民政府", level="township", parent="west"))
            seen["closed"] = connection.connection is None
            seen["after"] = backend_pid()
            seen["ready"] = schema_exists(site.schema_name) and site.domains.filter(domain="quince.localhost").exists()
            Tenant.objects.get(pk=site.pk).delete(force_drop=True)
            seen["gone"] = not schema_exists(site.schema_name)
        finally:
            connection.close()

    worker = threading.Thread(target=provision_in_own_connection)
    worker.start()
    worker.join()
    assert seen == {"before": seen["before"], "closed": True, "after": seen["after"], "ready": True, "gone": True}
    assert seen["after"] != seen["before"]
    assert not Tenant.objects.filter(slug="quince").exists()


def test_invalid_site_creates_nothing(cluster):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        provision_site(SiteSpec(slug="orphan", name="孤儿镇", level="township"))
    assert not Tenant.objects.filter(slug="orphan").exists()
    assert not schema_exists("site_orphan")


def test_failure_half_way_leaves_no_site_row_schema_or_domain(cluster, settings):
    settings.SITEGROUP_SITE_SKELETON_BUILDER = "tests.tenants.test_provisioning.exploding_builder"
    with pytest.raises(RuntimeError, match="boom"):
        provision_site(SiteSpec(slug="halfway", name="半路镇", level="township", parent="east"))
    assert not Tenant.objects.filter(slug="halfway").exists()
    assert not Domain.objects.filter(domain="halfway.localhost").exists()
    assert not schema_exists("site_halfway")


def exploding_builder(tenant):
    Page.get_first_root_node().add_child(instance=HomePage(title="x", slug="x"))
    raise RuntimeError("boom")


def test_new_schema_records_exactly_the_template_migrations(cluster):
    provision_site(SiteSpec(slug="pear", name="梨镇", level="township", parent="west"))
    template = set(rows(f'SELECT app, name FROM "{TEMPLATE}".django_migrations'))
    clone = set(rows('SELECT app, name FROM "site_pear".django_migrations'))
    assert clone == template and len(clone) > 100


# --- Trap 1: constraint names -----------------------------------------------------------

def constraint_names(schema):
    return sorted((table, name) for table, name, _kind, _definition in template_schema.constraint_signatures(schema))


def index_names(schema):
    return sorted(rows("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = %s", [schema]))


def test_trap1_a_raw_clone_renames_unique_constraints(cluster):
    """The trap exists: PostgreSQL's clone gives unique constraints its own default names."""
    from django_tenants.clone import CloneSchema

    CloneSchema().clone_schema(TEMPLATE, "site_rawclone", "DATA")
    connection.set_schema_to_public()
    assert constraint_names("site_rawclone") != constraint_names(TEMPLATE)
    assert template_schema.restore_constraint_names("site_rawclone") > 0


def test_trap1_provisioned_site_has_djangos_constraint_and_index_names(cluster):
    provision_site(SiteSpec(slug="fig", name="无花果镇", level="township", parent="west"))
    assert constraint_names("site_fig") == constraint_names(TEMPLATE)
    assert index_names("site_fig") == index_names(TEMPLATE)


def test_trap1_a_migration_dropping_a_named_constraint_works_on_a_clone(cluster):
    provision_site(SiteSpec(slug="date", name="枣镇", level="township", parent="west"))
    unique = [(t, n) for t, n, kind, _d in template_schema.constraint_signatures(TEMPLATE) if kind == "u"]
    assert unique
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush the provisioning's deferred FK checks
        for table, name in unique:
            # what a later Django migration does: drop the constraint by its Django name
            cursor.execute(f'ALTER TABLE "site_date"."{table}" DROP CONSTRAINT "{name}"')


# --- Trap 2: a template that lags behind the migrations ----------------------------------

def test_trap2_cloning_is_refused_while_the_template_has_pending_migrations(cluster):
    rows(f"DELETE FROM \"{TEMPLATE}\".django_migrations WHERE app = 'wagtailcore' AND name = "
         "(SELECT max(name) FROM \"" + TEMPLATE + "\".django_migrations WHERE app = 'wagtailcore') RETURNING name")
    with pytest.raises(template_schema.TemplateNotReady, match="unapplied migration.*wagtailcore"):
        provision_site(SiteSpec(slug="lagging", name="滞后镇", level="township", parent="west"))
    assert not Tenant.objects.filter(slug="lagging").exists()
    assert not schema_exists("site_lagging")
    with pytest.raises(CommandError, match="manage.py migrate"):
        call_command("provision_site", "lagging", name="滞后镇", level="township", parent="west")


# --- Trap 3: rows copied from the template ------------------------------------------------

def test_trap3_cloning_is_refused_while_the_template_holds_rows(cluster):
    rows(f'INSERT INTO "{TEMPLATE}".auth_user (password, is_superuser, username, first_name, last_name, email, '
         "is_staff, is_active, date_joined) VALUES ('x', true, 'leaked', '', '', '', true, true, now())")
    with pytest.raises(template_schema.TemplateNotReady, match="auth_user: 1"):
        provision_site(SiteSpec(slug="leaky", name="泄漏镇", level="township", parent="west"))
    assert not schema_exists("site_leaky")


def test_trap3_a_clone_carries_only_the_baseline(cluster):
    provision_site(SiteSpec(slug="kiwi", name="猕猴桃镇", level="township", parent="west"))
    with schema_context("site_kiwi"):
        from django.contrib.auth import get_user_model

        assert get_user_model().objects.count() == 0
        assert list(Site.objects.values_list("hostname", flat=True)) == ["kiwi.localhost"]
        # the tree root, the home page and the standard columns: nothing else
        assert Page.objects.count() == 2 + len(STANDARD_COLUMNS["township"])
        assert not Page.objects.filter(title__icontains="welcome").exists()


def test_migrate_resets_a_polluted_template(cluster):
    rows(f'INSERT INTO "{TEMPLATE}".wagtailcore_site (hostname, port, is_default_site, root_page_id, site_name) '
         f'SELECT \'stray\', 80, false, id, \'\' FROM "{TEMPLATE}".wagtailcore_page WHERE depth = 1')
    assert template_schema.unexpected_rows() == {"wagtailcore_site": 1}
    template_schema.reset_baseline()
    assert template_schema.unexpected_rows() == {}


# --- The command ----------------------------------------------------------------------

def test_command_creates_one_site(cluster):
    out = io.StringIO()
    call_command("provision_site", "apricot", name="杏镇", level="township", parent="west",
                 domain=["apricot.localhost", "xing.example.cn"], stdout=out)
    assert "Created 杏镇" in out.getvalue()
    tenant = Tenant.objects.get(slug="apricot")
    assert sorted(tenant.domains.values_list("domain", flat=True)) == ["apricot.localhost", "xing.example.cn"]


def test_command_reports_invalid_input_clearly(cluster):
    with pytest.raises(CommandError, match="The parent of a Township / street site must be"):
        call_command("provision_site", "melon", name="瓜镇", level="township", parent="testcity")
    with pytest.raises(CommandError, match="required"):
        call_command("provision_site", "melon")


BULK_YAML = """
sites:
  - {slug: hill-town, name: 山镇, level: township, parent: river}
  - {slug: river, name: 河区, level: district, parent: testcity, domains: [river.localhost, river.example.cn]}
  - {slug: lake-town, name: 湖镇, level: township, parent: river}
"""


def test_bulk_yaml_creates_parents_first_with_progress(cluster, tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text(BULK_YAML, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("provision_site", file=str(path), stdout=out, stderr=err)
    assert "Created 3 site(s)" in out.getvalue()
    assert "Provisioning" in err.getvalue() and "3/3" in err.getvalue()
    assert Tenant.objects.get(slug="hill-town").parent.slug == "river"
    assert schema_exists("site_hill_town") and schema_exists("site_lake_town")
    # Running it again is safe: existing sites are skipped.
    out = io.StringIO()
    call_command("provision_site", file=str(path), stdout=out)
    assert "All sites in the file exist already" in out.getvalue()


def test_bulk_csv_works_too(cluster, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("slug,name,level,parent,domains\nsea,海区,district,testcity,sea.localhost\n"
                    "bay,湾镇,township,sea,\n", encoding="utf-8")
    call_command("provision_site", file=str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Tenant.objects.get(slug="bay").parent.slug == "sea"


def test_bulk_file_with_an_error_creates_nothing_and_names_every_problem(cluster, tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text(BULK_YAML + "  - {slug: Bad_One, name: 坏, level: township, parent: nowhere}\n"
                    "  - {slug: lake-town, name: 重复, level: township, parent: river}\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("provision_site", file=str(path), stdout=io.StringIO(), stderr=io.StringIO())
    message = str(excinfo.value)
    assert "Nothing was created" in message
    assert "Bad_One" in message and "nowhere" in message
    assert "listed more than once: lake-town" in message
    assert not Tenant.objects.filter(slug__in=["river", "hill-town"]).exists()


@pytest.mark.parametrize("content, expected", [
    ("- just a string\n", "expected a list of sites"),
    ("sites: [{slug: a}]\n", "missing name, level"),
    ("sites: [{slug: ab, name: x, level: city, colour: red}]\n", "unknown field(s) colour"),
    ("sites: [unclosed\n", "not valid YAML"),
])
def test_bulk_file_format_errors_are_explained(cluster, tmp_path, content, expected):
    path = tmp_path / "sites.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        call_command("provision_site", file=str(path))


# --- How the schema is copied -------------------------------------------------------------

def test_clone_falls_back_to_django_tenants_when_pg_dump_is_unavailable(cluster, monkeypatch):
    from tenants import pg_tools, schema_clone

    def missing(name, server_major=None):
        raise pg_tools.ToolMissing(f"{name} was not found")

    monkeypatch.setattr(schema_clone, "_snapshot", None)
    monkeypatch.setattr(pg_tools, "pg_tool", missing)
    provision_site(SiteSpec(slug="lime", name="青柠镇", level="township", parent="west"))
    # the fallback restores Django's constraint names itself
    assert constraint_names("site_lime") == constraint_names(TEMPLATE)
    with schema_context("site_lime"):
        assert Site.objects.get().hostname == "lime.localhost"


def test_content_type_ids_are_the_same_in_every_site(cluster):
    """Django caches content types per process, not per schema: ids must agree everywhere."""
    from django.contrib.contenttypes.models import ContentType

    provision_site(SiteSpec(slug="olive", name="橄榄镇", level="township", parent="west"))
    listings = set()
    for schema in (TEMPLATE, "site_olive", cluster.peach.schema_name, cluster.city.schema_name):
        with schema_context(schema):
            listings.add(tuple(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model")))
    assert len(listings) == 1


def test_sequences_continue_after_the_copied_rows(cluster):
    from django.contrib.auth.models import Group, Permission

    provision_site(SiteSpec(slug="mango", name="芒果镇", level="township", parent="west"))
    with schema_context("site_mango"):
        group = Group.objects.create(name="审核员")  # would collide with a copied id if not
        assert group.pk > max(Group.objects.exclude(pk=group.pk).values_list("pk", flat=True))
        assert Permission.objects.count() > 100
