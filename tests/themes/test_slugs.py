"""Pages with Chinese titles get readable, stable ASCII slugs; editors never have to type one."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from themes.models import ArticlePage, ColumnPage
from themes.slugs import MAX_LENGTH, pinyin_slug, unique_slug

from .factories import signed_in_editor, site_with_local_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title, slug", [
    ("关于开展政务公开工作的通知 2026", "guanyu-kaizhan-zhengwugongkai-gongzuo-de-tongzhi-2026"),
    ("居民身份证办理指南", "juminshenfenzheng-banli-zhinan"),
    ("重庆市银行行长座谈会", "chongqingshi-yinhanghangzhang-zuotanhui"),   # 多音字 read by word
    ("Ｅｎｇｌｉｓｈ Ｎｅｗｓ：Ｈｅｌｌｏ！", "english-news-hello"),                  # full-width → ASCII
    ("绿色出行（第３号）", "lvse-chuxing-di-3-hao"),
    ("！！！……", "page"),                                                     # nothing readable: a fallback
])
def test_titles_become_readable_pinyin_slugs(title, slug):
    assert pinyin_slug(title) == slug


def test_long_titles_are_cut_at_a_word_boundary():
    slug = pinyin_slug("关于进一步加强和改进新形势下全县政府网站与政务新媒体内容建设和安全管理工作的实施意见")
    assert len(slug) <= MAX_LENGTH and not slug.endswith("-")
    assert pinyin_slug("关于进一步加强和改进新形势下全县政府网站").startswith(slug[:20])


@pytest.fixture
def peach(cluster):
    site_with_local_editor(cluster.peach)
    with tenant_context(cluster.peach):
        yield cluster.peach


def article_form(title, slug="", action="action-publish"):
    from wagtail.test.utils.form_data import rich_text

    return {"title": title, "slug": slug, "publish_date": "2026-05-10 09:00", "summary": "",
            "body": rich_text("<p>正文。</p>"),
            "source": "", "author": "", "editor": "", "keywords": "", action: action.split("-")[1]}


def test_an_article_with_only_a_chinese_title_is_published_at_a_pinyin_address(peach, site_client, cluster):
    news = Page.objects.get(slug="news")
    client = signed_in_editor(site_client, peach)
    page = client.get(f"/admin/pages/add/themes/articlepage/{news.pk}/").content.decode()
    # The slug field is optional and does not follow the title in the browser (no "-2026").
    assert 'name="slug"' in page and "w-sync:start-&gt;w-slug#slugify:prevent" in page
    response = client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/",
                           article_form("关于开展政务公开工作的通知 2026"))
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(peach):
        article = ArticlePage.objects.get(title="关于开展政务公开工作的通知 2026")
        assert article.live and article.slug == "guanyu-kaizhan-zhengwugongkai-gongzuo-de-tongzhi-2026"
        url = article.url
    assert url == "/news/guanyu-kaizhan-zhengwugongkai-gongzuo-de-tongzhi-2026/"
    assert "关于开展政务公开工作的通知 2026" in site_client(peach).get(url).content.decode()
    # Another site is untouched: the same title there is its own page.
    with tenant_context(cluster.willow):
        assert not ArticlePage.objects.filter(slug=article.slug).exists()


def test_a_second_page_with_the_same_title_gets_a_numbered_slug(peach, site_client):
    news = Page.objects.get(slug="news")
    client = signed_in_editor(site_client, peach)
    for _ in range(3):
        assert client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/",
                           article_form("春耕生产通知")).status_code == 302
    with tenant_context(peach):
        slugs = sorted(ArticlePage.objects.filter(title="春耕生产通知").values_list("slug", flat=True))
    assert slugs == ["chungengshengchan-tongzhi", "chungengshengchan-tongzhi-2", "chungengshengchan-tongzhi-3"]


def test_the_slug_stays_when_the_title_changes_and_when_the_field_is_emptied(peach, site_client):
    news = Page.objects.get(slug="news")
    client = signed_in_editor(site_client, peach)
    client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/", article_form("防汛工作会议"))
    with tenant_context(peach):
        article = ArticlePage.objects.get(title="防汛工作会议")
    assert article.slug == "fangxun-gongzuo-huiyi"
    response = client.post(f"/admin/pages/{article.pk}/edit/", article_form("防汛抗旱工作会议（更正）"))
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(peach):
        article.refresh_from_db()
    assert article.title == "防汛抗旱工作会议（更正）" and article.slug == "fangxun-gongzuo-huiyi"


def test_what_an_editor_types_is_kept_and_chinese_typed_there_becomes_pinyin(peach, site_client):
    news = Page.objects.get(slug="news")
    client = signed_in_editor(site_client, peach)
    client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/", article_form("一篇文章", slug="my-own-name"))
    client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/", article_form("另一篇文章", slug="桃花节"))
    with tenant_context(peach):
        assert ArticlePage.objects.get(title="一篇文章").slug == "my-own-name"
        assert ArticlePage.objects.get(title="另一篇文章").slug == "taohuajie"


def test_a_taken_slug_is_refused_with_the_tab_named_above_the_form(peach, site_client):
    news = Page.objects.get(slug="news")
    client = signed_in_editor(site_client, peach)
    client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/", article_form("第一篇", slug="same"))
    response = client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/", article_form("第二篇", slug="same"))
    html = response.content.decode()
    assert response.status_code == 200
    # Listed above the form, with the tab that holds the field (not only a count on that tab).
    assert "请在“推荐”标签页改正网址名称。" in html and "缩略名“same”已被同一上级页面下的其他页面使用" in html


def test_top_level_pages_avoid_the_paths_the_site_answers_itself(peach, site_client):
    home = Page.objects.get(depth=2)
    assert unique_slug("sitemap", home) == "sitemap-2" and unique_slug("en", home) == "en-2"
    assert unique_slug("sitemap", Page.objects.get(slug="news")) == "sitemap"
    client = signed_in_editor(site_client, peach)
    data = {"title": "网站地图", "slug": "sitemap", "column_type": "general", "description": "", "keywords": "",
            "items_per_page": "20", "action-publish": "publish"}
    html = client.post(f"/admin/pages/add/themes/columnpage/{home.pk}/", data).content.decode()
    assert "是网站自身使用的路径" in html
    with tenant_context(peach):
        assert not ColumnPage.objects.filter(slug="sitemap").exists()
