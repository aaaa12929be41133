"""Per-site backup and restore: one archive per site, verified on the way back, never half a site.

pg_dump reads the database through its own connection, so the site backed up here is built and
committed once for the module (and removed at the end); each test then runs in its transaction.
"""
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context
from wagtail.images.models import Image
from wagtail.models import Page

from sitegroup.identity.models import SiteGrant, SiteUserLink
from tenants.backup import BackupRefused, archives_of, backup_site, prune_archives, restore_site, restoring
from tenants.backup.schema_data import table_fingerprints
from tenants.models import Domain, Tenant
from tenants.provisioning import SiteSpec, provision_site
from tests.identity.helpers import make_account
from tests.moveup.builders import build_township

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archived(cluster_sites, django_db_blocker, tmp_path_factory):
    """The township “orchard” with a full set of content, its archive, and a restored copy “orchard-copy”."""
    directory = tmp_path_factory.mktemp("backups")
    with django_db_blocker.unblock():
        orchard = provision_site(SiteSpec(slug="orchard", name="果园镇", level="township", parent="east",
                                          domains=["orchard.localhost", "orchard-alias.example.cn"]))
        township = build_township(orchard)
        account = make_account("orchard-editor", grants={orchard: "editor"})
        with tenant_context(orchard):
            from django.contrib.auth.models import User

            user = User.objects.create(username="orchard-editor")
        SiteUserLink.objects.create(account=account, site=orchard, user_id=user.pk)
        connection.set_schema_to_public()
        path, manifest = backup_site("orchard", directory)
        copy = restore_site(path, as_slug="orchard-copy")
        connection.set_schema_to_public()
    yield {"path": path, "manifest": manifest, "copy": copy, "township": township, "directory": directory}
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        account.delete()            # its grants first, while the sites' schemas still exist
        for slug in ("orchard-copy", "orchard"):
            tenant = Tenant.objects.filter(slug=slug).first()
            if tenant is not None:
                tenant.delete(force_drop=True)
                shutil.rmtree(Path(settings.MEDIA_ROOT) / tenant.schema_name, ignore_errors=True)


def fingerprints(schema):
    with connection.cursor() as cursor:
        return table_fingerprints(cursor, schema)


def test_the_manifest_counts_what_the_site_holds(archived):
    counts = archived["manifest"]["counts"]
    with tenant_context(Tenant.objects.get(slug="orchard")):
        assert counts["pages"] == Page.objects.count() and counts["images"] == Image.objects.count()
    assert counts["revisions"] >= 9 and counts["documents"] == 1 and counts["form_submissions"] == 2
    assert counts["files"] >= 3 and counts["file_bytes"] > 0          # the photo, the logo, the form
    assert archived["manifest"]["site"] == {"slug": "orchard", "name": "果园镇", "level": "township",
                                            "status": "active", "parent": "east", "schema": "site_orchard"}


def test_a_restore_as_a_new_slug_has_the_same_counts_and_checksums(archived):
    manifest, copy = archived["manifest"], archived["copy"]
    assert copy.tables == manifest["tables"]                          # verified inside the restore
    original, restored = fingerprints("site_orchard"), fingerprints("site_orchard_copy")
    differing = {table for table in original if original[table] != restored[table]}
    assert differing == {"wagtailcore_site"}                         # the copy answers on its own domain
    assert {table: value["rows"] for table, value in original.items()} == {
        table: value["rows"] for table, value in restored.items()}
    assert "django_session" not in manifest["tables"]                 # old sessions never come back


