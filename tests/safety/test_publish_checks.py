"""Content safety as publish checks: publishing directly from the editor, bypassing 先审后发, is stopped too."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from sitegroup.identity.models import Role
from sitegroup.publishing import publish_checks
from sitegroup.publishing.models import PublishCheckSettings
from sitegroup.publishing.runner import run_checks
from themes.models import ArticlePage

from ..identity.helpers import enrol_totp, enter, login, make_account
from .helpers import CLEAN, INJECTED

pytestmark = pytest.mark.django_db

REFUSED = "未发布：请先修正以下问题。"


def signed_in(username, site, role):
    account = enrol_totp(make_account(username, grants={site: role}))
    return enter(login(username, otp_account=account), site)


def publish_directly(client, site, slug, body):
    """A new article, published from the editor's 发布 button (no workflow)."""
    with tenant_context(site):
        news = Page.objects.get(depth=3, slug="news")
    data = {"title": "春季农业生产工作会议", "slug": slug, "publish_date": "2026-05-10 09:00", "summary": "",
            "body": rich_text(body), "source": "", "author": "", "editor": "", "keywords": "",
            "action-publish": "publish"}
    return client.post(f"/admin/pages/add/themes/articlepage/{news.pk}/", data, follow=True).content.decode()


def is_live(site, slug):
    with tenant_context(site):
        return ArticlePage.objects.filter(slug=slug, live=True).exists()


def choose(site, severities):
    with tenant_context(site):
        settings = PublishCheckSettings.load()
        settings.severities = severities
        settings.save()


def test_content_safety_is_registered_as_publish_checks():
    checks = {check.id: check.default_severity for check in publish_checks()}
    assert checks["content-safety"] == "block"
    assert checks["content-safety-doubtful"] == "warn" and checks["standard-wording"] == "warn"


def test_a_site_admin_or_moderator_publishing_injected_gambling_text_directly_is_refused_with_the_reason(cluster):
    admin = signed_in("boss", cluster.peach, Role.SITE_ADMIN)
    html = publish_directly(admin, cluster.peach, "spam", INJECTED)
    assert REFUSED in html and "鸿运88娱乐城" in html
    assert not is_live(cluster.peach, "spam")
    moderator = signed_in("mod", cluster.peach, Role.MODERATOR)
    html = publish_directly(moderator, cluster.peach, "spam-again", INJECTED)
    assert REFUSED in html and "鸿运88娱乐城" in html
    assert not is_live(cluster.peach, "spam-again")

    # a clean page publishes, without a content-safety message
    html = publish_directly(admin, cluster.peach, "clean", CLEAN)
    assert is_live(cluster.peach, "clean") and REFUSED not in html and "内容安全：" not in html


def test_a_site_that_set_the_check_to_warn_publishes_with_a_warning(cluster):
    choose(cluster.willow, {"content-safety": "warn"})
    willow_admin = signed_in("willowboss", cluster.willow, Role.SITE_ADMIN)
    html = publish_directly(willow_admin, cluster.willow, "spam", INJECTED)
    assert is_live(cluster.willow, "spam")
    assert REFUSED not in html and "内容安全：发布前有 1 个问题需要修正" in html and "鸿运88娱乐城" in html
    # willow's choice is its own: peach still refuses the same page
    peach_admin = signed_in("peachboss", cluster.peach, Role.SITE_ADMIN)
    assert REFUSED in publish_directly(peach_admin, cluster.peach, "spam", INJECTED)
    assert not is_live(cluster.peach, "spam")


def test_wording_problems_are_warnings_at_publish(cluster):
    admin = signed_in("boss", cluster.peach, Role.SITE_ADMIN)
    html = publish_directly(admin, cluster.peach, "wording", "<p>截止目前，全镇已完成春播，我们将再接再励。</p>")
    assert is_live(cluster.peach, "wording") and REFUSED not in html
    assert "“再接再励” → “再接再厉”" in html


def test_the_page_is_rendered_once_for_every_check(cluster, monkeypatch):
    renders = []
    original = Page.make_preview_request

    def counting(self, *args, **kwargs):
        renders.append(self.pk)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Page, "make_preview_request", counting)
    with tenant_context(cluster.peach):
        news = Page.objects.get(depth=3, slug="news")
        page = news.add_child(
            instance=ArticlePage(title="春季农业生产工作会议", slug="draft", body=INJECTED, live=False))
        found = {problem.rule for problem, _severity in run_checks(page)}
    assert "content-safety" in found and len(publish_checks()) > 3
    assert renders == [page.pk]
