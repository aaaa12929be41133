"""The veto items, each failed by a site built for it (controlled clock), and a site that passes all.

Every failing item names its pages or columns and the date it started failing; runs of one
site never mention another's pages.
"""
import datetime

import pytest
from django.utils import timezone

from sitegroup.health import partners
from sitegroup.health.models import HealthRun, Probe, State
from sitegroup.health.runner import run_site_health
from sitegroup.safety.models import ContentFinding
from themes.models import ColumnPage

from .helpers import NOW, add_column, add_guide, add_item, days_ago, keep_every_column_fresh

pytestmark = pytest.mark.django_db


def items(run):
    return {item.code: item for item in run.items.all()}


def labels(item):
    return [d["label"] for d in item.details]


def add_probes(site, ok, failed, now=NOW):
    """Probes spread evenly over the last 7 days, the failed ones first."""
    total = ok + failed
    step = datetime.timedelta(days=7) / total
    Probe.objects.bulk_create([
        Probe(site=site, at=now - step * (total - i - 0.5), ok=i >= failed, status_code=200 if i >= failed else None,
              error="" if i >= failed else "ConnectTimeout")
        for i in range(total)])


def test_a_site_that_keeps_everything_fresh_passes_every_item(cluster):
    keep_every_column_fresh(cluster.peach)
    add_probes(cluster.peach, ok=140, failed=0)
    run = run_site_health(cluster.peach, now=NOW)
    found = items(run)
    assert run.passed and run.veto_failed == 0
    for code in ("unreachable", "home_stale", "stale_columns", "long_stale_columns", "empty_columns",
                 "incomplete_guides", "serious_errors"):
        assert found[code].state == State.PASS, (code, found[code].details)
    # Read from the interaction app (installed): no letter of peach waits beyond three months.
    assert found["unanswered_letters"].state == State.PASS
    # The other site was not touched: it has only the empty columns it was provisioned with.
    other = run_site_health(cluster.willow, now=NOW)
    assert not other.passed
    assert items(other)["empty_columns"].state == State.FAIL
    assert not any("peach" in label for item in other.items.all() for label in labels(item))
    assert not any("willow" in label for item in run.items.all() for label in labels(item))


def test_home_page_not_updated_for_two_weeks_fails_from_the_day_it_turned_stale(cluster):
    keep_every_column_fresh(cluster.peach, now=days_ago(20))
    add_probes(cluster.peach, ok=140, failed=0)
    home = items(run_site_health(cluster.peach, now=NOW))["home_stale"]
    assert home.state == State.FAIL
    # The newest item is 21 days old: the home page turned stale 7 days ago.
    newest = timezone.localdate(days_ago(21))
    assert home.since == newest + datetime.timedelta(days=14) == timezone.localdate(days_ago(7))
    assert home.details[0]["label"] == cluster.peach.name
    # Up to three days before the limit it is at risk, with the days left.
    at_risk = items(run_site_health(cluster.peach, now=days_ago(9)))["home_stale"]
    assert at_risk.state == State.AT_RISK and at_risk.days_left == 2
    assert items(run_site_health(cluster.peach, now=days_ago(11)))["home_stale"].state == State.PASS


def test_content_without_a_visible_date_counts_as_not_updated(cluster, english):
    # Only undated content (an about column's pages; dates in the future are not visible yet).
    add_item(cluster.willow, "about", "机构职能", days_ago(1))
    add_item(cluster.willow, "news", "尚未发布的新闻", NOW + datetime.timedelta(days=2))
    home = items(run_site_health(cluster.willow, now=NOW))["home_stale"]
    assert home.state == State.FAIL
    assert home.details[0]["detail"] == "The home page shows no dated content."


def test_five_stale_news_columns_fail_and_name_each_column(cluster):
    keep_every_column_fresh(cluster.peach)
    for n in range(5):
        column = add_column(cluster.peach, f"要闻{n}", ColumnPage.ColumnType.NEWS)
        add_item(cluster.peach, column, f"旧闻{n}", days_ago(20 + n))
    stale = items(run_site_health(cluster.peach, now=NOW))["stale_columns"]
    assert stale.state == State.FAIL and stale.count == 5
    assert sorted(labels(stale)) == [f"要闻{n}" for n in range(5)]
    # It started failing when the fifth column turned stale (the most recently updated one).
    assert stale.since == timezone.localdate(days_ago(20)) + datetime.timedelta(days=14)
    # Four stale columns are not enough.
    assert items(run_site_health(cluster.willow, now=NOW))["stale_columns"].state == State.PASS


def test_notice_and_policy_columns_go_stale_after_six_months_not_two_weeks(cluster):
    keep_every_column_fresh(cluster.peach)
    for n in range(5):
        column = add_column(cluster.peach, f"公告{n}", ColumnPage.ColumnType.NOTICE)
        add_item(cluster.peach, column, f"公告内容{n}", days_ago(100))
    assert items(run_site_health(cluster.peach, now=NOW))["stale_columns"].state == State.PASS
    stale = items(run_site_health(cluster.peach, now=NOW + datetime.timedelta(days=90)))["stale_columns"]
    assert stale.state == State.FAIL and stale.count >= 5


