"""Search benchmark: the shared cross-site index vs Wagtail's per-site database search.

    make bench          # or: .venv/bin/python bench/search.py [--sites 200] [--docs 100000] [--baseline-sites 20]
    .venv/bin/python bench/search.py --sites 2000 --docs 1000000 --baseline-sites 5 --keep   # the issue's scale
    .venv/bin/python bench/search.py --reuse      # time the queries again on the index a --keep run left

Builds, in a throw-away database (`sitegroup_bench_search`), an index of generated
Chinese and English pages across many sites (Zipf-distributed everyday words; each
government term that the queries use appears in about 3 % of pages, as a topic word
does in a real cluster; the text is cut in `--workers` processes), then times typical
one- and two-word queries, each cluster-wide and scoped to one site:
  * ours: one query over the shared index (PostgreSQL backend), top 10 + counts per site
    (cluster-wide, also without the title-first stage, to show what it saves);
  * baseline: what a cluster without a shared index does — search site by site with
    Wagtail's built-in database backend, over `--baseline-sites` real site schemas
    holding the same pages (one of them for a site-scoped query).
Prints p50/p95 per query kind for both and the ratio, the index's size on disk, and the
time to rebuild one site's documents (`search.reindex.rebuild_site`, in another process)
while searches keep running, with the searches' p95 meanwhile. Then the quality figures:
the labelled relevance set (tests/search/relevance: 302 documents, 46 graded queries) is
indexed on five of the sites and its nDCG@10, top-hit rate (the held-out third apart) and
suggestions are printed beside the speed, computed exactly as the test asserts them.
"""
import argparse
import datetime
import multiprocessing
import os
import random
import time
from collections import namedtuple

from throwaway import drop_throwaway_database, use_throwaway_database

DATABASE = "sitegroup_bench_search"

WORDS_ZH = ["政府网站", "集约化", "建设", "推进会", "养老保险", "参保登记", "道路", "改造", "安全生产", "检查",
            "营商环境",
            "政务公开", "办事指南", "社区", "工作者", "招聘", "供暖", "保障", "城乡", "居民", "医疗保障", "就业创业",
            "防汛", "应急管理", "乡村振兴", "环境保护", "教育", "卫生健康", "交通运输", "文化旅游"]
WORDS_EN = ["online", "services", "service", "pension", "application", "residents", "roads", "repair", "safety",
            "inspection", "business", "environment", "policy", "notice", "community", "workers", "heating", "health"]
QUERIES = {"one word": ["集约化", "养老保险", "services", "道路", "营商环境"],
           "two words": ["道路 改造", "安全生产 检查", "pension application", "政务公开 办事指南", "online services"]}
# Not part of the target, printed for what they cost: a lone character (the fallback that
# matches every word starting with it) and misspellings (a suggestion is looked up).
EXTRA_QUERIES = {"fallbacks": ["国", "集约话", "营商环竟", "pensoin"]}


# Everyday vocabulary: many words, Zipf-distributed, as in real pages. The government terms
# that typical queries ask for each appear in a few percent of pages.
HAN_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
)
SYNTHETIC_ZH = [a + b for a in HAN_CHARS[:120] for b in HAN_CHARS[120:240]]
SYNTHETIC_EN = [a + b + c for a in ("re", "con", "pro", "de", "in", "ex", "trans", "sub", "inter", "pre")
                for b in ("port", "form", "duct", "vert", "struct", "tain", "mit", "spect", "pend", "press")
                for c in ("", "ed", "ion", "ive", "al", "ing", "ment", "er", "ly", "s")]
TERM_SHARE = 0.03


def zipf_words(rng, vocabulary, count):
    return [vocabulary[min(len(vocabulary) - 1, int(rng.paretovariate(1.1)) - 1)] for _ in range(count)]


