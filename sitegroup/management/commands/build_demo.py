"""Build the demo cluster: a city, two districts, four townships, with content written for the demo.

Running it again reuses what exists: existing sites are kept, content is only added to
sites that have none yet.
"""
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context
from tqdm import tqdm
from wcwidth import wcswidth

from interaction import demo as interaction_demo
from sitegroup.demo import content
from sitegroup.demo import syndication as demo_syndication
from sitegroup.health.runner import run_site_health
from tenants import template_schema
from tenants.models import Tenant
from tenants.provisioning import SiteSpec, provision_site

DEMO_ADMIN = "admin"
DEMO_PASSWORD = "sitegroup-demo"


class Command(BaseCommand):
    help = "Create (or complete) the demo cluster and print the URLs to open."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="Port the URLs printed at the end use.")

    def handle(self, *args, port, **options):
        template_schema.assert_ready()
        sites = []
        for data in tqdm(content.SITES, desc="Demo sites", unit="site", file=self.stderr._out):
            tenant = Tenant.objects.filter(slug=data["slug"]).first()
            if tenant is None:
                tenant = provision_site(SiteSpec(**data))
            with tenant_context(tenant), transaction.atomic():
                self.ensure_admin()
                self.ensure_content(tenant)
            connection.set_schema_to_public()
            sites.append(tenant)
        # A pushed notice and two submissions, once every site exists.
        demo_syndication.build({tenant.slug: tenant for tenant in sites})
        connection.set_schema_to_public()
        self.ensure_transfer(sites)
        # Site health has something to show from the start (no probes yet: reachability has no data).
        for tenant in sites:
            run_site_health(tenant)
        self.print_urls(sites, port)

    def ensure_transfer(self, sites):
        """A township letter passed up to its district and answered there (once)."""
        from interaction.shared.models import Transfer

        by_slug = {site.slug: site for site in sites}
        township = by_slug.get("taoyuan")
        if township is not None and not Transfer.objects.filter(source_site=township).exists():
            with transaction.atomic():
                interaction_demo.build_transfer(township, township.parent)
            connection.set_schema_to_public()

    def ensure_admin(self):
        User = get_user_model()
        if not User.objects.filter(username=DEMO_ADMIN).exists():
            User.objects.create_superuser(DEMO_ADMIN, "admin@example.cn", DEMO_PASSWORD)

    def ensure_content(self, tenant):
        from wagtail.models import Locale, Page, Site

        from themes.models import ContentPage, SiteAppearance

        appearance = SiteAppearance.load()
        if not appearance.sponsor:
            for key, value in {**content.APPEARANCE.get(tenant.slug, {}),
                               **content.footer_for(tenant.name, tenant.slug)}.items():
                setattr(appearance, key, value)
            appearance.full_clean()
            appearance.save()
        if ContentPage.objects.exists():
            return
        home = Site.objects.get(is_default_site=True).root_page.specific
        home.intro = content.HOME_INTRO.format(site=tenant.name)
        home.save_revision().publish()
        columns = {page.slug: page for page in Page.objects.child_of(home)}
        attachment = self.demo_document(tenant, "附件：实施细则", "implementation-rules.pdf")
        application_form = self.demo_document(tenant, "申请表", "application-form.pdf")
        published_policies = []
        photo = self.demo_image("春耕备耕现场", "spring-ploughing.png", "春耕备耕现场：田间的拖拉机", field_photo_png())
        offset = content.AGE_OFFSET_DAYS.get(tenant.slug, 0)
        for column_slug, days_ago, title, summary, paragraphs, source in content.ITEMS:
            age = days_ago + offset
            fields = {
                "title": title.format(site=tenant.name), "summary": summary.format(site=tenant.name),
                "source": source, "author": "王晓明", "editor": "李娜", "keywords": "政务公开,政府网站",
                "publish_date": timezone.now() - datetime.timedelta(days=age, hours=days_ago),
                "slug": f"{column_slug}-{days_ago}",
            }
            body = "".join(f"<p>{p.format(site=tenant.name)}</p>" for p in paragraphs)
            if column_slug == "news":  # news carries an inline photo, as real news does
                body += f'<embed embedtype="image" id="{photo.pk}" format="fullwidth" alt="{photo.description}"/>'
            page = self.build_item(tenant, column_slug, days_ago, fields, body, attachment, application_form,
                                   published_policies)
            columns[column_slug].add_child(instance=page)
            page.save_revision().publish()
            if column_slug == "policies":
                published_policies.append(page)
        # The second policy was amended by the first: the catalogue shows both states.
        if len(published_policies) == 2:
            older = published_policies[1]
            older.validity = older.Validity.AMENDED
            older.replaced_by = published_policies[0]
            older.save_revision().publish()
        self.add_special_topic(tenant, home, columns)
        interaction_demo.build(tenant, home, columns)
        if tenant.level == Tenant.Level.CITY:
            english = home.copy_for_translation(Locale.objects.get(language_code="en"))
            english.title = content.CITY_ENGLISH["title"]
            english.intro = content.CITY_ENGLISH["intro"]
            english.save_revision().publish()

    def build_item(self, tenant, column_slug, days_ago, fields, body, attachment, application_form, policies):
        from themes.models import (
            AboutPage,
            ArticlePage,
            NoticePage,
            PolicyAttachment,
            PolicyDocumentPage,
            ServiceGuideForm,
            ServiceGuidePage,
        )

        if column_slug == "notices":
            expires = content.NOTICE_EXPIRY_DAYS.get(days_ago)
            expiry = (fields["publish_date"] + datetime.timedelta(days=expires)).date() if expires else None
            return NoticePage(body=body, expiry_date=expiry, **fields)
        if column_slug == "policies":
            meta = content.POLICIES[days_ago]
            page = PolicyDocumentPage(
                body=body, issuing_body=tenant.name, topic=meta["topic"],
                date_written=(fields["publish_date"] - datetime.timedelta(days=meta["date_written_days"])).date(),
                document_number=meta["document_number"].format(code=tenant.name[0] + "政"), **fields)
            page.attachments = [PolicyAttachment(document=attachment)]
            return page
        if column_slug == "services":
            details = dict(content.SERVICE_DETAILS[days_ago])
            page = ServiceGuidePage(
                conditions=body, materials=[("material", m) for m in details.pop("materials")],
                steps=[("step", step) for step in details.pop("steps")], **details, **fields)
            page.forms = [ServiceGuideForm(document=application_form)]
            return page
        if column_slug == "about":
            for key in ("summary", "publish_date", "source", "author", "editor", "keywords"):
                fields.pop(key)
            return AboutPage(body=body, **content.about_contact(tenant.slug), **fields)
        if (column_slug, days_ago) == content.LEAD_IMAGE_ITEM:
            fields["image"] = self.demo_image(content.LEAD_IMAGE["title"], "meeting.png",
                                             content.LEAD_IMAGE["alt"], lead_image_png())
        return ArticlePage(body=body, **fields)

    def add_special_topic(self, tenant, home, columns):
        from themes.models import SpecialTopicPage

        spec = content.SPECIAL_TOPIC
        topic = SpecialTopicPage(title=spec["title"], slug=spec["slug"],
                                 intro=spec["intro"].format(site=tenant.name))
        home.add_child(instance=topic)
        topic.source_columns = [columns[slug].specific for slug in spec["columns"]]
        topic.save_revision().publish()

    def demo_image(self, title, filename, description, png):
        from django.core.files.base import ContentFile
        from wagtail.images.models import Image

        return Image.objects.create(title=title, description=description, file=ContentFile(png, name=filename))

    def demo_document(self, tenant, title, filename):
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document

        return Document.objects.create(title=title, file=ContentFile(minimal_pdf(f"{tenant.name} {title}"),
                                                                     name=filename))

    def print_urls(self, sites, port):
        suffix = f":{port}" if port not in ("80", "") else ""
        platform_host = settings.SITEGROUP_PLATFORM_HOSTS[0]
        city = sites[0]
        rows = [("Directory of all sites", f"http://{platform_host}{suffix}/", "")]
        rows += [(tenant.name, f"http://{tenant.primary_domain_name()}{suffix}/", "") for tenant in sites]
        rows += [
            ("English city home", f"http://{city.primary_domain_name()}{suffix}/en/", ""),
            ("Search every site", f"http://{platform_host}{suffix}/search/?q=集约化", ""),
            ("Every site's notices", f"http://{platform_host}{suffix}/feeds/notice/rss.xml",
             "(RSS; feed.json for JSON Feed; each site: /feeds/rss.xml)"),
            ("Staff sign-in, console", f"http://{platform_host}{suffix}/login/",
             "(first operator: manage.py create_operator NAME)"),
            ("Site admin, local login", f"http://<site>.localhost{suffix}/admin/login/?local=1",
             f"(user “{DEMO_ADMIN}”, password “{DEMO_PASSWORD}”)"),
        ]
        self.stdout.write(self.style.SUCCESS("\nThe demo cluster is ready. Open:"))
        for line in aligned(rows):
            self.stdout.write(line)


