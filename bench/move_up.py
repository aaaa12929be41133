"""Move-up benchmark: generate a big township, move it into its district, print time and counts.

Baseline, same run and same content: Wagtail's own recursive copy of the township's page
tree inside one schema, which is all a single-schema multi-site Wagtail would do to put a
township under its district. It copies pages and revisions only: no files change schema,
no references are remapped, no redirects are written, nothing is verified.

    make bench                       # or: .venv/bin/python bench/move_up.py [--pages 2000 --images 500 --documents 200]

Runs against a throw-away database (`sitegroup_bench_moveup` on the embedded server, or
BENCH_DATABASE_URL) and a throw-away media folder, so demo data is never touched.
"""
import argparse
import io
import os
import tempfile
import time

from throwaway import drop_throwaway_database, use_throwaway_database

DATABASE = "sitegroup_bench_moveup"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sitegroup-bench-media-")
    use_throwaway_database(DATABASE)
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.settings_dict['NAME']} (PostgreSQL), preparing schema and template ...")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    town = generate(args.pages, args.images, args.documents)
    print(f"generated in {time.perf_counter() - started:.1f} s")
    seconds, pages = move(town)
    baseline(town, seconds, pages)
    if not args.keep:
        drop_throwaway_database(DATABASE)


def generate(pages, images, documents):
    """A district with a “townships” column and a township of `pages` pages, `images` images, `documents` documents."""
    from django.db import connection
    from django_tenants.utils import schema_context
    from wagtail.models import Page

    from tenants.models import Tenant
    from tenants.provisioning import SiteSpec, provision_site
    from themes.models import ColumnPage

    for tenant in Tenant.objects.order_by("-level"):
        tenant.moves_out.all().delete()
        tenant.moves_in.all().delete()
    for tenant in Tenant.objects.order_by("-level"):
        tenant.delete(force_drop=True)
    provision_site(SiteSpec(slug="bench-city", name="基准市", level="city"))
    district = provision_site(SiteSpec(slug="bench-district", name="基准区", level="district", parent="bench-city"))
    town = provision_site(SiteSpec(slug="bench-town", name="基准镇", level="township", parent="bench-district",
                                   domains=["bench-town.localhost", "bench-town-alias.example.cn"]))
    with schema_context(district.schema_name):
        home = Page.objects.get(depth=2)
        home.add_child(instance=ColumnPage(title="乡镇街道", slug="townships"))
    with schema_context(town.schema_name):
        fill_township(pages, images, documents)
    connection.set_schema_to_public()
    return town


