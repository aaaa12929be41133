"""Policy documents: index numbers, the disclosure catalogue and its filters, the guideline meta tags."""
import datetime
import re

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from themes.models import PolicyDocumentPage

from .factories import build_every_page_type, configure_site

pytestmark = pytest.mark.django_db
CODE = "113301020125048399"


def make_policy(parent, title, year=2026, publish=True, **fields):
    defaults = dict(title=title, slug=re.sub(r"\W", "", title) or "doc", issuing_body="桃花镇人民政府",
                    date_written=datetime.date(year, 1, 5), topic="general",
                    publish_date=timezone.make_aware(datetime.datetime(year, 2, 1, 9)))
    defaults.update(fields)
    page = PolicyDocumentPage(live=False, **defaults)  # as the admin creates it, a draft until published
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def policies(cluster):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        yield Page.objects.get(slug="policies")


def test_index_number_is_given_on_first_publish_in_the_spec_format(policies):
    draft = make_policy(policies, "草稿文件", publish=False)
    assert draft.index_number == ""
    first = make_policy(policies, "第一份")
    second = make_policy(policies, "第二份")
    assert first.index_number == f"{CODE}/2026-00001"
    assert second.index_number == f"{CODE}/2026-00002"
    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.index_number == f"{CODE}/2026-00003"


def test_serials_are_per_publisher_and_year(policies):
    assert make_policy(policies, "去年", year=2025).index_number == f"{CODE}/2025-00001"
    assert make_policy(policies, "今年").index_number == f"{CODE}/2026-00001"
    other = "11330102012504839X"[:17] + "0"
    assert make_policy(policies, "别的机构", publisher_code=other).index_number == f"{other}/2026-00001"
    nine = "12345678X"
    assert make_policy(policies, "九位代码", publisher_code=nine).index_number == f"{nine}/2026-00001"


def test_index_number_never_changes_across_edits_and_republishing(policies):
    page = make_policy(policies, "稳定编号")
    number = page.index_number
    # An editor works from the latest revision, which was saved before the number existed.
    editing = page.get_latest_revision_as_object()
    editing.title = "稳定编号（修订）"
    editing.publish_date = timezone.make_aware(datetime.datetime(2027, 3, 1, 9))  # even a new year
    editing.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "稳定编号（修订）" and page.index_number == number
    page.unpublish()
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.index_number == number
    assert PolicyDocumentPage.objects.filter(index_number=number).count() == 1


def test_a_copied_policy_document_gets_its_own_index_number(policies):
    original = make_policy(policies, "被复制的文件")
    # What the admin's "Copy" action does; it failed on the unique index number before.
    copy = original.copy(recursive=False, to=policies, update_attrs={"slug": "copied", "title": "复制的文件"},
                         keep_live=True)
    copy.refresh_from_db()
    original.refresh_from_db()
    assert copy.index_number and copy.index_number != original.index_number
    assert original.index_number.endswith("00001") and copy.index_number.endswith("00002")


def test_index_numbers_are_unique_in_the_database(policies):
    from django.db import IntegrityError, transaction

    first = make_policy(policies, "唯一")
    second = make_policy(policies, "重复", publish=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyDocumentPage.objects.filter(pk=second.pk).update(index_number=first.index_number)


def test_repealed_document_shows_its_status_and_replacement(policies, site_client, cluster):
    new = make_policy(policies, "新办法")
    old = make_policy(policies, "旧办法", validity=PolicyDocumentPage.Validity.AMENDED, replaced_by=new)
    old_url, new_url = old.url, new.url
    html = site_client(cluster.peach).get(old_url).content.decode()
    assert 'class="status-badge">已修订' in html or 'class="status-badge">Amended' in html
    assert f'href="{new_url}">新办法</a>' in html


def test_disclosure_catalogue_filters_by_topic_issuing_body_and_year(policies, site_client, cluster):
    make_policy(policies, "营商环境措施", topic="commerce")
    make_policy(policies, "城建规划", topic="urban", issuing_body="桃花镇规划办")
    make_policy(policies, "去年的营商文件", topic="commerce", year=2025)
    make_policy(policies, "未发布的文件", topic="commerce", publish=False)
    client = site_client(cluster.peach)

    def listed(query=""):
        html = client.get("/disclosure/" + query).content.decode()
        table = html[html.index('class="metadata catalogue"'):]
        return {title for title in ("营商环境措施", "城建规划", "去年的营商文件", "未发布的文件") if title in table}

    assert listed() == {"营商环境措施", "城建规划", "去年的营商文件"}
    assert listed("?topic=commerce") == {"营商环境措施", "去年的营商文件"}
    assert listed("?issuing_body=桃花镇规划办") == {"城建规划"}
    assert listed("?year=2025") == {"去年的营商文件"}
    assert listed("?topic=commerce&year=2026") == {"营商环境措施"}
    html = client.get("/disclosure/?year=20x5&topic=nonsense").content.decode()
    assert "20x5" in html and "nonsense" in html and 'role="alert"' in html
    facets = client.get("/disclosure/").content.decode()
    assert "桃花镇规划办" in facets and ">2025<" in facets


def test_disclosure_catalogue_of_one_site_never_lists_another_sites_documents(policies, site_client, cluster):
    make_policy(policies, "桃花镇独有文件")
    configure_site(cluster.willow, "civic-blue")
    html = site_client(cluster.willow).get("/disclosure/").content.decode()
    assert "桃花镇独有文件" not in html


GUIDELINE_TAGS = {
    "home": {"SiteName", "SiteDomain", "SiteIDCode", "Url"},
    "column": {"SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "Url"},
    "disclosure": {"SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "Url"},
    "article": {"SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
                "ContentSource", "Keywords", "Author", "Description", "Url"},
    "notice": {"ArticleTitle", "PubDate", "ContentSource", "ColumnName", "ColumnType"},
    "policy": {"ArticleTitle", "PubDate", "ContentSource", "ColumnName", "ColumnType"},
    "service": {"ArticleTitle", "PubDate", "ColumnName", "ColumnType"},
    "about": {"SiteName", "SiteIDCode"},
    "topic": {"SiteName", "SiteIDCode"},
}


def test_guideline_meta_tags_on_every_page_type(cluster, site_client):
    configure_site(cluster.peach, "gov-classic")
    pages = build_every_page_type(cluster.peach)
    client = site_client(cluster.peach)
    for page_type, required in GUIDELINE_TAGS.items():
        with tenant_context(cluster.peach):
            url = pages[page_type].url
        html = client.get(url).content.decode()
        tags = dict(re.findall(r'<meta name="([A-Za-z]+)" content="([^"]*)">', html))
        assert required <= set(tags), (page_type, required - set(tags))
        assert tags["SiteName"] == "桃花镇人民政府" and tags["SiteDomain"] == "peach.localhost"
        assert tags["SiteIDCode"] == "3301020101"
        if "PubDate" in required:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", tags["PubDate"]), tags["PubDate"]
        if "ArticleTitle" in required:
            assert tags["ArticleTitle"] == pages[page_type].title
    article = dict(re.findall(r'<meta name="([A-Za-z]+)" content="([^"]*)">',
                              client.get("/news/article/").content.decode()))
    assert (article["ColumnName"], article["ColumnType"], article["ContentSource"], article["Author"]) == (
        "新闻动态", "新闻动态", "办公室", "王晓明")
