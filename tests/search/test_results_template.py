"""The results page names the sites with most results first and folds the rest away: a common
word is in most of a large cluster's sites, and 2,000 links must not come before the results."""
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def render(site_count):
    per_site = [(f"site-{i}", f"站点{i}", 100 - i) for i in range(site_count)]
    results = SimpleNamespace(total=sum(n for _s, _name, n in per_site), per_site=per_site, hits=[], suggestion=None)
    with translation.override("zh-hans"):
        return render_to_string("search/includes/results.html", {
            "results": results, "search": SimpleNamespace(q="道路", page=1), "query_prefix": "q=道路&",
            "page_count": 1, "errors": None})


def test_the_twelve_sites_with_most_results_are_listed_and_the_others_folded():
    html = render(15)
    shown, folded = html.split("<details>")
    assert all(f"site=site-{i}\"" in shown for i in range(12))
    assert "site-12" not in shown
    assert all(f"site=site-{i}\"" in folded for i in (12, 13, 14))
    assert "另外 3 个站点" in folded


def test_a_few_sites_are_listed_without_folding():
    html = render(5)
    assert "<details>" not in html and all(f"site=site-{i}\"" in html for i in range(5))
