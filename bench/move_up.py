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
import time

from throwaway import drop_throwaway_database, fresh_bench_cluster, use_throwaway_media_and_database

DATABASE = "sitegroup_bench_moveup"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    use_throwaway_media_and_database(DATABASE)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import schema_context
    from PIL import Image as PILImage
    from tqdm import tqdm
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Page, Revision

    from tenants.moveup import move_up, plan_move
    from themes.models import ArticlePage, ColumnPage, PolicyAttachment, PolicyDocumentPage

    district, town = fresh_bench_cluster(town_domains=["bench-town.localhost", "bench-town-alias.example.cn"])
    with schema_context(district.schema_name):
        home = Page.objects.get(depth=2)
        home.add_child(instance=ColumnPage(title="乡镇街道", slug="townships"))

    started = time.perf_counter()
    with schema_context(town.schema_name):
        buffer = io.BytesIO()
        PILImage.new("RGB", (64, 48), "teal").save(buffer, "PNG")
        png = buffer.getvalue()
        images = []
        for i in tqdm(range(args.images), desc="images", unit="img"):
            name = default_storage.save(f"original_images/photo-{i}.png", ContentFile(png))
            images.append(Image(title=f"图片{i}", file=name, width=64, height=48, file_size=len(png)))
        images = Image.objects.bulk_create(images)
        documents = []
        for i in tqdm(range(args.documents), desc="documents", unit="doc"):
            data = b"%PDF-1.4 bench " + str(i).encode() * 200
            name = default_storage.save(f"documents/file-{i}.pdf", ContentFile(data))
            documents.append(Document(title=f"文件{i}", file=name, file_size=len(data)))
        documents = Document.objects.bulk_create(documents)
        news = Page.objects.get(slug="news", depth=3)
        policies = Page.objects.get(slug="policies", depth=3)
        columns = [news.add_child(instance=ColumnPage(title=f"栏目{c}", slug=f"col-{c}", live=True))
                   for c in range(20)]
        now = timezone.now()
        made, previous = 0, None
        per_column = max(1, (args.pages - 20) // 20)
        for c, column in enumerate(tqdm(columns, desc="pages", unit="column")):
            for i in range(per_column):
                image = images[(c * per_column + i) % len(images)]
                document = documents[(c * per_column + i) % len(documents)]
                link = f'<a linktype="page" id="{previous.pk}">上一篇</a>' if previous else ""
                body = (f"<p>第{i}篇正文。{link}<a linktype=\"document\" id=\"{document.pk}\">附件</a></p>"
                        f'<embed embedtype="image" format="left" id="{image.pk}" alt=""/>')
                page = column.add_child(instance=ArticlePage(
                    title=f"文章{c}-{i}", slug=f"a-{i}", body=body, image=image, live=True,
                    first_published_at=now, last_published_at=now, publish_date=now))
                previous = page
                made += 1
        policy = PolicyDocumentPage(title="办法", slug="rules", issuing_body="基准镇", live=True,
                                    date_written=now.date(), publish_date=now, publisher_code="113301020125048399")
        policy.attachments = [PolicyAttachment(document=documents[0])]
        policies.add_child(instance=policy)
        # One revision per page, written in bulk (as if each had been saved once by an editor).
        from django.contrib.contenttypes.models import ContentType

        page_type = ContentType.objects.get_for_model(Page)
        revisions = []
        for page in Page.objects.filter(depth__gt=2).specific():
            revisions.append(Revision(base_content_type_id=page_type.pk,
                                      content_type_id=page.content_type_id, object_id=str(page.pk),
                                      created_at=now, content=page.serializable_data(), object_str=page.title))
        Revision.objects.bulk_create(revisions, batch_size=500)
    connection.set_schema_to_public()
    print(f"generated in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    plan = plan_move("bench-town", "/townships/bench-town/")
    plan_seconds = time.perf_counter() - started
    print(f"dry run: {plan_seconds:.2f} s, {len(plan.url_changes())} URL changes, {plan.bytes} bytes, "
          f"conflicts: {plan.conflicts or 'none'}")
    started = time.perf_counter()
    move = move_up("bench-town", "/townships/bench-town/", progress=True)
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
          f"{len(move.url_map)} URLs mapped")

    # Baseline: copy the same tree with Wagtail's Page.copy inside the (now closed) township schema.
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
    print(f"ratio: Wagtail's in-schema copy takes {copy_seconds / seconds:.2f}x the time of the verified "
          f"cross-schema move ({copied / copy_seconds:.0f} vs {before['pages'] / seconds:.0f} pages/s)")

    if not args.keep:
        drop_throwaway_database(DATABASE)


if __name__ == "__main__":
    main()