def aligned(rows, indent="  ", gap=3):
    """Table lines whose columns line up in a terminal: Chinese characters take two columns."""
    widths = [max(wcswidth(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell + " " * (width - wcswidth(cell) + gap) for cell, width in zip(row, widths, strict=False)]
        lines.append((indent + "".join(cells) + row[-1]).rstrip())
    return lines


def field_photo_png():
    """A simple illustration for the news photo (a field under a green sky band), as PNG."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 450), (120, 170, 90))
    ImageDraw.Draw(picture).rectangle((0, 300, 800, 450), fill=(140, 110, 70))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def lead_image_png():
    """A simple illustration for the demo's lead image (a public building under a sky), as PNG."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 540), "#dbe9f6")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 400, 960, 540], fill="#9cc28a")
    draw.polygon([(480, 110), (720, 210), (240, 210)], fill="#f4f1ea", outline="#8c1c13")
    for x in range(280, 700, 70):
        draw.rectangle([x, 225, x + 32, 380], fill="#f4f1ea", outline="#8c1c13")
    draw.rectangle([230, 380, 730, 410], fill="#f4f1ea", outline="#8c1c13")
    draw.ellipse([790, 50, 870, 130], fill="#f6c343")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def minimal_pdf(text):
    """A small valid one-page PDF (ASCII text only; the title is kept in the metadata)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 18 Tf 72 760 Td (Sitegroup demo document) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info << /Title (%s) >> >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, text.encode("ascii", "replace"), xref)
    return bytes(out)
