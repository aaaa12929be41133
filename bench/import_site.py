"""Legacy import benchmark: generate a legacy township site, serve it on loopback, import it.

Prints pages per second and where the time goes (fetching, extraction, content safety, saving:
pages, files, revisions, publishing, redirects). Baseline, same run and same site: fetching and
extracting every page with trafilatura and nothing else, the least any importer has to do.

    make bench        # or: .venv/bin/python bench/import_site.py [--pages 2000 --images 500]

Runs against a throw-away database (`sitegroup_bench_import` on the embedded server, or
BENCH_DATABASE_URL) and a throw-away media folder, so demo data is never touched.
"""
import argparse
import io
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from throwaway import drop_throwaway_database, fresh_bench_cluster, use_throwaway_media_and_database

DATABASE = "sitegroup_bench_import"
COLUMNS = [("col101", "新闻动态"), ("col102", "通知公告"), ("col103", "政策文件"), ("col104", "村务公开")]
PER_LIST_PAGE = 20
PARAGRAPHS = [
    "镇党委、镇政府高度重视此项工作，多次召开专题会议研究部署，明确责任分工和时间节点。",
    "各村（社区）结合自身实际，制定具体实施方案，组织党员干部深入农户宣传政策，做到家喻户晓。",
    "下一步，全镇将进一步完善工作机制，加强督促检查，确保各项任务按时保质完成，切实增强群众获得感。",
    "会议还对近期安全生产、森林防火和信访维稳等工作作了安排，要求各单位守土有责、守土尽责。",
]


