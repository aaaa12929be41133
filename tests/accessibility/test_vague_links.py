"""Vague link texts are caught in all their variants; problems are described in plain text."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from accessibility.checks import check_html, is_vague_link_text
from sitegroup.publishing.runner import describe

from ..themes.factories import signed_in_editor, site_with_local_editor

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize("text", [
    "点击这里", "点击此处", "请点击这里", "请点击此处查看", "点此", "点这里", "这里", "此处", "单击这里", "详情",
    "详情>>",
    "更多", "更多...", "更多>>", "【更多】", "查看详情", "查看更多", "点击查看", "阅读全文", "点击下载", "进入",
    "Click here", "click here.", "Click HERE to read more", "Read more »", "more", "More…", "here", "Learn more",
    "see details", "this link",
])
def test_vague_link_texts_are_caught_in_their_variants(text):
    assert is_vague_link_text(text)
    found = check_html(f'<html lang="zh-hans"><body><p><a href="/x/">{text}</a></p></body></html>')
    assert [problem.rule for problem in found] == ["link-name"], text


@pytest.mark.parametrize("text", [
    "点击查看办事指南", "新闻动态", "更多新闻动态", "2026年政府工作报告全文", "首页", "下载申请表", "此次会议纪要",
    "Read the annual report", "More about the health service", "English", "12345",
])
def test_link_texts_that_say_where_they_go_pass(text):
    assert not is_vague_link_text(text)
    assert check_html(f'<html lang="zh-hans"><body><p><a href="/x/">{text}</a></p></body></html>') == []


def test_problems_are_described_in_plain_text_never_markup():
    html = ('<html lang="zh-hans"><body><p><a class="x" href="/notice/3/" target="_self">点击此处</a></p>'
            '<img src="/media/site_peach/images/IMG_2041.JPG" alt="IMG_2041.JPG">'
            '<table class="data"><tr><td>数据</td></tr></table></body></html>')
    found = {problem.rule: problem for problem in check_html(html)}
    assert found["link-name"].excerpt == "“点击此处” → /notice/3/"
    assert found["image-alt"].excerpt == "image IMG_2041.JPG"
    assert found["table-headers"].excerpt == "数据"
    for problem in found.values():
        assert "<" not in describe(problem) and "class=" not in describe(problem)


@pytest.mark.django_db
def test_the_editor_reads_the_warning_after_saving_in_plain_text(cluster, site_client):
    from wagtail.test.utils.form_data import rich_text

    site_with_local_editor(cluster.peach)
    with tenant_context(cluster.peach):
        news = Page.objects.get(slug="news")
    client = signed_in_editor(site_client, cluster.peach)
    data = {"title": "文章", "slug": "", "publish_date": "2026-05-10 09:00", "summary": "", "source": "", "author": "",
            "editor": "", "keywords": "", "body": rich_text('<p><a href="https://example.cn/">点击此处</a>了解详情。</p>'),
            "action-publish": "publish"}
    html = client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/", data, follow=True).content.decode()
    assert "“点击此处” → https://example.cn/" in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "&lt;a href" not in html
