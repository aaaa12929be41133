"""Traditional/Simplified, synonyms, suggestions, single characters, English stems, scopes, lists and analytics,
through real pages on real sites (PostgreSQL, and Elasticsearch where configured)."""
import pytest
from django.utils import timezone

from search import analytics, lists
from search.backends.base import SearchRequest, get_backend
from search.models import QueryStat, WordList

from .test_search import publish_article, search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(cluster, search_backend):
    return {
        "traditional": publish_article(cluster.city, "測試市推行「一網通辦」", "市民登錄一個帳號即可辦理政務服務。"),
        "long": publish_article(cluster.east, "东区推进政府网站集约化建设",
                                "集约化平台统一运维。" * 6 + "集约化以后网站更安全。"),
        "mention": publish_article(cluster.west, "西县召开工作会议", "会议听取了多项工作汇报，其中包括集约化。"),
        "insurance": publish_article(cluster.peach, "城乡居民医疗保险参保缴费开始",
                                     "今年城乡居民医疗保险个人缴费标准公布。"),
        "english": publish_article(cluster.willow, "Online services portal", "Residents apply for permits online."),
        "policy": publish_article(cluster.willow, "柳树街道政策解读", "解读最新的社区政策。"),
    }


def test_traditional_pages_are_found_by_simplified_queries_and_back(pages):
    assert titles(search("一网通办")) == {"測試市推行「一網通辦」"}
    assert titles(search("政務服務")) == {"測試市推行「一網通辦」"}
    top = search("一网通办").hits[0]
    assert "<mark>一網通辦</mark>" in top.snippet or "一網通辦" in top.title


def test_an_article_about_a_subject_ranks_above_a_page_that_mentions_it(pages):
    assert [hit.title for hit in search("集约化").hits] == ["东区推进政府网站集约化建设", "西县召开工作会议"]


def test_operator_synonyms_apply_at_query_time_and_a_bad_line_keeps_the_old_list(pages):
    assert titles(search("医保")) == set()
    lists.save("synonyms", "医保 = 医疗保险\n社保 = 社会保险")
    assert titles(search("医保")) == {"城乡居民医疗保险参保缴费开始"}
    with pytest.raises(lists.ListError) as refused:
        lists.save("synonyms", "公积金 = 住房公积金\n医保\n")
    assert refused.value.line_number == 2 and "医保" in str(refused.value)
    assert WordList.objects.filter(kind="synonyms").count() == 1
    assert titles(search("医保")) == {"城乡居民医疗保险参保缴费开始"}      # the old list is still in force


def test_a_single_character_finds_the_words_that_start_with_it_ranked_lower(pages):
    results = search("政", content_types=["themes.articlepage"])
    found = [hit.title for hit in results.hits]
    # 政策 in a title, then 政府 in a title, then 政務 in a body only.
    assert found.index("柳树街道政策解读") < found.index("測試市推行「一網通辦」")
    assert "<mark>政務服務</mark>" in results.hits[found.index("測試市推行「一網通辦」")].snippet
    # Ranked lower than a whole word: 政府网站 on its own outranks the page for the lone character.
    assert search("政府网站", content_types=["themes.articlepage"]).hits[0].score > results.hits[0].score


def test_english_words_match_other_forms(pages):
    assert titles(search("portal")) == {"Online services portal"}
    assert titles(search("service")) == {"Online services portal"}
    assert titles(search("permit")) == {"Online services portal"}


def test_misspellings_get_a_suggestion_from_the_indexed_words(pages):
    result = search("集约话")
    assert result.suggestion == "集约化"
    assert search("一网通半").suggestion == "一网通办"
    assert search("集约化").suggestion is None          # enough results: nothing to suggest
    assert search("完全不存在的东西").suggestion is None