def write_site(folder, pages, images):
    """A legacy site of `pages` articles over four paginated columns; the first `images` have a photo."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "olive").save(buffer, "PNG")
    (folder / "picture").mkdir(parents=True)
    for i in range(images):
        (folder / "picture" / f"p{i}.png").write_bytes(buffer.getvalue() + i.to_bytes(4, "big"))
    lists = defaultdict(list)
    for i in range(pages):
        code, column = COLUMNS[i % len(COLUMNS)]
        path = f"art/2019/{i % 12 + 1}/{i % 28 + 1}/art_{code[3:]}_{i}.html"
        title = f"{column}第{i}号：青石镇推进重点工作情况"
        body = "".join(f"<p>{PARAGRAPHS[(i + k) % 4]}（{i}）</p>" for k in range(6))
        if i < images:
            body += f'<p><img src="/picture/p{i}.png" alt="工作现场{i}"></p>'
        if i:
            body += f'<p>相关报道：<a href="/art/2019/{(i - 1) % 12 + 1}/{(i - 1) % 28 + 1}/' \
                    f'art_{COLUMNS[(i - 1) % 4][0][3:]}_{i - 1}.html">上一篇</a></p>'
        charset = "gbk" if i % 4 == 0 else "utf-8"
        html = (f'<html><head><meta charset="{charset}"><title>{title}_青石镇</title>'
                f'<meta name="ArticleTitle" content="{title}"><meta name="ColumnName" content="{column}"></head>'
                f'<body><div class="nav"><a href="/index.html">首页</a></div><div class="article"><h1>{title}</h1>'
                f'<div class="info">发布时间：2019-{i % 12 + 1:02d}-{i % 28 + 1:02d} 来源：镇党政办</div>'
                f'<div class="content">{body}</div></div><div class="footer">主办：青石镇人民政府</div></body></html>')
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html.encode("gb18030" if charset == "gbk" else "utf-8"))
        lists[code].append((path, title))
    home_links = []
    for code, column in COLUMNS:
        chunks = [lists[code][n:n + PER_LIST_PAGE] for n in range(0, len(lists[code]), PER_LIST_PAGE)]
        for number, chunk in enumerate(chunks, 1):
            name = "index.html" if number == 1 else f"index_{number}.html"
            items = "".join(f'<li><a href="/{path}">{title}</a></li>' for path, title in chunk)
            following = f'<a href="index_{number + 1}.html">下一页</a>' if number < len(chunks) else ""
            (folder / "col" / code).mkdir(parents=True, exist_ok=True)
            (folder / "col" / code / name).write_text(
                f'<html><head><meta charset="utf-8"><title>{column}</title><meta name="ColumnName" '
                f'content="{column}"></head><body><ul>{items}</ul>{following}</body></html>', "utf-8")
        home_links.append(f'<a href="/col/{code}/index.html">{column}</a>')
    (folder / "index.html").write_text(f"<html><body>{''.join(home_links)}</body></html>", "utf-8")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def timed(totals, key, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - started
    return wrapper


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    use_throwaway_media_and_database(DATABASE)
    import trafilatura
    from django_tenants.utils import tenant_context

    from sitegroup.legacy_import import finishing, importer, service
    from sitegroup.legacy_import.fetching import HttpFetcher

    _district, town = fresh_bench_cluster()
    with tenant_context(town):
        from themes.models import SiteAppearance

        appearance = SiteAppearance.load()
        appearance.organisation_code = "113301027315873012"  # policy documents get index numbers from it
        appearance.save()

    folder = Path(tempfile.mkdtemp(prefix="sitegroup-bench-legacy-"))
    write_site(folder, args.pages, args.images)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    print(f"Legacy site: {args.pages} articles, {args.images} images, {len(COLUMNS)} paginated columns at {url}")

    # Baseline: fetch every page of the site and extract it with trafilatura, nothing more.
    fetcher = HttpFetcher(url, delay=0)
    article_urls = [url + p.relative_to(folder).as_posix() for p in sorted(folder.rglob("art_*.html"))]
    started = time.perf_counter()
    for article in article_urls:
        trafilatura.extract(fetcher.fetch(article).text(), url=article, output_format="html")
    baseline = time.perf_counter() - started

    totals = defaultdict(float)
    HttpFetcher.fetch = timed(totals, "fetching", HttpFetcher.fetch)
    importer.extract = timed(totals, "extraction", importer.extract)
    importer.detect_html = timed(totals, "content safety", importer.detect_html)
    parts = defaultdict(float)  # inside "saving": the run's end, and the indexing done once in it
    service.finish = timed(parts, "publishing at the end (bulk: revisions, rows, redirects)", service.finish)
    finishing.announce = timed(parts, "indexing once at the end (search, feeds, page cache)", finishing.announce)
    started = time.perf_counter()
    with tenant_context(town):
        site_import = service.import_legacy_site(town, HttpFetcher(url, delay=0), max_pages=args.pages * 2)
    seconds = time.perf_counter() - started
    server.shutdown()
    with tenant_context(town):  # the bulk path keeps the guarantees: a revision per page, a 301 per old URL
        from wagtail.contrib.redirects.models import Redirect

        from themes.models import ContentPage

        without_revision = ContentPage.objects.live().filter(live_revision__isnull=True).count()
        redirects = Redirect.objects.filter(is_permanent=True, redirect_page__isnull=False).count()
    counts = site_import.result["counts"]
    imported = counts.get("article:published", 0)
    print(f"import: {seconds:.1f} s, {imported} pages published ({imported / seconds:.1f} pages/s), "
          f"{counts.get('image:stored', 0)} images stored, {counts.get('column:stored', 0)} list pages read")
    totals["saving (pages, files, revisions, publishing, redirects)"] = seconds - sum(totals.values())
    for key, value in totals.items():
        print(f"  {key:<58}{value:>8.1f} s {100 * value / seconds:>5.1f} %")
    parts["publishing at the end (bulk: revisions, rows, redirects)"] -= parts[
        "indexing once at the end (search, feeds, page cache)"]
    for key, value in parts.items():
        print(f"    of which {key:<56}{value:>6.1f} s {100 * value / seconds:>5.1f} %")
    print(f"checks: {redirects} permanent redirects to pages, {without_revision} published pages without a revision")
    print(f"baseline, fetch + trafilatura only: {baseline:.1f} s ({len(article_urls) / baseline:.1f} pages/s)")
    print(f"ratio: the full import takes {seconds / baseline:.2f}x the time of fetching and extracting alone")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(os.environ["MEDIA_ROOT"], ignore_errors=True)
    if not args.keep:
        drop_throwaway_database(DATABASE)
    if imported != args.pages or without_revision or redirects < args.pages:
        sys.exit(f"expected {args.pages} pages published with revisions and redirects, got {imported} "
                 f"({without_revision} without a revision, {redirects} redirects)")


if __name__ == "__main__":
    main()