def test_ten_columns_not_updated_for_a_year_fail(cluster):
    keep_every_column_fresh(cluster.peach)
    for n in range(10):
        column = add_column(cluster.peach, f"专栏{n}", ColumnPage.ColumnType.GENERAL)
        add_item(cluster.peach, column, f"专栏内容{n}", days_ago(400))
    found = items(run_site_health(cluster.peach, now=NOW))
    assert found["long_stale_columns"].state == State.FAIL and found["long_stale_columns"].count == 10
    assert found["long_stale_columns"].since == timezone.localdate(days_ago(400)) + datetime.timedelta(days=365)
    # General columns have no two-week or six-month limit.
    assert found["stale_columns"].state == State.PASS


def test_five_empty_columns_fail_and_four_are_at_most_at_risk(cluster):
    # willow: its five standard columns were never filled (the about column is not expected to change).
    empty = items(run_site_health(cluster.willow, now=NOW))["empty_columns"]
    assert empty.state == State.FAIL and empty.count == 5
    assert sorted(labels(empty)) == sorted(["新闻动态", "通知公告", "政策文件", "办事服务", "政府信息公开"])
    assert empty.since is not None
    add_item(cluster.willow, "news", "第一条新闻", days_ago(1))
    assert items(run_site_health(cluster.willow, now=NOW))["empty_columns"].state == State.PASS


def test_service_guides_missing_required_elements_fail_with_what_is_missing(cluster):
    keep_every_column_fresh(cluster.peach)
    add_guide(cluster.peach, "低保申请", days_ago(3), phone="", steps=[], place_and_hours="镇政府")
    guides = items(run_site_health(cluster.peach, now=NOW))["incomplete_guides"]
    assert guides.state == State.FAIL and labels(guides) == ["低保申请"]
    assert guides.details[0]["detail"].endswith("办理时间、联系电话、办理流程")
    assert guides.since == timezone.localdate(days_ago(3))


def test_open_serious_errors_on_live_pages_fail(cluster):
    keep_every_column_fresh(cluster.peach)
    page = add_item(cluster.peach, "news", "春耕会议", days_ago(1))
    for site in (cluster.peach, cluster.willow):
        ContentFinding.objects.create(
            site=site, page_id=page.pk, page_title="春耕会议", page_path=page.url_path, url="/news/x/",
            kind="spam_text", category="gambling", severity="high", detail="博彩", matched="娱乐城",
            found_at=days_ago(4))
    serious = items(run_site_health(cluster.peach, now=NOW))["serious_errors"]
    assert serious.state == State.FAIL and labels(serious) == ["春耕会议"]
    assert serious.since == timezone.localdate(days_ago(4))
    # In willow, the page id of the finding is not a live page of willow: nothing is open there.
    assert items(run_site_health(cluster.willow, now=NOW))["serious_errors"].state == State.PASS
    ContentFinding.open().filter(site=cluster.peach).update(resolved_at=NOW, resolution="fixed")
    assert items(run_site_health(cluster.peach, now=NOW))["serious_errors"].state == State.PASS


def test_unreachable_when_five_percent_of_a_weeks_probes_fail(cluster):
    keep_every_column_fresh(cluster.peach)
    add_probes(cluster.peach, ok=133, failed=7)    # 5 %
    add_probes(cluster.willow, ok=136, failed=4)   # 2.9 %: at risk (half the limit or more)
    item = items(run_site_health(cluster.peach, now=NOW))["unreachable"]
    assert item.state == State.FAIL and item.count == 7
    assert item.since == timezone.localdate(NOW - datetime.timedelta(days=7) + datetime.timedelta(days=7) / 280)
    assert items(run_site_health(cluster.willow, now=NOW))["unreachable"].state == State.AT_RISK
    # Probes older than the window no longer count.
    assert items(run_site_health(cluster.peach, now=NOW + datetime.timedelta(days=8)))["unreachable"].state == \
        State.NO_DATA


def test_unanswered_letters_are_read_from_the_interaction_app_when_installed(cluster, monkeypatch):
    class Stats:
        @staticmethod
        def unanswered_letters(site, older_than_days):
            assert older_than_days == 87
            if site.slug != "peach":
                return []
            return [{"title": "路灯不亮", "received_at": days_ago(95)},
                    {"subject": "噪音扰民", "created_at": timezone.localdate(days_ago(88))}]

        @staticmethod
        def period_counts(site, start, end):
            return {}

    monkeypatch.setattr(partners, "_module", lambda app: Stats if app == "interaction" else None)
    keep_every_column_fresh(cluster.peach)
    letters = items(run_site_health(cluster.peach, now=NOW))["unanswered_letters"]
    assert letters.state == State.FAIL and letters.count == 1
    assert labels(letters) == ["路灯不亮", "噪音扰民"]   # the second is listed: it fails in 2 days
    assert letters.since == timezone.localdate(days_ago(95)) + datetime.timedelta(days=90)
    assert items(run_site_health(cluster.willow, now=NOW))["unanswered_letters"].state == State.PASS


def test_a_site_that_is_suspended_or_being_moved_is_skipped_with_a_note(cluster, english):
    from tenants.models import MoveUp

    cluster.willow.status = "suspended"
    cluster.willow.save(update_fields=["status"])
    run = run_site_health(cluster.willow, now=NOW)
    assert not run.items.exists() and run.note == "Skipped: the site is Suspended."
    MoveUp.objects.create(source=cluster.peach, target=cluster.east, section_path="/peach/", state="copying")
    run = run_site_health(cluster.peach, now=NOW)
    assert not run.items.exists() and run.note
    assert HealthRun.objects.filter(site=cluster.peach).count() == 1