def test_newest_first_sorting(pages, cluster):
    older = publish_article(cluster.east, "集约化工作简报", "集约化。", days_ago=300)
    dates = [hit.publish_date for hit in search("集约化", sort="date").hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    assert search("集约化", sort="date").hits[-1].title == older.title


def test_dictionary_words_are_kept_whole_after_an_operator_adds_them(cluster, search_backend):
    publish_article(cluster.peach, "桃花镇推行接诉即答", "镇里推行接诉即答服务。")
    lists.save("dictionary", "接诉即答 20 n")
    from search.tasks import resegment

    resegment.enqueue(["接诉即答"])   # what saving in the console queues (run at once in tests)
    assert titles(search("接诉即答")) == {"桃花镇推行接诉即答"}
    with pytest.raises(lists.ListError) as refused:
        lists.save("dictionary", "接诉即答\n好 差 评 多\n")
    assert refused.value.line_number == 2


def test_site_search_scopes(pages, cluster, site_client):
    east = site_client(cluster.east)
    assert "西县召开工作会议" not in east.get("/search/", {"q": "集约化"}).content.decode()
    assert "东区推进政府网站集约化建设" in east.get("/search/", {"q": "集约化", "scope": "site"}).content.decode()
    html = east.get("/search/", {"q": "医疗保险", "scope": "family"}).content.decode()   # peach is below east
    assert "城乡居民医疗保险参保缴费开始" in html
    html = east.get("/search/", {"q": "集约化", "scope": "family"}).content.decode()
    assert "西县召开工作会议" not in html                                                 # west is not
    html = east.get("/search/", {"q": "集约化", "scope": "cluster"}).content.decode()
    assert "西县召开工作会议" in html
    assert east.get("/search/", {"q": "集约化", "scope": "everywhere"}).status_code == 400
    assert site_client(cluster.peach).get("/search/", {"q": "集约化", "scope": "site"}).status_code == 200


def test_analytics_count_queries_without_personal_data(pages, cluster, site_client):
    site_client(cluster.east).get("/search/", {"q": "集约化"})
    site_client(cluster.east).get("/search/", {"q": "集约化", "page": 2})        # later pages are not counted
    site_client(cluster.east).get("/search/", {"q": "查询 13912345678 的办件"})
    site_client("localhost").get("/search/", {"q": "没有这个词语组合"})
    rows = {(row.site_id, row.query): row for row in QueryStat.objects.all()}
    assert rows[(cluster.east.pk, "集约化")].searches == 1 and rows[(cluster.east.pk, "集约化")].zero_results == 0
    assert (cluster.east.pk, "查询 ＊ 的办件") in rows
    assert rows[(None, "没有这个词语组合")].zero_results == 1
    assert not any("13912345678" in query for _site, query in rows)
    assert [f.name for f in QueryStat._meta.fields] == ["id", "day", "site", "query", "searches", "zero_results"]
    report = analytics.report(site=cluster.east)
    assert {row["query"] for row in report["top"]} == {"集约化", "查询 ＊ 的办件"}
    assert analytics.report(site="cluster")["zero_queries"][0]["query"] == "没有这个词语组合"
    assert QueryStat.objects.filter(day=timezone.localdate()).count() == 3


def test_suggestions_and_scope_reach_the_page_and_the_api(pages, cluster, site_client):
    html = site_client("localhost").get("/search/", {"q": "集约话"}).content.decode()
    assert 'class="search-suggestion"' in html and "q=%E9%9B%86%E7%BA%A6%E5%8C%96" in html
    import json

    data = json.loads(site_client(cluster.east).get("/api/search/", {"q": "集约话", "scope": "cluster"}).content)
    assert data["suggestion"] == "集约化" and data["scope"] == "cluster"


def test_the_search_box_is_on_site_pages_and_the_platform_directory(cluster, site_client):
    html = site_client(cluster.east).get("/").content.decode()
    assert 'class="search-box"' in html and 'value="family"' in html
    html = site_client(cluster.peach).get("/").content.decode()
    assert 'class="search-box"' in html and 'value="family"' not in html   # a township has no sites below it
    html = site_client("localhost").get("/").content.decode()
    assert 'class="search-box"' in html and 'name="scope"' not in html


def test_bad_input_still_gets_a_400_with_a_message(cluster, site_client):
    client = site_client("localhost")
    assert client.get("/search/", {"q": "abc\x07def"}).status_code == 400
    assert client.get("/search/", {"q": "集约化", "sort": "random"}).status_code == 400
    assert get_backend().search(SearchRequest(q="，。！")).total == 0
