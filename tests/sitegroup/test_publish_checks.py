"""One registry of publish checks runs for every page type, form pages included, with each site's severities."""
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from sitegroup.publishing import publish_checks
from sitegroup.publishing.models import PublishCheckSettings
from tests.plugin.publish_checks import MARKER
from themes.models import FormPage

from ..themes.factories import configure_site

pytestmark = pytest.mark.django_db  # the admin answers in Chinese, the product default
PASSWORD = "pw-editor-123456"


@pytest.fixture
def editors(cluster, site_client):
    """{site: admin client signed in as the site's own superuser} for two townships."""
    clients = {}
    for tenant in (cluster.peach, cluster.willow):
        configure_site(tenant, "gov-classic")
        with tenant_context(tenant):
            get_user_model().objects.create_superuser("editor", "e@example.cn", PASSWORD)
        client = site_client(tenant)
        client.post("/admin/login/?local=1", {"username": "editor", "password": PASSWORD})
        clients[tenant.slug] = client
    return clients


def set_severities(tenant, severities):
    with tenant_context(tenant):
        settings = PublishCheckSettings.load()
        settings.severities = severities
        settings.save()


def publish_form_page(client, tenant, slug, intro):
    """Create and publish a form page through the admin, as an editor would."""
    with tenant_context(tenant):
        home = Page.objects.get(depth=2)
    data = nested_form_data({
        "title": "征求意见", "slug": slug, "intro": rich_text(intro), "thank_you_text": rich_text("<p>谢谢。</p>"),
        "to_address": "", "from_address": "", "subject": "", "form_fields": inline_formset([]),
        "action-publish": "publish"})
    return client.post(f"/admin/pages/add/themes/formpage/{home.pk}/", data, follow=True)


def is_live(tenant, slug):
    with tenant_context(tenant):
        return FormPage.objects.filter(slug=slug, live=True).exists()


def test_a_blocking_accessibility_rule_stops_a_form_page_from_being_published(cluster, editors):
    set_severities(cluster.peach, {"link-name": "block"})
    intro = '<p>详见<a href="https://example.cn/rules">点击这里</a>。</p>'
    html = publish_form_page(editors["peach"], cluster.peach, "consultation", intro).content.decode()
    assert "未发布：请先修正以下问题。" in html and "点击这里" in html
    assert not is_live(cluster.peach, "consultation")
    # willow keeps the default (warn): the same page is published there, with a warning
    html = publish_form_page(editors["willow"], cluster.willow, "consultation", intro).content.decode()
    assert is_live(cluster.willow, "consultation")
    assert "无障碍：发布前有 1 个问题需要修正" in html


def test_a_check_from_another_app_blocks_or_warns_by_each_sites_choice(cluster, editors):
    assert "test-plugin-marker" in [check.id for check in publish_checks()]
    set_severities(cluster.peach, {"test-plugin-marker": "block"})
    intro = f"<p>{MARKER}</p>"
    html = publish_form_page(editors["peach"], cluster.peach, "marked", intro).content.decode()
    assert "未发布：请先修正以下问题。" in html and "The plugin&#x27;s marker is on the page." in html
    assert not is_live(cluster.peach, "marked")
    html = publish_form_page(editors["willow"], cluster.willow, "marked", intro).content.decode()
    assert is_live(cluster.willow, "marked") and "Plugin：发布前有 1 个问题需要修正" in html
    # a site can switch a check off altogether
    set_severities(cluster.peach, {"test-plugin-marker": "off"})
    html = publish_form_page(editors["peach"], cluster.peach, "marked", intro).content.decode()
    assert is_live(cluster.peach, "marked") and "Plugin：" not in html


def test_every_page_type_has_the_checked_form():
    from wagtail.models import get_page_models

    from sitegroup.publishing.forms import PublishChecksMixin

    for model in get_page_models():
        assert issubclass(model.get_edit_handler().get_form_class(), PublishChecksMixin), model


def test_the_settings_page_lists_every_registered_check_and_stores_choices_by_id(cluster, editors):
    client = editors["peach"]
    response = client.get("/admin/settings/publishing/publishchecksettings/", follow=True)
    url, page = response.redirect_chain[-1][0], response.content.decode()     # the site's one settings row
    for check in publish_checks():
        assert f'name="severity-{check.id}"' in page
    choices = {f"severity-{check.id}": check.default_severity for check in publish_checks()}
    response = client.post(url, {**choices, "severity-link-name": "block", "severity-test-plugin-marker": "off"})
    assert response.status_code == 302
    with tenant_context(cluster.peach):
        stored = PublishCheckSettings.load().severities
    assert stored["link-name"] == "block" and stored["test-plugin-marker"] == "off" and stored["html-lang"] == "block"
    with tenant_context(cluster.willow):
        assert PublishCheckSettings.load().severities == {}      # the other site is untouched


def test_a_sites_earlier_accessibility_choices_are_carried_over(cluster):
    from importlib import import_module

    copy_choices = import_module("accessibility.migrations.0002_copy_rule_choices_to_publish_checks").copy_choices
    with tenant_context(cluster.peach):
        legacy = apps.get_model("accessibility", "AccessibilitySettings").objects.create(link_name="block",
                                                                                      html_lang="warn")
        copy_choices(apps, None)
        assert PublishCheckSettings.load().severities == {"link-name": "block", "html-lang": "warn"}
        legacy.delete()
    with tenant_context(cluster.willow):
        copy_choices(apps, None)
        assert PublishCheckSettings.load().severities == {}
