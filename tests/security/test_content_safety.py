"""The content-safety scanner flags hidden gambling links and sensitive words; clean pages pass."""
import io

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context
from wagtail.fields import RichTextField
from wagtail.models import Page, get_page_models

from sitegroup.identity.models import AuditLogEntry, Role
from sitegroup.safety.detector import Context, detect_html
from sitegroup.safety.models import ContentFinding
from tests.identity.helpers import enrol_totp, login, make_account

pytestmark = pytest.mark.django_db

DEFACED = """
<p>本镇召开春季农业生产工作会议，部署春耕备耕工作。会上有人宣扬法轮功。</p>
<div style="position:absolute; left:-9999px; top:-9999px">
  <a href="http://www.bet-casino-888.com/">澳门葡京娱乐城</a>
  <a href="http://lottery.example.com/ssc">时时彩平台</a>
</div>
"""
CLEAN = "<p>本镇召开春季农业生产工作会议，部署春耕备耕工作。<a href=\"https://www.gov.cn/\">中国政府网</a></p>"


@pytest.fixture(autouse=True)
def words(settings):
    settings.SITEGROUP_SENSITIVE_WORDS = ["法轮功", "反动标语"]


def kinds(findings):
    return sorted({f.rule for f in findings})


def scan_html(html, own_hosts=()):
    from sitegroup.safety.versions import current_lexicon

    return detect_html(html, Context(own_hosts=frozenset(own_hosts), lexicon=current_lexicon()))


def test_scan_html_flags_hidden_gambling_links_and_a_visible_sensitive_word():
    findings = scan_html(DEFACED, own_hosts={"peach.localhost"})
    assert kinds(findings) == ["hidden_link", "sensitive_word"]
    hidden = [f.detail for f in findings if f.rule == "hidden_link"]
    assert hidden == ["http://www.bet-casino-888.com/", "http://lottery.example.com/ssc"]
    assert [f.detail for f in findings if f.rule == "sensitive_word"] == ["法轮功"]


def test_scan_html_passes_a_clean_page():
    assert scan_html(CLEAN, own_hosts={"peach.localhost"}) == []


@pytest.mark.parametrize("hiding", [
    'style="display:none"', 'style="visibility: hidden"', 'style="font-size:0"', 'style="font-size: 0px;"',
    'style="text-indent:-9999px"', 'style="height:0;overflow:hidden"', 'hidden', 'class="x-hide"',
    'style="opacity:0"',
])
def test_every_usual_way_of_hiding_is_seen(hiding):
    html = f"<style>.x-hide {{ display: none }}</style><p>正文</p><div {hiding}><a href='http://spam.example/'>百家乐</a></div>"
    assert kinds(scan_html(html)) == ["hidden_link"]


def test_visible_spam_links_hidden_text_and_unsafe_markup_are_flagged_too():
    html = ('<p>正文 <a href="http://x.example/">皇冠体育投注</a></p>'
            '<span style="display:none">六合彩 开户送彩金</span>'
            '<script src="http://evil.example/x.js"></script><a href="javascript:alert(1)">x</a>')
    assert kinds(scan_html(html)) == ["hidden_text", "spam_link", "unsafe_markup"]
    # a hidden internal link or hidden harmless text is not an alarm
    assert scan_html('<div style="display:none"><a href="/news/">新闻</a>菜单</div>') == []


def _rich_text_page_type(parent):
    """A page type of the themes that has a rich-text field and may live under `parent`."""
    for model in get_page_models():
        if model is Page or model._meta.abstract:
            continue
        fields = [f for f in model._meta.get_fields() if isinstance(f, RichTextField)]
        if fields and model.can_create_at(parent):
            return model, fields[0].name
    raise AssertionError("no page type with a rich-text field")


def _publish(site, title, html):
    with tenant_context(site):
        for parent in Page.objects.filter(depth__gte=2).order_by("depth", "path"):
            parent = parent.specific
            try:
                model, field = _rich_text_page_type(parent)
            except AssertionError:
                continue
            page = parent.add_child(instance=model(title=title, slug=f"p{abs(hash(title)) % 10**8}",
                                                   **{field: html}))
            page.save_revision().publish()
            return page
    raise AssertionError("nowhere to publish")


def test_publishing_a_defaced_page_is_flagged_and_reported(cluster):
    page = _publish(cluster.peach, "春耕工作会议", DEFACED)
    clean = _publish(cluster.peach, "干净的新闻", CLEAN)
    findings = ContentFinding.open().filter(site=cluster.peach)
    assert sorted({f.kind for f in findings.filter(page_id=page.pk)}) == ["hidden_link", "sensitive_word"]
    assert not findings.filter(page_id=clean.pk).exists()
    assert not ContentFinding.objects.filter(site=cluster.willow).exists()
    assert AuditLogEntry.objects.filter(action="content_flagged", site=cluster.peach, object_id=str(page.pk)).exists()

    # reported to the platform (operators) and the site's administrators, not to others
    operator = enrol_totp(make_account("ops", operator=True))
    assert "bet-casino-888" in login("ops", otp_account=operator).get("/console/findings/").content.decode()
    site_admin = enrol_totp(make_account("admin", grants={cluster.peach: Role.SITE_ADMIN}))
    assert "bet-casino-888" in login("admin", otp_account=site_admin).get("/console/findings/").content.decode()
    make_account("other", grants={cluster.willow: Role.EDITOR})
    assert "bet-casino-888" not in login("other").get("/console/findings/").content.decode()

    # once cleaned and republished, the findings are resolved
    with tenant_context(cluster.peach):
        page = Page.objects.get(pk=page.pk).specific
        _model, field = _rich_text_page_type(page.get_parent().specific)
        setattr(page, field, CLEAN)
        page.save_revision().publish()
    assert not ContentFinding.open().filter(site=cluster.peach, page_id=page.pk).exists()


def test_scan_content_command_scans_whole_sites(cluster):
    page = _publish(cluster.willow, "柳树新闻", DEFACED)
    ContentFinding.objects.all().delete()  # as if the page had been defaced in the database directly
    out = io.StringIO()
    call_command("scan_content", "--site", "willow", "--no-progress", stdout=out)
    assert "willow: 3" in out.getvalue()
    assert ContentFinding.open().filter(site=cluster.willow, page_id=page.pk).count() == 3
    out = io.StringIO()
    call_command("scan_content", "--all", "--no-progress", stdout=out)
    assert "on 5 sites" in out.getvalue()
