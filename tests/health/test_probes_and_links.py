"""Probes and link checks, only ever against loopback servers the tests start."""
import pytest

from sitegroup.health.models import Probe, State
from sitegroup.health.probes import probe_sites
from sitegroup.health.runner import run_site_health

from .helpers import NOW, LocalServer, add_item, days_ago, keep_every_column_fresh

pytestmark = pytest.mark.django_db

GAMBLING = ("<html><head><title>鸿运88娱乐城官网</title></head><body><p>鸿运88娱乐城，百家乐真人在线投注，"
            "新会员注册送38元彩金，加微信进群领取，网上赌场天天返水。</p></body></html>")
HARMLESS = "<html><head><title>旧站点</title></head><body><p>本网站正在维护，敬请谅解。</p></body></html>"


def test_probes_count_errors_timeouts_and_unresolvable_domains_as_failures(cluster, settings):
    routes = {"/peach/": (200, "<p>ok</p>", 0), "/willow/": (200, "<p>slow</p>", 2), "/east/": (503, "down", 0)}
    with LocalServer(routes) as server:
        settings.SITEGROUP_HEALTH_PROBE_URL = server.url + "/{slug}/"
        settings.SITEGROUP_HEALTH_PROBE_TIMEOUT = 0.5
        probes = {p.site.slug: p for p in probe_sites([cluster.peach, cluster.willow, cluster.east])}
    assert probes["peach"].ok and probes["peach"].status_code == 200
    assert not probes["willow"].ok and "Timeout" in probes["willow"].error
    assert not probes["east"].ok and probes["east"].status_code == 503
    # Nothing listens on this loopback port; and a name in the reserved .invalid domain never resolves.
    settings.SITEGROUP_HEALTH_PROBE_URL = "http://127.0.0.1:9/{slug}/"
    assert not probe_sites([cluster.west])[0].ok
    settings.SITEGROUP_HEALTH_PROBE_URL = "http://{slug}.sitegroup-test.invalid/"
    refused = probe_sites([cluster.city])[0]
    assert not refused.ok and refused.error
    assert Probe.objects.filter(site=cluster.peach).count() == 1


def test_link_check_lists_broken_links_and_a_target_that_starts_serving_gambling(cluster, english):
    keep_every_column_fresh(cluster.peach)
    with LocalServer({"/ok/": (200, HARMLESS, 0), "/old-partner/": (200, HARMLESS, 0)}) as server:
        body = (f'<p><a href="{server.url}/ok/">合作单位</a> <a href="{server.url}/gone/">旧链接</a> '
                f'<a href="{server.url}/old-partner/">友情链接</a> '
                '<a linktype="page" id="999999">已删除的页面</a> <a href="/no-such-column/">站内错链</a> '
                '<a href="/news/">新闻</a></p>')
        article = add_item(cluster.peach, "news", "友情链接汇总", days_ago(1), body=body)
        add_item(cluster.willow, "news", "西柳新闻", days_ago(1), body=f'<p><a href="{server.url}/gone/">x</a></p>')
        first = {i.code: i for i in run_site_health(cluster.peach, now=NOW, links=True).items.all()}
        assert first["hijacked_links"].state == State.PASS
        # The partner's domain expired and was taken over: the same address now serves a casino.
        server.routes["/old-partner/"] = (200, GAMBLING, 0)
        second = {i.code: i for i in run_site_health(cluster.peach, now=NOW, links=True).items.all()}
    broken_out = second["broken_outbound_links"]
    assert broken_out.state == State.FAIL and broken_out.count == 1 and "/gone/" in broken_out.details[0]["detail"]
    assert broken_out.details[0]["label"] == "友情链接汇总"
    broken_in = second["broken_internal_links"]
    assert broken_in.count == 2
    assert sorted(d["detail"].split()[-1] for d in broken_in.details) == ["#999999", "/no-such-column/"]
    hijacked = second["hijacked_links"]
    assert hijacked.state == State.FAIL and "/old-partner/" in hijacked.details[0]["detail"]
    assert "gambling" in hijacked.details[0]["detail"]
    assert not hijacked.veto and second["broken_outbound_links"].veto is False
    assert hijacked.details[0]["edit_url"] == f"/admin/pages/{article.pk}/edit/"
    # A later run without the link check carries the last link results over, saying from when.
    carried = {i.code: i for i in run_site_health(cluster.peach, now=NOW).items.all()}
    assert carried["hijacked_links"].count == 1 and carried["hijacked_links"].details == hijacked.details
    assert carried["hijacked_links"].note
    # willow's run knows nothing of peach's links.
    assert not run_site_health(cluster.willow, now=NOW).items.filter(code="hijacked_links").exists()
