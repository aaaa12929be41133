"""Publish-time checks: each problem seeded into a page is reported at its place; blocking rules stop publishing."""
import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context
from wagtail.models import Page

from accessibility.checks import check_html
from accessibility.page_checks import check_page
from sitegroup.publishing.models import PublishCheckSettings
from themes.models import ArticlePage

from ..themes.factories import configure_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PASSWORD = "pw-editor-123456"


def rules(html):
    return [(p.rule, p.location) for p in check_html(html)]


def test_each_rule_on_a_fragment_with_the_place():
    page = """<html><body><main><h1>标题</h1>
      <img src="/a.png">
      <img src="/b.png" alt="IMG_2041.JPG">
      <img src="/c.png" alt="县长调研桃花节">
      <h4 id="jump">跳级标题</h4>
      <h1>第二个一级标题</h1>
      <p><a href="/x/">点击这里</a> <a href="/y/">Read more</a> <a href="/z/"></a>
         <a href="/ok/">更多<span class="visually-hidden">新闻动态</span></a>
         <a href="https://gov.cn/" target="_blank">中国政府网</a>
         <a href="https://gov.cn/" target="_blank">中国政府网（新窗口打开）</a></p>
      <table><tr><td>1</td></tr></table>
      <table><tr><th>项目</th></tr><tr><td>1</td></tr></table>
      <ul><li><a href="/documents/3/rules.pdf">实施细则</a></li>
          <li><a href="/documents/4/form.pdf">申请表</a> (PDF, 1.2 MB)</li></ul>
    </main></body></html>"""
    found = rules(page)
    assert ("html-lang", "html") in found
    assert [r for r in found if r[0] == "image-alt"] == [
        ("image-alt", "html > body > main > img:nth-of-type(1)"),
        ("image-alt", "html > body > main > img:nth-of-type(2)")]
    assert ("heading-order", "h4#jump") in found   # an id is unique: the path starts there
    assert ("heading-order", "html > body > main > h1:nth-of-type(2)") in found
    link_names = [r for r in found if r[0] == "link-name"]
    assert len(link_names) == 3                     # 点击这里, Read more, empty — not 更多+hidden text
    assert [r for r in found if r[0] == "link-new-window"] == [
        ("link-new-window", "html > body > main > p > a:nth-of-type(5)")]
    assert [r for r in found if r[0] == "table-headers"] == [
        ("table-headers", "html > body > main > table:nth-of-type(1)")]
    assert [r for r in found if r[0] == "document-link"] == [
        ("document-link", "html > body > main > ul > li:nth-of-type(1) > a")]


def test_a_clean_page_has_no_problems():
    assert check_html('<html lang="zh-hans"><body><h1>标题</h1><h2>小标题</h2><img src="/a.png" alt="县城全景">'
                      '<a href="/news/">新闻动态</a></body></html>') == []


@pytest.fixture
def peach(cluster):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("editor", "e@example.cn", PASSWORD)
        yield cluster.peach


BAD_BODY = ('<p><a href="https://example.cn/" target="_blank">点击这里</a></p>'
            '<table><tbody><tr><td>数据</td></tr></tbody></table><h4>跳级</h4>')


def test_problems_in_rich_text_are_reported_with_their_field(peach):
    news = Page.objects.get(slug="news")
    article = news.add_child(instance=ArticlePage(title="有问题的文章", slug="bad", body=BAD_BODY))
    found = {(problem.rule, problem.field) for problem, _severity in check_page(article)}
    assert ("link-name", "body") in found
    assert ("link-new-window", "body") in found
    assert ("table-headers", "body") in found
    assert ("heading-order", "body") in found


def test_the_rendered_templates_of_a_site_pass_the_checks(peach):
    # Every page is checked and every problem reported, not only the first page's.
    found = {slug: [(p.rule, p.message) for p, _s in check_page(Page.objects.get(slug=slug).specific)]
             for slug in ("home", "news", "policies", "disclosure")}
    assert found == {slug: [] for slug in found}


def admin_post_article(client, column_pk, action):
    from wagtail.test.utils.form_data import rich_text

    data = {"title": "有问题的文章", "slug": "bad-article", "publish_date": "2026-05-10 09:00",
            "summary": "", "body": rich_text(BAD_BODY), "source": "", "author": "", "editor": "", "keywords": ""}
    data[action] = action.split("-")[1]
    return client.post(f"/admin/pages/add/themes/articlepage/{column_pk}/", data, follow=True)


def test_a_blocking_rule_stops_publishing_with_a_clear_message(peach, site_client):
    settings = PublishCheckSettings.load()
    settings.severities = {"link-name": "block"}
    settings.save()
    column_pk = Page.objects.get(slug="news").pk
    client = site_client(peach)
    client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    response = admin_post_article(client, column_pk, "action-publish")
    html = response.content.decode()
    assert "未发布" in html or "Not published" in html
    assert "点击这里" in html
    with tenant_context(peach):
        assert not ArticlePage.objects.filter(slug="bad-article", live=True).exists()


def test_a_warning_rule_lets_the_page_publish_and_tells_the_editor(peach, site_client):
    column_pk = Page.objects.get(slug="news").pk
    client = site_client(peach)
    client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    response = admin_post_article(client, column_pk, "action-publish")
    html = response.content.decode()
    assert "无障碍" in html or "Accessibility" in html          # the warning message
    with tenant_context(peach):
        article = ArticlePage.objects.get(slug="bad-article")
        assert article.live
        pk = article.pk
    check = client.get(f"/admin/accessibility/page/{pk}/").content.decode()
    # (Wagtail's editor already drops the table and target=_blank; what survives is reported)
    assert 'data-rule="link-name"' in check and 'data-rule="heading-order"' in check
    assert '点击这里' in check


def test_wagtails_own_checker_is_extended_with_our_rules(peach, site_client):
    from wagtail.admin.userbar import ContentCheckerItem

    from accessibility.wagtail_hooks import SitegroupContentChecker, extend_content_checker

    items = [ContentCheckerItem()]
    extend_content_checker(None, items, None)
    assert isinstance(items[0], SitegroupContentChecker)
    assert {"image-alt", "td-has-header", "html-has-lang", "link-name"} <= set(items[0].axe_run_only)
    import re

    pattern = re.compile(items[0].axe_custom_checks[0]["options"]["pattern"], re.IGNORECASE)
    assert pattern.search("IMG_2041") and pattern.search("photo.jpg") and not pattern.search("县长调研桃花节")


def test_every_page_type_with_attachments_and_forms_passes_the_checks(cluster):
    from ..themes.factories import build_every_page_type

    configure_site(cluster.willow, "civic-blue")
    pages = build_every_page_type(cluster.willow)
    with tenant_context(cluster.willow):
        found = {name: [(p.rule, p.message) for p, _s in check_page(page.specific)] for name, page in pages.items()}
    assert found == {name: [] for name in pages}