def fill_township(page_count, image_count, document_count):
    """The township's content, written in its schema: images and documents with files, pages linking them."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from PIL import Image as PILImage
    from tqdm import tqdm
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Page, Revision

    from themes.models import ArticlePage, ColumnPage, PolicyAttachment, PolicyDocumentPage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "teal").save(buffer, "PNG")
    png = buffer.getvalue()
    images = []
    for i in tqdm(range(image_count), desc="images", unit="img"):
        name = default_storage.save(f"original_images/photo-{i}.png", ContentFile(png))
        images.append(Image(title=f"图片{i}", file=name, width=64, height=48, file_size=len(png)))
    images = Image.objects.bulk_create(images)
    documents = []
    for i in tqdm(range(document_count), desc="documents", unit="doc"):
        data = b"%PDF-1.4 bench " + str(i).encode() * 200
        name = default_storage.save(f"documents/file-{i}.pdf", ContentFile(data))
        documents.append(Document(title=f"文件{i}", file=name, file_size=len(data)))
    documents = Document.objects.bulk_create(documents)
    news = Page.objects.get(slug="news", depth=3)
    policies = Page.objects.get(slug="policies", depth=3)
    columns = [news.add_child(instance=ColumnPage(title=f"栏目{c}", slug=f"col-{c}", live=True)) for c in range(20)]
    now = timezone.now()
    previous = None
    per_column = max(1, (page_count - 20) // 20)
    for c, column in enumerate(tqdm(columns, desc="pages", unit="column")):
        for i in range(per_column):
            image = images[(c * per_column + i) % len(images)]
            document = documents[(c * per_column + i) % len(documents)]
            link = f'<a linktype="page" id="{previous.pk}">上一篇</a>' if previous else ""
            body = (f"<p>第{i}篇正文。{link}<a linktype=\"document\" id=\"{document.pk}\">附件</a></p>"
                    f'<embed embedtype="image" format="left" id="{image.pk}" alt=""/>')
            previous = column.add_child(instance=ArticlePage(
                title=f"文章{c}-{i}", slug=f"a-{i}", body=body, image=image, live=True,
                first_published_at=now, last_published_at=now, publish_date=now))
    policy = PolicyDocumentPage(title="办法", slug="rules", issuing_body="基准镇", live=True,
                                date_written=now.date(), publish_date=now, publisher_code="113301020125048399")
    policy.attachments = [PolicyAttachment(document=documents[0])]
    policies.add_child(instance=policy)
    # One revision per page, written in bulk (as if each had been saved once by an editor).
    page_type = ContentType.objects.get_for_model(Page)
    revisions = [Revision(base_content_type_id=page_type.pk, content_type_id=page.content_type_id,
                          object_id=str(page.pk), created_at=now, content=page.serializable_data(),
                          object_str=page.title)
                 for page in Page.objects.filter(depth__gt=2).specific()]
    Revision.objects.bulk_create(revisions, batch_size=500)


def move(town):
    """Dry run and move; prints counts, checksums and time. Returns (seconds, pages moved)."""
    from tenants.moveup import move_up, plan_move

    started = time.perf_counter()
    plan = plan_move(town.slug, "/townships/bench-town/")
    plan_seconds = time.perf_counter() - started
    print(f"dry run: {plan_seconds:.2f} s, {len(plan.url_changes())} URL changes, {plan.bytes} bytes, "
          f"conflicts: {plan.conflicts or 'none'}")
    started = time.perf_counter()
    move = move_up(town.slug, "/townships/bench-town/", progress=True)
    move.refresh_from_db()
    seconds = time.perf_counter() - started
    before, after = move.counts["before"], move.counts["after"]
    print()
    print(f"{'':<20}{'before':>10}{'after':>10}")
    for key in before:
        print(f"{key:<20}{before[key]:>10}{after.get(key, '-'):>10}")
    same = move.checksums["before"] == move.checksums["after"]
    print(f"checksums: {'all equal' if same else 'DIFFER'} ({', '.join(move.checksums['before'])})")
    print(f"move: {seconds:.1f} s ({before['pages'] / seconds:.0f} pages/s), state {move.state}, "
          f"{len(move.url_map)} URLs mapped (target <= 60 s: {'met' if seconds <= 60 else 'NOT met'})")
    return seconds, before["pages"]


def baseline(town, seconds, pages):
    """Wagtail's Page.copy(recursive) of the same tree inside the (now closed) township's schema."""
    from django.db import connection
    from django_tenants.utils import schema_context
    from tqdm import tqdm
    from wagtail.models import Page

    from themes.models import ColumnPage

    with schema_context(town.schema_name):
        home = Page.objects.get(depth=2)
        target = home.add_child(instance=ColumnPage(title="复制目标", slug="copy-target"))
        sources = list(home.get_children().exclude(pk=target.pk))
        started = time.perf_counter()
        for column in tqdm(sources, desc="Wagtail copy", unit="column"):
            column.specific.copy(recursive=True, to=target, copy_revisions=True, keep_live=True)
        copy_seconds = time.perf_counter() - started
        copied = target.get_descendants().count()
    connection.set_schema_to_public()
    print(f"baseline, Wagtail Page.copy(recursive) in one schema: {copy_seconds:.1f} s for {copied} pages "
          f"({copied / copy_seconds:.0f} pages/s), no files, references, redirects or verification")
    ratio = copy_seconds / seconds
    print(f"ratio: Wagtail's in-schema copy takes {ratio:.2f}x the time of the verified cross-schema move "
          f"({copied / copy_seconds:.0f} vs {pages / seconds:.0f} pages/s; target >= 2x: "
          f"{'met' if ratio >= 2 else 'NOT met'})")


if __name__ == "__main__":
    main()
