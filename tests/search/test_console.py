"""The console's search pages: versioned synonym and dictionary lists (operators), analytics (per viewer)."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from search import analytics, lists
from search.models import QueryStat, WordList
from sitegroup.identity.models import AuditLogEntry, Role
from tests.identity.helpers import enrol_totp, login, make_account, platform_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return login("ops", otp_account=enrol_totp(make_account("ops", operator=True)))


def test_operators_save_versions_and_a_bad_upload_is_refused_with_its_line(cluster, operator):
    response = operator.post("/console/search/lists/synonyms/", {"text": "医保 = 医疗保险", "note": "first"})
    assert response.status_code == 302
    assert lists.current().synonyms["医保"] == ("医保", "医疗保险")
    bad = SimpleUploadedFile("synonyms.txt", "公积金 = 住房公积金\n# comment\n社保 =\n".encode())
    response = operator.post("/console/search/lists/synonyms/", {"file": bad})
    html = response.content.decode()
    assert response.status_code == 400 and "社保 =" in html and ("Line 3" in html or "第 3 行" in html)
    assert "公积金 = 住房公积金" in html                                  # what was sent is shown again, not lost
    assert list(WordList.objects.filter(kind="synonyms").values_list("version", flat=True)) == [1]
    assert "公积金" not in lists.current().synonyms                     # the old list stays in force
    good = SimpleUploadedFile("synonyms.txt", "\ufeff公积金 = 住房公积金\n医保，医疗保险\n".encode())
    assert operator.post("/console/search/lists/synonyms/", {"file": good}).status_code == 302
    assert lists.current().synonyms["公积金"] == ("公积金", "住房公积金")
    # An older version can be read and restored as the newest.
    assert "医保 = 医疗保险" in operator.get("/console/search/lists/synonyms/1/").content.decode()
    assert operator.post("/console/search/lists/synonyms/1/").status_code == 302
    assert WordList.objects.filter(kind="synonyms").first().version == 3
    assert "公积金" not in lists.current().synonyms
    assert AuditLogEntry.objects.filter(action="search_list_saved").count() == 3
    assert operator.get("/console/search/lists/nonsense/").status_code == 404


def test_only_operators_edit_lists_and_site_admins_see_their_sites_analytics(cluster):
    admin = enrol_totp(make_account("chief", grants={cluster.east: Role.SITE_ADMIN}))
    client = login("chief", otp_account=admin)
    menu = client.get("/console/").content.decode()
    assert 'href="/console/search/"' in menu and "/console/search/lists/" not in menu   # the menu follows
    for url in ("/console/search/lists/", "/console/search/lists/synonyms/", "/console/search/lists/dictionary/"):
        assert client.get(url).status_code == 403
    assert client.post("/console/search/lists/synonyms/", {"text": "医保 = 医疗保险"}).status_code == 403
    assert not WordList.objects.exists()
    analytics.record(cluster.east, "集约化", 3)
    analytics.record(cluster.west, "西县秘密词", 0)
    analytics.record(None, "平台搜索词", 0)
    html = client.get("/console/search/").content.decode()
    assert "集约化" in html and "西县秘密词" not in html and "平台搜索词" not in html
    assert client.get("/console/search/", {"site": "west"}).status_code == 404
    assert client.get("/console/search/", {"site": "cluster"}).status_code == 404   # the platform's: operators only
    # An editor administers no site: the page opens, with nobody's queries on it.
    writer = login("writer", otp_account=enrol_totp(make_account("writer", grants={cluster.east: Role.EDITOR})))
    html = writer.get("/console/search/").content.decode()
    assert "集约化" not in html and "西县秘密词" not in html and "平台搜索词" not in html


def test_the_search_pages_send_a_visitor_without_a_session_to_the_sign_in_page(cluster):
    for url in ("/console/search/", "/console/search/lists/synonyms/"):
        response = platform_client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_operators_see_every_site_and_the_platform_search(cluster, operator):
    assert operator.get("/console/search/lists/").url == "/console/search/lists/synonyms/"
    analytics.record(cluster.west, "西县热词", 0)
    analytics.record(None, "平台搜索词", 0)
    html = operator.get("/console/search/", {"days": 7}).content.decode()
    assert "西县热词" in html and "平台搜索词" in html
    assert "西县热词" not in operator.get("/console/search/", {"site": "cluster"}).content.decode()


def test_old_statistics_are_purged(cluster):
    analytics.record(cluster.east, "旧词", 1)
    QueryStat.objects.update(day="2020-01-01")
    analytics.record(cluster.east, "新词", 1)
    out = io.StringIO()
    call_command("purge_search_stats", stdout=out)
    assert list(QueryStat.objects.values_list("query", flat=True)) == ["新词"] and "Deleted 1" in out.getvalue()
