"""A township with everything a move must carry: nested columns, links, media, forms, a redirect."""
import datetime
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page, Site

from themes.models import (
    ArticlePage,
    ColumnPage,
    FormField,
    FormPage,
    NoticePage,
    PolicyAttachment,
    PolicyDocumentPage,
    SpecialTopicPage,
)

from ..themes.factories import configure_site, publish


def png(colour="red", size=(30, 20)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer


@dataclass
class Township:
    pages: dict
    image: Image
    document: Document
    urls: dict          # name → old path


def build_township(tenant, *, pages_only=False):
    configure_site(tenant, "gov-classic")
    with tenant_context(tenant):
        home = Site.objects.get().root_page.specific
        news = Page.objects.get(slug="news", depth=3).specific
        policies = Page.objects.get(slug="policies", depth=3).specific
        root_collection = Collection.get_first_root_node()
        photos = root_collection.add_child(instance=Collection(name="照片"))
        image = Image.objects.create(title="镇政府大楼", file=ImageFile(png(), name="building.png"),
                                     collection=photos)
        document = Document.objects.create(title="申报表", file=ContentFile(b"%PDF-1.4 form", name="apply.pdf"))
        now = timezone.now()
        sub = news.add_child(instance=ColumnPage(title="镇村动态", slug="villages", column_type="news"))
        sub.save_revision().publish()
        notice = publish(Page.objects.get(slug="notices", depth=3), NoticePage(
            title="停电通知", slug="power-cut", body="<p>周日停电。</p>",
            publish_date=now - datetime.timedelta(hours=3)))
        article = ArticlePage(
            title="桃花节开幕", slug="festival", summary="桃花节。", image=image,
            publish_date=now - datetime.timedelta(hours=1),
            body=(f'<p>见<a linktype="page" id="{notice.pk}">停电通知</a>和'
                  f'<a linktype="document" id="{document.pk}">申报表</a>。</p>'
                  f'<embed alt="大楼" embedtype="image" format="left" id="{image.pk}"/>'))
        article = publish(sub, article)
        # A second revision, so history has more than the live one.
        article.title = "桃花节隆重开幕"
        article.save_revision().publish()
        old_policy = PolicyDocumentPage(
            title="旧办法", slug="old-rules", issuing_body=tenant.name, body="<p>旧。</p>",
            date_written=(now - datetime.timedelta(days=30)).date(), publish_date=now - datetime.timedelta(days=20))
        old_policy = publish(policies, old_policy)
        policy = PolicyDocumentPage(
            title="新办法", slug="new-rules", issuing_body=tenant.name,
            body=f'<p>取代<a linktype="page" id="{old_policy.pk}">旧办法</a>。</p>',
            date_written=(now - datetime.timedelta(days=2)).date(), publish_date=now - datetime.timedelta(hours=2))
        policy.attachments = [PolicyAttachment(document=document, title="附件1")]
        policy = publish(policies, policy)
        old_policy.replaced_by = policy
        old_policy.validity = "amended"
        old_policy.save_revision().publish()
        topic = SpecialTopicPage(title="桃花节专题", slug="festival-topic", intro="<p>专题。</p>", banner=image)
        home.add_child(instance=topic)
        topic.source_columns = [news, sub]
        topic.save_revision().publish()
        form = FormPage(title="意见征集", slug="consultation", intro="<p>请提出意见。</p>",
                        thank_you_text="<p>谢谢。</p>")
        form.form_fields = [FormField(label="姓名", field_type="singleline", required=True),
                            FormField(label="意见", field_type="multiline", required=True)]
        form = publish(Page.objects.get(slug="interaction", depth=3) if Page.objects.filter(
            slug="interaction", depth=3).exists() else home, form)
        for name in ("张三", "李四"):
            FormSubmission.objects.create(page=form, form_data={"xing_ming": name, "yi_jian": "很好"})
        Redirect.objects.create(old_path="/old-festival", site=Site.objects.get(), redirect_page=article)
        pages = {"home": home, "news": news, "villages": sub, "notice": notice, "article": article,
                 "old_policy": old_policy, "policy": policy, "topic": topic, "form": form}
        urls = {name: page.relative_url(Site.objects.get()) for name, page in pages.items()}
        urls["document_file"] = document.url
        urls["image_file"] = image.file.url
        return Township(pages=pages, image=Image.objects.get(pk=image.pk), document=document, urls=urls)


def add_section(tenant, path_slug="townships", title="乡镇街道"):
    with tenant_context(tenant):
        home = Site.objects.get().root_page.specific
        section = home.add_child(instance=ColumnPage(title=title, slug=path_slug, column_type="general"))
        section.save_revision().publish()
        return section


def snapshot(tenant):
    """Counts of everything in a site's schema, to show a move left it alone."""
    from wagtail.models import Revision

    with tenant_context(tenant):
        return {"pages": Page.objects.count(), "revisions": Revision.objects.count(),
                "images": Image.objects.count(), "documents": Document.objects.count(),
                "collections": Collection.objects.count(), "redirects": Redirect.objects.count(),
                "submissions": FormSubmission.objects.count(),
                "paths": list(Page.objects.order_by("path").values_list("path", "url_path", "title"))}
