"""The content checks of the national spot-check rules, run inside a site's schema.

Each function returns an `ItemResult` (see evaluate.py) naming the pages or columns concerned
and the date the item started failing. `now` is passed in, so a run (and a test) controls the
clock. The checks read pages with a handful of aggregate queries per site, whatever its size.
"""
import datetime
import re
from urllib.parse import urlsplit

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from themes.models import ColumnPage, ContentPage, DisclosureCataloguePage, ServiceGuidePage

from .evaluate import Finding, evaluate

NEWS_TYPES = {ColumnPage.ColumnType.NEWS}
SLOW_TYPES = {ColumnPage.ColumnType.NOTICE, ColumnPage.ColumnType.POLICY, ColumnPage.ColumnType.DISCLOSURE}
# Columns that are not expected to change (机构概况).
STATIC_TYPES = {ColumnPage.ColumnType.ABOUT}


def _day(value, now):
    return timezone.localdate(value) if value else timezone.localdate(now)


def _after(day, days):
    return day + datetime.timedelta(days=days)


def home_page():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site else None


def _admin_edit(page_id):
    return f"/admin/pages/{page_id}/edit/"


def _latest_dated(now):
    """Newest publish date of live, public content under the outer page's path."""
    return Subquery(ContentPage.objects.live().public().filter(path__startswith=OuterRef("path"),
                                                               publish_date__lte=now)
                    .order_by("-publish_date").values("publish_date")[:1])


def columns(home, now):
    """Every live column of the site with its newest dated item and whether it has live content."""
    from themes.models import PolicyDocumentPage

    live_children = Page.objects.live().filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
    found = [(column, column.column_type) for column in (
        ColumnPage.objects.descendant_of(home).live().public()
        .annotate(last_item=_latest_dated(now), has_children=Exists(live_children))
        .only("title", "url_path", "path", "depth", "first_published_at", "column_type").order_by("path"))]
    # The disclosure catalogue lists every policy document of the site, wherever it stands.
    catalogues = list(DisclosureCataloguePage.objects.descendant_of(home).live().public().order_by("path"))
    if catalogues:
        documents = PolicyDocumentPage.objects.descendant_of(home).live().public()
        newest = documents.filter(publish_date__lte=now).order_by("-publish_date").values_list(
            "publish_date", flat=True).first()
        any_documents = documents.exists()
        for catalogue in catalogues:
            catalogue.last_item, catalogue.has_children = newest, any_documents
            found.append((catalogue, ColumnPage.ColumnType.DISCLOSURE))
    return found


def _public_path(page, home):
    return page.url_path[len(home.url_path) - 1:] if page.url_path.startswith(home.url_path) else page.url_path


def check_home(home, now, limits):
    """首页栏目信息超过 2 周未更新: the newest dated item any home-page column shows."""
    about = ColumnPage.objects.descendant_of(home).filter(column_type__in=STATIC_TYPES).values_list("path", flat=True)
    items = ContentPage.objects.descendant_of(home).live().public().filter(publish_date__lte=now)
    for path in about:
        items = items.exclude(path__startswith=path)
    newest = items.order_by("-publish_date").only("title", "publish_date", "url_path").first()
    if newest is None:
        finding = Finding(label=home.title, url="/", edit_url=_admin_edit(home.pk),
                          counts_from=_after(_day(home.first_published_at, now), limits["home_stale_days"]),
                          detail=_("The home page shows no dated content."))
    else:
        last = timezone.localdate(newest.publish_date)
        finding = Finding(label=home.title, url="/", edit_url=_admin_edit(newest.pk),
                          counts_from=_after(last, limits["home_stale_days"]),
                          detail=_("Last updated %(date)s: %(title)s") % {"date": last.isoformat(),
                                                                        "title": newest.title})
    return evaluate("home_stale", [finding], 1, timezone.localdate(now), limits["warn_days"])


def _column_finding(column, home, now, limit_days, grace_days):
    if column.last_item:
        last = timezone.localdate(column.last_item)
        detail = _("Last updated %(date)s") % {"date": last.isoformat()}
        return Finding(label=column.title, url=_public_path(column, home), edit_url=_admin_edit(column.pk),
                       counts_from=_after(last, limit_days), detail=detail)
    # Content without a visible date counts as not updated since the column opened.
    return Finding(label=column.title, url=_public_path(column, home), edit_url=_admin_edit(column.pk),
                   counts_from=_after(_day(column.first_published_at, now), max(limit_days, grace_days)),
                   detail=_("No dated content"))