def test_the_restored_site_serves_the_same_pages_on_its_new_domain(archived, site_client):
    copy = Tenant.objects.get(slug="orchard-copy")
    assert [d.domain for d in Domain.objects.filter(tenant=copy)] == ["orchard-copy.localhost"]
    assert copy.parent.slug == "east" and copy.level == "township"
    urls = archived["township"].urls
    for name in ("article", "notice", "policy", "topic"):
        original = site_client("orchard.localhost").get(urls[name])
        restored = site_client("orchard-copy.localhost").get(urls[name])
        assert restored.status_code == original.status_code == 200, name
        title = archived["township"].pages[name].title
        assert title in restored.content.decode()
    image = site_client("orchard-copy.localhost").get(urls["image_file"].replace("site_orchard", "site_orchard_copy"))
    assert image.status_code == 200
    document = site_client("orchard-copy.localhost").get(urls["document_file"])
    assert document.status_code == 200 and b"%PDF-1.4 form" in b"".join(document.streaming_content)


def test_the_archive_holds_this_site_only(archived, tmp_path):
    """Nothing of the other sites (schemas, media, grants) travels in one site's archive."""
    import subprocess

    from tenants.pg_tools import pg_tool

    with tarfile.open(archived["path"]) as tar:
        names = tar.getnames()
        tar.extract("schema.dump", tmp_path, filter="data")
        registry = json.loads(tar.extractfile("registry.json").read())
    assert {name.split("/")[0] for name in names} == {"manifest.json", "registry.json", "schema.dump", "media"}
    listing = subprocess.run([pg_tool("pg_restore"), "--list", str(tmp_path / "schema.dump")],
                             capture_output=True, text=True, check=True).stdout
    # "215; 1259 16790 TABLE site_orchard wagtailcore_page postgres" (and "... TABLE DATA site_orchard ...")
    tables = [line.split()[3:] for line in listing.splitlines() if not line.startswith(";") and " TABLE " in line]
    schemas = {fields[2] if fields[1] == "DATA" else fields[1] for fields in tables}
    assert len(tables) > 50 and schemas == {"site_orchard"}
    for other in Tenant.objects.exclude(slug__in=["orchard", "orchard-copy"]).values_list("schema_name", flat=True):
        assert f" {other} " not in listing
    assert "peach" not in json.dumps(registry) and "willow" not in json.dumps(registry)


def test_the_public_rows_of_the_site_come_along(archived):
    copy = Tenant.objects.get(slug="orchard-copy")
    grant = SiteGrant.objects.get(site=copy)
    assert grant.account.username == "orchard-editor" and grant.role == "editor"
    link = SiteUserLink.objects.get(site=copy)
    with tenant_context(copy):
        from django.contrib.auth.models import User

        assert User.objects.get(pk=link.user_id).username == "orchard-editor"


def test_restoring_over_an_existing_site_is_refused_without_replace(archived):
    before = fingerprints("site_orchard")
    with pytest.raises(CommandError, match="A site “orchard” exists.*--replace"):
        call_command("restore_site", str(archived["path"]))
    assert fingerprints("site_orchard") == before
    with pytest.raises(CommandError, match="A site “orchard-copy” exists"):
        call_command("restore_site", str(archived["path"]), "--as", "orchard-copy")


def _damaged_copy(path, tmp_path, damage):
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    damage(target)
    return target


def test_a_corrupted_or_truncated_archive_is_refused_and_nothing_changes(archived, tmp_path):
    path = archived["path"]

    def flip_a_byte_in_the_dump(target):
        with tarfile.open(path) as tar:
            offset = tar.getmember("schema.dump").offset_data
        data = bytearray(target.read_bytes())
        data[offset + 200] ^= 0xFF
        target.write_bytes(bytes(data))

    def cut_in_half(target):
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])

    for damage, reason in ((flip_a_byte_in_the_dump, "does not match its manifest.*altered: schema.dump"),
                           (cut_in_half, "truncated")):
        damaged = _damaged_copy(path, tmp_path, damage)
        with pytest.raises(CommandError, match=reason):
            call_command("restore_site", str(damaged), "--as", "orchard-broken")
        assert not Tenant.objects.filter(slug="orchard-broken").exists()
        assert not schema_exists("site_orchard_broken")
        assert not (Path(settings.MEDIA_ROOT) / "site_orchard_broken").exists()
    not_an_archive = tmp_path / "notes.tar"
    not_an_archive.write_text("hello")
    with pytest.raises(BackupRefused, match="not a site archive"):
        restore_site(not_an_archive, as_slug="orchard-broken")
    assert not list((Path(settings.MEDIA_ROOT) / ".restore-staging").glob("unpack-*"))


