"""Search benchmark: the shared cross-site index vs Wagtail's per-site database search.

    make bench          # or: .venv/bin/python bench/search.py [--sites 200] [--docs 100000] [--baseline-sites 20]

Builds, in a throw-away database (`sitegroup_bench_search`), an index of generated
Chinese and English pages across many sites (Zipf-distributed everyday words; each
government term that the queries use appears in about 3 % of pages, as a topic word
does in a real cluster), then times typical one- and two-word queries:
  * ours: one query over the whole cluster's index (PostgreSQL backend), top 10 + counts per site;
  * baseline: what a cluster without a shared index does — search site by site with
    Wagtail's built-in database backend, over `--baseline-sites` real site schemas
    holding the same pages.
Prints p50/p95 per query kind for both, and the ratio. Then the quality figures: the
labelled relevance set (tests/search/relevance: 302 documents, 46 graded queries) is indexed
on five of the sites and its nDCG@10, top-hit rate (the held-out third apart) and
suggestions are printed beside the speed, computed exactly as the test asserts them.
"""
import argparse
import random
import time

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


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--baseline-sites", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    use_throwaway_database(DATABASE)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import tenant_context
    from tqdm import tqdm
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from search.backends.base import SearchRequest
    from search.backends.postgres import PostgresBackend
    from search.extract import PageDocument
    from tenants.models import Domain, Tenant
    from tenants.provisioning import SiteSpec, provision_site
    from themes.models import ArticlePage

    rng = random.Random(20261124)
    print(f"Database {connection.settings_dict['NAME']}: migrating ...")
    call_command("migrate", verbosity=0)
    for tenant in Tenant.objects.order_by("-level"):
        tenant.delete(force_drop=True)

    # Sites: the first `baseline_sites` get real schemas (provisioned); the rest are registry rows.
    districts = max(1, args.sites // 10)
    city = provision_site(SiteSpec(slug="bench-city", name="基准市", level="city"))
    sites = [city]
    for i in tqdm(range(args.sites - 1), desc="Sites", unit="site"):
        level = "district" if i < districts else "township"
        parent = city if level == "district" else sites[1 + (i % districts)]
        spec = SiteSpec(slug=f"bench-{i}", name=f"基准{'区' if level == 'district' else '镇'}{i}", level=level,
                        parent=parent.slug)
        if len(sites) < args.baseline_sites:
            sites.append(provision_site(spec))
        else:
            tenant = Tenant.objects.create(slug=spec.slug, name=spec.name, level=level, parent=parent,
                                           schema_name=Tenant.schema_name_for(spec.slug))
            Domain.objects.create(domain=f"{spec.slug}.localhost", tenant=tenant)
            sites.append(tenant)
    baseline_sites = sites[:args.baseline_sites]

    per_site = args.docs // len(sites)
    backend = PostgresBackend()
    now = timezone.now()
    for tenant in tqdm(sites, desc="Index documents", unit="site"):
        documents = []
        for n in range(per_site):
            title, body = page_text(rng)
            documents.append(PageDocument(page_id=n + 10, url_path=f"/news/{n}/", title=title, summary="",
                                          body=body, content_type="themes.articlepage",
                                          publish_date=now - timezone.timedelta(days=rng.randint(0, 1500)),
                                          language="zh-hans"))
        backend.index_documents(tenant, documents)
        if tenant in baseline_sites:
            with tenant_context(tenant):
                news = Page.objects.get(slug="news")
                for doc in documents:
                    news.add_child(instance=ArticlePage(title=doc.title, slug=f"a{doc.page_id}",
                                                        body=f"<p>{doc.body}</p>", publish_date=doc.publish_date))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
        cursor.execute("SELECT count(*) FROM search_searchdocument")
        total_docs = cursor.fetchone()[0]

    def time_ours(query):
        started = time.perf_counter()
        results = backend.search(SearchRequest(q=query))
        return time.perf_counter() - started, results.total

    wagtail_backend = get_search_backend()

    def time_baseline(query):
        started, found = time.perf_counter(), 0
        for tenant in baseline_sites:
            with tenant_context(tenant):
                found += len(list(wagtail_backend.search(query, ArticlePage.objects.live())[:10]))
        return time.perf_counter() - started, found

    print(f"\n{total_docs} documents in the shared index across {len(sites)} sites; baseline: Wagtail's database "
          f"search site by site over {len(baseline_sites)} sites ({per_site * len(baseline_sites)} pages).")
    print(f"{'queries':<11}{'method':<34}{'p50 ms':>9}{'p95 ms':>9}{'results':>10}")
    summary = []
    for kind, queries in {**QUERIES, **EXTRA_QUERIES}.items():
        for method, timer in (("shared index, whole cluster", time_ours),
                              (f"Wagtail per site, {len(baseline_sites)} sites", time_baseline)):
            timer(queries[0])  # warm up
            timings, found = [], 0
            for _ in range(args.repeat):
                for query in queries:
                    elapsed, hits = timer(query)
                    timings.append(elapsed)
                    found += hits
            p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
            summary.append((kind, method, p50, p95))
            print(f"{kind:<11}{method:<34}{p50:>9.1f}{p95:>9.1f}{found // args.repeat:>10}")
    for kind in QUERIES:
        ours = [row for row in summary if row[0] == kind and row[1].startswith("shared")][0]
        base = [row for row in summary if row[0] == kind and not row[1].startswith("shared")][0]
        print(f"ratio ({kind}): the shared index answers for {len(sites)} sites at p95 {ours[3]:.1f} ms vs "
              f"{base[3]:.1f} ms for {len(baseline_sites)} sites site by site: {base[3] / ours[3]:.1f}x faster "
              f"(target p95 < 50 ms: {'met' if ours[3] < 50 else 'NOT met'})")

    relevance(sites[:5], backend)
    if not args.keep:
        drop_throwaway_database(DATABASE)


def relevance(sites, backend):
    """The relevance set on five sites of the benchmark cluster (their generated pages set aside)."""
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
          f"{'met' if report.ndcg >= 0.9 and report.top_hit_rate >= 0.9 else 'NOT met'}")


if __name__ == "__main__":
    main()