def page_text(rng):
    """(title, body) of a generated page: 80 % Chinese, 20 % English."""
    if rng.random() < 0.8:
        words = zipf_words(rng, SYNTHETIC_ZH, 90) + [w for w in WORDS_ZH if rng.random() < TERM_SHARE]
        rng.shuffle(words)
        return "".join(words[:3]), "，".join("".join(words[i:i + 6]) for i in range(0, len(words), 6)) + "。"
    words = zipf_words(rng, SYNTHETIC_EN, 90) + [w for w in WORDS_EN if rng.random() < TERM_SHARE]
    rng.shuffle(words)
    return " ".join(words[:3]), " ".join(words) + "."


TARGET_P95_MS = 50
# What a worker process needs of a site to cut its documents (document_row reads pk and level).
IndexedSite = namedtuple("IndexedSite", "pk level slug")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] * 1000


def generated_rows(job):
    """Index rows of one site's generated pages; runs in a worker process (cutting is the slow part)."""
    from search.backends import pgindex
    from search.extract import PageDocument

    site, count, seed, now = job
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        title, body = page_text(rng)
        published = now - datetime.timedelta(days=rng.randint(0, 1500))
        rows.append(pgindex.document_row(site, PageDocument(
            page_id=n + 10, url_path=f"/news/{n}/", title=title, summary="", body=body,
            content_type="themes.articlepage", publish_date=published, language="zh-hans")))
    return site, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--baseline-sites", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="processes that cut the text")
    parser.add_argument("--keep", action="store_true", help="keep the database (and its index) afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="time the queries on the index a --keep run left, without building it again")
    args = parser.parse_args()
    if args.baseline_sites < 2 or args.sites < args.baseline_sites:
        parser.error("--baseline-sites must be at least 2 and no more than --sites")
    use_throwaway_database(DATABASE)
    from django.core.management import call_command
    from django.db import connection

    from search.backends.postgres import PostgresBackend
    from tenants.models import Tenant

    backend = PostgresBackend()
    if args.reuse:
        print(f"Database {connection.settings_dict['NAME']}: reusing the index of a --keep run.")
        started = time.perf_counter()   # this checkout's search migrations, on the kept index
        call_command("migrate", shared=True, verbosity=0)
        print(f"Public schema migrated in {time.perf_counter() - started:.1f} s.")
        sites, baseline_sites, per_site = kept_sites()
    else:
        # Start from an empty database: the registry-only sites a --keep run leaves would stop `migrate`.
        drop_throwaway_database(DATABASE)
        print(f"Database {connection.settings_dict['NAME']}: migrating ...")
        call_command("migrate", verbosity=0)
        sites, baseline_sites = make_sites(args.sites, args.baseline_sites)
        # Quality first, on an empty index, as the test measures it; then the generated pages.
        relevance([Tenant.objects.get(pk=site.pk) for site in sites[:5]], backend)
        started = time.perf_counter()
        per_site = fill_index(sites, baseline_sites, args.docs // len(sites), args.workers)
        print(f"Generated and indexed in {time.perf_counter() - started:.0f} s.")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchdocument")
        cursor.execute("SELECT count(*) FROM search_searchdocument")
        total_docs = cursor.fetchone()[0]
    print(f"\n{total_docs} documents in the shared index across {len(sites)} sites; baseline: Wagtail's database "
          f"search site by site over {len(baseline_sites)} sites ({per_site * len(baseline_sites)} pages).")
    index_size()
    summary = time_queries(sites, baseline_sites, backend, args.repeat)
    reindex_while_searching(baseline_sites[1], sites, backend)
    print()
    for kind in QUERIES:
        for scope in ("cluster", "one site"):
            ours = summary[(kind, scope, "ours")]
            base = summary[(kind, scope, "baseline")]
            if scope == "cluster":   # the baseline searched `baseline_sites` sites; the cluster has them all
                base_p95 = base[1] / len(baseline_sites) * len(sites)
                against = f"{base_p95:.0f} ms for Wagtail site by site over all {len(sites)} sites " \
                          f"({base[1]:.1f} ms measured over {len(baseline_sites)})"
            else:
                base_p95 = base[1]
                against = f"{base_p95:.1f} ms for Wagtail in the site"
            print(f"ratio ({kind}, {scope}): p95 {ours[1]:.1f} ms with the shared index vs {against}: "
                  f"{base_p95 / ours[1]:.1f}x (target p95 <= {TARGET_P95_MS} ms at {total_docs} documents: "
                  f"{'met' if ours[1] <= TARGET_P95_MS else 'NOT met'})")

    if not args.keep:
        drop_throwaway_database(DATABASE)


def kept_sites():
    """The sites of the index a --keep run left: (sites, those with schemas, pages per site)."""
    from django.db import connection

    from tenants.models import Tenant

    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        schemas = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM search_searchdocument")
        documents = cursor.fetchone()[0]
    tenants = list(Tenant.objects.order_by("pk"))
    if not documents:
        raise SystemExit("--reuse: the benchmark database holds no index; run once with --keep first.")
    sites = [IndexedSite(t.pk, t.level, t.slug) for t in tenants]
    return sites, [site for site, t in zip(sites, tenants, strict=True) if t.schema_name in schemas], \
        documents // len(sites)


def make_sites(count, real):
    """A city, districts and townships; the first `real` get schemas (the baseline searches them),
    the rest are registry rows and domains only: the shared index needs no more of them."""
    from tqdm import tqdm

    from tenants.models import Domain, Tenant
    from tenants.provisioning import SiteSpec, provision_site

    districts = max(1, count // 10)
    city = provision_site(SiteSpec(slug="bench-city", name="基准市", level="city"))
    tenants = [city]
    for i in tqdm(range(count - 1), desc="Sites", unit="site"):
        level = "district" if i < districts else "township"
        parent = city if level == "district" else tenants[1 + (i % districts)]
        spec = SiteSpec(slug=f"bench-{i}", name=f"基准{'区' if level == 'district' else '镇'}{i}", level=level,
                        parent=parent.slug)
        if len(tenants) < real:
            tenants.append(provision_site(spec))
        else:
            tenant = Tenant.objects.create(slug=spec.slug, name=spec.name, level=level, parent=parent,
                                           schema_name=Tenant.schema_name_for(spec.slug))
            Domain.objects.create(domain=f"{spec.slug}.localhost", tenant=tenant)
            tenants.append(tenant)
    sites = [IndexedSite(t.pk, t.level, t.slug) for t in tenants]
    return sites, sites[:real]


def fill_index(sites, baseline_sites, per_site, workers):
    """Index `per_site` generated pages on every site; the baseline sites also get them as real pages."""
    from django.db import connection, connections, transaction
    from django.utils import timezone
    from django_tenants.utils import tenant_context
    from tqdm import tqdm
    from wagtail.models import Page

    from search.backends import pgindex
    from tenants.models import Tenant
    from themes.models import ArticlePage

    pgindex.vectors("预热 warm", "", "", "")   # jieba and the word lists load once, before the fork
    connections.close_all()                     # the workers must not share this process's connection
    now = timezone.now()
    jobs = [(site, per_site, 20261124 + i, now) for i, site in enumerate(sites)]
    baseline = {site.pk for site in baseline_sites}
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for site, rows in tqdm(pool.imap_unordered(generated_rows, jobs), total=len(jobs),
                               desc=f"Index {per_site * len(sites)} documents", unit="site"):
            with transaction.atomic(), connection.cursor() as cursor:
                pgindex.write_documents(cursor, site, rows)
            if site.pk in baseline:
                with tenant_context(Tenant.objects.get(pk=site.pk)):
                    news = Page.objects.get(slug="news")
                    for row, _lexemes in rows:
                        news.add_child(instance=ArticlePage(title=row[4], slug=f"a{row[2]}", body=f"<p>{row[7]}</p>",
                                                            publish_date=row[9]))
    return per_site


def index_size():
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('search_searchdocument'), "
                       "pg_total_relation_size('search_searchdocument'), pg_indexes_size('search_searchdocument'), "
                       "pg_relation_size('search_document_vector'), pg_total_relation_size('search_searchterm'), "
                       "(SELECT count(*) FROM search_searchterm), "
                       "(SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'), "
                       "pg_total_relation_size('search_sitetermcount'), (SELECT count(*) FROM search_sitetermcount), "
                       "(SELECT count(*) FROM search_searchterm WHERE counted_per_site)")
        heap, total, indexes, gin, vocabulary, terms, buffers, site_counts, site_count_rows, common = cursor.fetchone()
    mib = 1024 * 1024
    print(f"index size on disk: {total / mib:.0f} MiB in all (table {heap / mib:.0f} MiB + text out of line "
          f"{(total - heap - indexes) / mib:.0f} MiB, indexes {indexes / mib:.0f} MiB of which the GIN word index "
          f"{gin / mib:.0f} MiB); vocabulary {terms} words, {vocabulary / mib:.0f} MiB; counts per site of the "
          f"{common} words in more than {settings.SITEGROUP_SEARCH_SITE_COUNTS_ABOVE} documents: "
          f"{site_count_rows} rows, {site_counts / mib:.0f} MiB")
    if buffers < total:
        print(f"note: shared_buffers is {buffers / mib:.0f} MiB, less than the index: common words are counted from "
              "rows in the OS cache, about 3x slower (deploy/README.md, 'Search at a million documents'; on the "
              "embedded server: ALTER SYSTEM SET shared_buffers = '3GB', then `manage.py pgserver stop`)")


def time_queries(sites, baseline_sites, backend, repeat):
    """p50/p95 of every query kind, cluster-wide and scoped to one site, ours and the baseline's."""
    from django.conf import settings
    from django.test import override_settings
    from django_tenants.utils import tenant_context
    from wagtail.search.backends import get_search_backend

    from search.backends.base import SearchRequest
    from tenants.models import Tenant
    from themes.models import ArticlePage

    print(f"(cluster-wide queries whose words are in more than {settings.SITEGROUP_SEARCH_TITLE_FIRST_ABOVE} pages "
          "rank the pages with a query word in the title; 'every match ranked' is the same query without that)")
    wagtail_backend = get_search_backend()
    tenants = {site.pk: Tenant.objects.get(pk=site.pk) for site in baseline_sites}
    scoped_sites = random.Random(7).sample(sites, min(len(sites), 50))

    def ours_cluster(query, turn):
        return backend.search(SearchRequest(q=query)).total

    def ours_every_match_ranked(query, turn):   # before the title-first stage (search.0004)
        with override_settings(SITEGROUP_SEARCH_TITLE_FIRST_ABOVE=10**12):
            return ours_cluster(query, turn)

    def ours_one_site(query, turn):
        return backend.search(SearchRequest(q=query, sites=[scoped_sites[turn % len(scoped_sites)].slug])).total

    def wagtail_in(tenant, query):
        with tenant_context(tenant):
            return len(list(wagtail_backend.search(query, ArticlePage.objects.live())[:10]))

    def baseline_cluster(query, turn):
        return sum(wagtail_in(tenant, query) for tenant in tenants.values())

    def baseline_one_site(query, turn):
        return wagtail_in(list(tenants.values())[turn % len(tenants)], query)

    timers = {("cluster", "ours"): ours_cluster, ("cluster", "every match"): ours_every_match_ranked,
              ("cluster", "baseline"): baseline_cluster,
              ("one site", "ours"): ours_one_site, ("one site", "baseline"): baseline_one_site}
    labels = {("cluster", "ours"): f"shared index, all {len(sites)} sites",
              ("cluster", "every match"): "  same, every match ranked",
              ("cluster", "baseline"): f"Wagtail per site, {len(baseline_sites)} sites",
              ("one site", "ours"): "shared index, one site",
              ("one site", "baseline"): "Wagtail, in the site's schema"}
    print(f"{'queries':<11}{'method':<34}{'p50 ms':>9}{'p95 ms':>9}{'results':>10}")
    summary = {}
    for kind, queries in {**QUERIES, **EXTRA_QUERIES}.items():
        for (scope, method), timer in timers.items():
            timer(queries[0], 0)  # warm up
            timings, found, turn = [], 0, 0
            for _ in range(repeat):
                for query in queries:
                    started = time.perf_counter()
                    found += timer(query, turn)
                    timings.append(time.perf_counter() - started)
                    turn += 1
            summary[(kind, scope, method)] = (percentile(timings, 0.5), percentile(timings, 0.95))
            print(f"{kind:<11}{labels[(scope, method)]:<34}{summary[(kind, scope, method)][0]:>9.1f}"
                  f"{summary[(kind, scope, method)][1]:>9.1f}{found // repeat:>10}")
    return summary


def _rebuild_in_child(site_pk, results):
    from search.reindex import rebuild_site
    from tenants.models import Tenant

    started = time.perf_counter()
    count = rebuild_site(Tenant.objects.get(pk=site_pk))
    results.put((count, time.perf_counter() - started))


def reindex_while_searching(site, sites, backend):
    """Rebuild one site's documents in another process (as the task worker would) while this one
    searches, cluster-wide and in that site; the site's results must never go missing meanwhile."""
    from django.db import connections

    from search.backends.base import SearchRequest

    queries = [q for kind in QUERIES.values() for q in kind]
    quiet = [time_search(backend, SearchRequest(q=q)) for q in queries * 2]
    before = {q: backend.search(SearchRequest(q=q, sites=[site.slug])).total for q in queries}
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_rebuild_in_child, args=(site.pk, results))
    child.start()
    timings, went_missing, turn = [], 0, 0
    while child.is_alive() and results.empty():
        query = queries[turn % len(queries)]
        timings.append(time_search(backend, SearchRequest(q=query)))
        started = time.perf_counter()
        found = backend.search(SearchRequest(q=query, sites=[site.slug])).total
        timings.append(time.perf_counter() - started)
        went_missing += before[query] > 0 and found == 0
        turn += 1
    count, seconds = results.get()
    child.join()
    print(f"\nreindex of one site ({site.slug}, {count} pages) in another process while searching: {seconds:.1f} s; "
          f"{len(timings)} searches meanwhile, p50 {percentile(timings, 0.5):.1f} ms, "
          f"p95 {percentile(timings, 0.95):.1f} ms (before: p95 {percentile(quiet, 0.95):.1f} ms); "
          f"searches in that site that found nothing where they had found pages before: {went_missing}")


def time_search(backend, request):
    started = time.perf_counter()
    backend.search(request)
    return time.perf_counter() - started


def relevance(sites, backend):
    """The relevance set on five sites of the benchmark cluster, on an empty index (then emptied again)."""
    from django.db import connection

    from search.backends import pgrank
    from search.models import SearchDocument
    from tests.search.relevance.evaluate import ROLES, load, run

    SearchDocument.objects.all().delete()
    by_role = dict(zip(ROLES, sites, strict=True))
    keys = load(backend, by_role)
    report = run(backend, keys, sites=[site.slug for site in sites])
    print()
    for line in report.lines():
        print(line)
    print(f"quality target (nDCG@10 ≥ 0.9, top hit ≥ 90 %): "
          f"{'met' if report.ndcg >= 0.9 and report.top_hit_rate >= 0.9 else 'NOT met'}\n")
    SearchDocument.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchterm")
    pgrank.reset_stats()


if __name__ == "__main__":
    main()