def _rewritten(path, tmp_path, change_manifest):
    """A consistent archive (members match the manifest) whose manifest says something else."""
    target = tmp_path / path.name
    with tarfile.open(path) as source, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def test_an_archive_from_another_version_is_refused(archived, tmp_path):
    def newer_migrations(manifest):
        manifest["migrations"].append("themes.9999_from_the_future")

    with pytest.raises(BackupRefused, match="another version of Sitegroup.*9999_from_the_future"):
        restore_site(_rewritten(archived["path"], tmp_path, newer_migrations), as_slug="orchard-future")

    def other_format(manifest):
        manifest["format_version"] = 99

    with pytest.raises(BackupRefused, match="format version 99"):
        restore_site(_rewritten(archived["path"], tmp_path, other_format), as_slug="orchard-future")
    assert not Tenant.objects.filter(slug="orchard-future").exists() and not schema_exists("site_orchard_future")


def test_backing_up_a_site_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(CommandError, match="nosuch: No site with slug “nosuch” exists"):
        call_command("backup_site", "nosuch", "--dir", str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_an_interrupted_restore_leaves_no_half_site(archived, monkeypatch):
    real_move = restoring._move_media_in

    def move_then_fail(swap, unpacked_media):
        real_move(swap, unpacked_media)
        assert swap.final.exists()
        raise RuntimeError("power cut")

    monkeypatch.setattr(restoring, "_move_media_in", move_then_fail)
    with pytest.raises(RuntimeError, match="power cut"):
        restore_site(archived["path"], as_slug="orchard-cut")
    assert not Tenant.objects.filter(slug="orchard-cut").exists()
    assert not Domain.objects.filter(domain="orchard-cut.localhost").exists()
    assert not schema_exists("site_orchard_cut")
    assert not (Path(settings.MEDIA_ROOT) / "site_orchard_cut").exists()


def test_replace_brings_the_content_back_and_keeps_todays_grants(archived, site_client):
    orchard = Tenant.objects.get(slug="orchard")
    later = make_account("orchard-newcomer", grants={orchard: "moderator"})
    with tenant_context(orchard):
        Page.objects.get(slug="festival").delete()
        Page.objects.get(slug="news", depth=3).add_child(instance=Page(title="Added later", slug="later"))
    assert site_client(orchard).get(archived["township"].urls["article"]).status_code == 404

    call_command("restore_site", str(archived["path"]), "--replace")
    assert Tenant.objects.get(slug="orchard").pk == orchard.pk
    with tenant_context(orchard):
        assert Page.objects.filter(slug="festival").exists() and not Page.objects.filter(slug="later").exists()
    assert fingerprints("site_orchard") == {**archived["manifest"]["tables"],
                                            "wagtailcore_site": fingerprints("site_orchard")["wagtailcore_site"]}
    assert site_client(orchard).get(archived["township"].urls["article"]).status_code == 200
    assert set(SiteGrant.objects.filter(site=orchard).values_list("account__username", flat=True)) == {
        "orchard-editor", later.username}


def test_the_nightly_job_backs_up_each_site_and_keeps_the_newest(archived, settings, tmp_path):
    from sitegroup.scheduling.runner import run_job

    settings.SITEGROUP_BACKUP_DIR = str(tmp_path)
    settings.SITEGROUP_BACKUP_KEEP = 2
    for _ in range(3):
        run = run_job("backup_sites", sites=["orchard", "orchard-copy"])
        assert run.state == "done" and run.sites_done == 2, run.failures
    assert len(archives_of("orchard", tmp_path)) == 2 and len(archives_of("orchard-copy", tmp_path)) == 2
    assert prune_archives("orchard", 1, tmp_path) and len(archives_of("orchard", tmp_path)) == 1
