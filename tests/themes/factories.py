"""Build one page of every type on a site, the way an editor would (revisions, publish)."""
import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site

from interaction.models import ConsultationPage, DisclosureRequestPage, MailboxPage
from themes.models import (
    AboutPage,
    ArticlePage,
    FormField,
    FormPage,
    NoticePage,
    PolicyAttachment,
    PolicyDocumentPage,
    ServiceGuideForm,
    ServiceGuidePage,
    SiteAppearance,
    SpecialTopicPage,
)

ORG_CODES = {"peach": "113301020125048399", "willow": "113301020225048398"}


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def logo_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), "white").save(buffer, "PNG")
    return Image.objects.create(title="logo", file=ImageFile(buffer, name="site-logo.png"))


def configure_site(tenant, theme_slug, **choices):
    with tenant_context(tenant):
        appearance = SiteAppearance.load()
        appearance.theme_slug = theme_slug
        appearance.logo = logo_image()
        appearance.sponsor = f"{tenant.name}（主办）"
        appearance.site_id_code = "3301020101"
        appearance.icp_number = "青ICP备20240001号"
        appearance.police_number = "青公网安备 33010202000001号"
        appearance.phone = "0571-12345"
        appearance.organisation_code = ORG_CODES.get(tenant.slug, "113301000025048300")
        for key, value in choices.items():
            setattr(appearance, key, value)
        appearance.full_clean()
        appearance.save()
        return appearance


def build_every_page_type(tenant):
    """{type name: live page} for every page type, under the site's standard columns.

    tests/themes/test_page_types.py fails when a page type is added without a page here.
    """
    with tenant_context(tenant):
        home = Site.objects.get().root_page.specific
        column = {page.slug: page.specific for page in Page.objects.child_of(home)}
        now = timezone.now()
        document = Document.objects.create(title="实施细则", file=ContentFile(b"%PDF-1.4 test", name="rules.pdf"))
        pages = {"home": home, "column": column["news"], "disclosure": column["disclosure"]}
        pages["article"] = publish(column["news"], ArticlePage(
            title="全面推进政府网站集约化", slug="article", summary="推进集约化建设。", body="<p>正文内容。</p>",
            source="办公室", author="王晓明", keywords="集约化", publish_date=now - datetime.timedelta(hours=1)))
        pages["notice"] = publish(column["notices"], NoticePage(
            title="停水通知", slug="notice", body="<p>周六停水。</p>", source="水务局",
            expiry_date=(now + datetime.timedelta(days=10)).date(), publish_date=now - datetime.timedelta(hours=2)))
        policy = PolicyDocumentPage(
            title="关于优化营商环境的若干措施", slug="policy", issuing_body=tenant.name, body="<p>措施。</p>",
            date_written=(now - datetime.timedelta(days=5)).date(), document_number="桃政发〔2026〕3号",
            topic="commerce", source="办公室", publish_date=now - datetime.timedelta(hours=3))
        policy.attachments = [PolicyAttachment(document=document)]
        pages["policy"] = publish(column["policies"], policy)
        guide = ServiceGuidePage(
            title="居民身份证办理指南", slug="guide", time_limit="20 个工作日", fees="不收费",
            conditions="<p>本地户籍居民。</p>", place_and_hours="政务服务中心", online_url="https://zwfw.example.cn/",
            materials=[("material", {"name": "户口簿", "form": "original", "copies": 1, "required": True,
                                     "note": ""})],
            steps=[("step", {"title": "申请", "description": "提交材料"})],
            publish_date=now - datetime.timedelta(hours=4))
        guide.forms = [ServiceGuideForm(document=document)]
        pages["service"] = publish(column["services"], guide)
        pages["about"] = publish(column["about"], AboutPage(
            title="机构职能", slug="functions", body="<p>主要职责。</p>", address="人民路1号", phone="0571-12345"))
        topic = SpecialTopicPage(title="集约化专题", slug="topic", intro="<p>专题。</p>")
        home.add_child(instance=topic)
        topic.source_columns = [column["news"], column["policies"]]
        topic.save_revision().publish()
        pages["topic"] = topic
        form = FormPage(title="意见征集", slug="consultation", intro="<p>请对实施细则提出意见。</p>",
                        thank_you_text="<p>谢谢您的意见。</p>")
        form.form_fields = [FormField(label="姓名", field_type="singleline", required=True),
                            FormField(label="意见", field_type="multiline", required=True)]
        pages["form"] = publish(home, form)
        # 政民互动 (interaction/): the mailbox, the request form and a consultation open for comments.
        pages["mailbox"] = publish(home, MailboxPage(title="领导信箱", slug="mailbox", intro="<p>欢迎来信。</p>"))
        pages["disclosure_request"] = publish(home, DisclosureRequestPage(title="依申请公开", slug="ysqgk"))
        pages["consultation_page"] = publish(home, ConsultationPage(
            title="停车管理办法征求意见", slug="draft-consultation", draft="<p>第一条 为规范停车管理，制定本办法。</p>",
            opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=20)))
        return pages


EDITOR_PASSWORD = "pw-editor-123456"


def site_with_local_editor(tenant, theme_slug="gov-classic"):
    """`tenant` in a theme, with a local superuser "editor" (the break-glass login of the admin)."""
    from django.contrib.auth import get_user_model

    configure_site(tenant, theme_slug)
    with tenant_context(tenant):
        get_user_model().objects.create_superuser("editor", "e@example.cn", EDITOR_PASSWORD)


def signed_in_editor(site_client, tenant):
    """A client of `tenant` signed in to its admin as the editor of site_with_local_editor()."""
    client = site_client(tenant)
    assert client.post("/admin/login/", {"username": "editor", "password": EDITOR_PASSWORD}).status_code == 302
    return client