def check_columns(home, now, limits):
    """栏目不更新 (2 weeks / 6 months), 长期未更新 (a year) and 空白栏目, from one pass over the columns."""
    today = timezone.localdate(now)
    stale, long_stale, empty = [], [], []
    grace = limits["news_stale_days"]
    for column, column_type in columns(home, now):
        if column_type in STATIC_TYPES:
            continue
        if not column.has_children:
            empty.append(Finding(label=column.title, url=_public_path(column, home), edit_url=_admin_edit(column.pk),
                                 counts_from=_after(_day(column.first_published_at, now), grace),
                                 detail=_("No live content")))
            continue
        if column_type in NEWS_TYPES:
            stale.append(_column_finding(column, home, now, limits["news_stale_days"], grace))
        elif column_type in SLOW_TYPES:
            stale.append(_column_finding(column, home, now, limits["notice_stale_days"], grace))
        long_stale.append(_column_finding(column, home, now, limits["long_stale_days"], grace))
    warn = limits["warn_days"]
    return [evaluate("stale_columns", stale, limits["stale_columns_fail"], today, warn),
            evaluate("long_stale_columns", long_stale, limits["long_stale_columns_fail"], today, warn),
            evaluate("empty_columns", empty, limits["empty_columns_fail"], today, warn)]


# 办事指南 elements the rules require, and how each is found on our service guide page type.
_TIME_WORDS = re.compile(r"\d|时|工作日|周[一二三四五六日]|上午|下午")


def _rich_text_present(value):
    return bool(re.sub(r"<[^>]+>|&nbsp;|\s", "", value or ""))


def missing_guide_elements(guide):
    missing = []
    if not _rich_text_present(guide.conditions):
        missing.append("受理条件")
    if not len(guide.materials):
        missing.append("办理材料")
    if not (guide.place_and_hours or "").strip():
        missing.append("办理地点")
    if not _TIME_WORDS.search(guide.place_and_hours or ""):
        missing.append("办理时间")
    if not (guide.phone or "").strip():
        missing.append("联系电话")
    if not len(guide.steps):
        missing.append("办理流程")
    return missing


def check_service_guides(home, now, limits):
    """服务不实用: live service guides missing any of 受理条件, 办理材料, 办理地点, 办理时间, 联系电话, 办理流程."""
    findings = []
    for guide in ServiceGuidePage.objects.descendant_of(home).live().public().order_by("path"):
        missing = missing_guide_elements(guide)
        if missing:
            findings.append(Finding(label=guide.title, url=_public_path(guide, home), edit_url=_admin_edit(guide.pk),
                                    counts_from=_day(guide.last_published_at, now),
                                    detail=_("Missing: %(elements)s") % {"elements": "、".join(missing)}))
    return evaluate("incomplete_guides", findings, limits["incomplete_guides_fail"], timezone.localdate(now),
                    limits["warn_days"])


def check_serious_errors(site, now, limits):
    """严重错误: open high-severity content-safety findings and 规范表述 errors on live pages."""
    from sitegroup.safety.models import ContentFinding

    open_findings = (ContentFinding.open().filter(site=site)
                     .filter(Q(severity=ContentFinding.Severity.HIGH) | Q(kind=ContentFinding.Kind.TYPO))
                     .filter(found_at__lte=now).order_by("found_at"))
    live_ids = set(Page.objects.live().filter(pk__in=open_findings.values("page_id")).values_list("pk", flat=True))
    findings = [Finding(label=f.page_title, url=urlsplit(f.url).path, edit_url=_admin_edit(f.page_id),
                        counts_from=timezone.localdate(f.found_at),
                        detail=f"{f.get_kind_display()}: {f.matched}"[:200])
                for f in open_findings if f.page_id in live_ids]
    return evaluate("serious_errors", findings, limits["serious_errors_fail"], timezone.localdate(now),
                    limits["warn_days"])


def newest_content_date(home, now):
    value = (ContentPage.objects.descendant_of(home).live().filter(publish_date__lte=now)
             .order_by("-publish_date").values_list("publish_date", flat=True).first())
    return timezone.localdate(value) if value else None

