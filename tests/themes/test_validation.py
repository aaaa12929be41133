"""Each page type's validation rules, and the theme's limits on a site's choices, with clear messages."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from themes.models import ColumnPage, NoticePage, PolicyDocumentPage, ServiceGuidePage, SiteAppearance

from .factories import configure_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def check(instance):
    # Unsaved pages have no tree position yet; everything else is validated.
    instance.full_clean(exclude=["path", "depth"] if isinstance(instance, Page) else None)


def errors_of(instance):
    with pytest.raises(ValidationError) as excinfo:
        check(instance)
    return excinfo.value.message_dict


def policy(**overrides):
    fields = dict(title="文件", slug="doc", issuing_body="桃花镇人民政府", date_written=datetime.date(2026, 3, 1),
                  publish_date=timezone.make_aware(datetime.datetime(2026, 3, 2, 9)), topic="general",
                  document_number="桃政发〔2026〕3号")
    fields.update(overrides)
    return PolicyDocumentPage(**fields)


@pytest.fixture
def peach(cluster):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        yield cluster.peach


def test_a_valid_policy_document_passes(peach):
    check(policy())


@pytest.mark.parametrize("number", ["桃政发[2026]3号", "桃政发〔26〕3号", "桃政发〔2026〕3", "2026-3", "〔2026〕3号"])
def test_policy_document_number_format_is_explained(peach, number):
    message = errors_of(policy(document_number=number))["document_number"][0]
    assert f"“{number}” is not a document number" in message and "青政发〔2024〕12号" in message


def test_policy_written_after_publication_is_refused(peach):
    message = errors_of(policy(date_written=datetime.date(2026, 3, 5)))["date_written"][0]
    assert "2026-03-05" in message and "2026-03-02" in message


def test_amended_policy_must_link_to_what_amends_it(peach):
    assert "must link to the document that amends it" in errors_of(
        policy(validity=PolicyDocumentPage.Validity.AMENDED))["replaced_by"][0]


def test_policy_needs_a_publisher_code_somewhere(peach):
    appearance = SiteAppearance.load()
    appearance.organisation_code = ""
    appearance.save()
    assert "organisation code" in errors_of(policy())["publisher_code"][0]
    check(policy(publisher_code="113301020125048399"))
    assert "not an organisation code" in errors_of(policy(publisher_code="abc"))["publisher_code"][0]


def test_notice_cannot_expire_before_it_is_published(peach):
    notice = NoticePage(title="通知", slug="n", publish_date=timezone.make_aware(datetime.datetime(2026, 5, 10, 9)),
                        expiry_date=datetime.date(2026, 5, 1))
    message = errors_of(notice)["expiry_date"][0]
    assert "would expire (2026-05-01) before it is published (2026-05-10)" in message
    notice.expiry_date = datetime.date(2026, 5, 10)
    check(notice)


def test_service_guide_online_link_must_be_https(peach):
    guide = ServiceGuidePage(title="指南", slug="g", time_limit="5 个工作日", online_url="http://zwfw.example.cn/")
    assert "https://" in errors_of(guide)["online_url"][0]
    assert "time_limit" in errors_of(ServiceGuidePage(title="指南", slug="g"))


def test_column_page_size_is_bounded(peach):
    assert "between 5 and 100" in errors_of(ColumnPage(title="栏目", slug="c", items_per_page=500))[
        "items_per_page"][0]


def test_page_type_rules_are_enforced_in_the_admin_too(peach, site_client):
    """An editor saving an invalid notice in the Wagtail admin sees the message; nothing is stored."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("editor", "e@example.cn", "pw-editor-123456")
    notices = Page.objects.get(slug="notices")
    client = site_client(peach)  # each request ends in the public schema
    assert client.post("/admin/login/", {"username": "editor", "password": "pw-editor-123456"}).status_code == 302
    from wagtail.test.utils.form_data import rich_text

    response = client.post(f"/admin/pages/add/themes/noticepage/{notices.pk}/", {
        "title": "过期通知", "slug": "expired-notice", "publish_date": "2026-05-10 09:00",
        "expiry_date": "2026-05-01", "summary": "", "body": rich_text("<p>内容</p>"), "source": "",
        "author": "", "editor": "", "keywords": "", "action-publish": "publish",
    })
    assert response.status_code == 200
    assert "早于发布日期（2026-05-10）" in response.content.decode()  # the admin speaks Chinese by default
    with tenant_context(peach):
        assert not NoticePage.objects.filter(slug="expired-notice").exists()


# --- A site's choices within its theme -------------------------------------------------------

def test_low_contrast_colour_is_refused_with_the_measured_ratio(peach):
    appearance = SiteAppearance.load()
    appearance.primary_color = "#ffcc00"  # yellow: white header text would be unreadable
    message = errors_of(appearance)["primary_color"][0]
    assert "#ffcc00 against #ffffff has a contrast ratio of 1.51:1" in message
    assert "at least 4.5:1" in message


def test_text_colour_is_checked_against_the_sites_background(peach):
    appearance = SiteAppearance.load()
    appearance.background_color = "#333333"  # dark page behind #1a1a1a body text
    assert "against #1a1a1a" in errors_of(appearance)["background_color"][0]


def test_sufficient_contrast_and_offered_choices_pass(peach):
    appearance = SiteAppearance.load()
    appearance.primary_color = "#1b5e20"
    appearance.font_family = "serif"
    appearance.full_clean()


def test_choices_outside_the_theme_are_refused(peach):
    appearance = SiteAppearance.load()
    appearance.font_family = "comic"
    appearance.primary_color = "red"
    errors = errors_of(appearance)
    assert "“comic” is not offered by this theme" in errors["font_family"][0]
    assert "use the #rrggbb form" in errors["primary_color"][0]
    appearance.font_family, appearance.primary_color = "", ""
    appearance.theme_slug = "no-such-theme"
    assert "No theme “no-such-theme” is available" in errors_of(appearance)["theme_slug"][0]


def test_site_identifier_format(peach):
    appearance = SiteAppearance.load()
    appearance.site_id_code = "12ab"
    assert "10 digits or capital letters" in errors_of(appearance)["site_id_code"][0]


def test_contrast_messages_are_chinese_by_default(peach):
    from django.utils import translation

    appearance = SiteAppearance.load()
    appearance.primary_color = "#ffcc00"
    with translation.override("zh-hans"):
        message = errors_of(appearance)["primary_color"][0]
    assert "1.51:1" in message and "对比度" in message


def test_contrast_ratio_matches_wcag_reference_values():
    from themes.colors import contrast_ratio

    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54   # the classic AA-passing grey
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48   # ... and the one that fails
