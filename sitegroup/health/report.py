"""The yearly report (政府网站工作年度报表) of one site, filled from the platform's data.

`annual_report(site, year)` returns sections of fields in the order of the national form. Each
field carries the computed value (None: the platform cannot know it) and whether the site
administrator may type it (`AnnualReport.values`, which wins over the computed value).
"""
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import tenant_context

from . import partners
from .models import AnnualReport, HealthRun, SiteVisits

YES, NO = "是", "否"


@dataclass
class Field:
    key: str
    label: str
    computed: object = None
    editable: bool = False
    entered: str = ""

    @property
    def value(self):
        if self.entered not in ("", None):
            return self.entered
        return self.computed

    @property
    def source(self):
        if self.entered not in ("", None):
            return _("entered")
        return _("platform data") if self.computed is not None else _("to fill in")


def _year_bounds(year):
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, start.replace(year=year + 1)


def _identity(site):
    from themes.models import SiteAppearance

    appearance = SiteAppearance.load()
    return [
        Field("name", _("Site name (网站名称)"), appearance.site_name or site.name),
        Field("url", _("Home page address (首页网址)"), f"https://{site.primary_domain_name()}/"),
        Field("sponsor", _("Sponsor (主办单位)"), appearance.sponsor or None, editable=True),
        Field("organiser", _("Organiser (承办单位)"), appearance.organiser or None, editable=True),
        Field("site_id_code", _("Site identifier (网站标识码)"), appearance.site_id_code or None, editable=True),
        Field("icp_number", _("ICP record (ICP备案号)"), appearance.icp_number or None, editable=True),
        Field("police_number", _("Public security record (公安机关备案号)"), appearance.police_number or None,
              editable=True),
        Field("level", _("Site level"), site.get_level_display()),
    ]


def _publishing(start, end):
    from themes.models import (
        ArticlePage,
        ColumnPage,
        ContentPage,
        NoticePage,
        PolicyDocumentPage,
        ServiceGuidePage,
        SpecialTopicPage,
    )

    published = ContentPage.objects.live().filter(publish_date__gte=start, publish_date__lt=end)
    counts = {model: model.objects.live().filter(publish_date__gte=start, publish_date__lt=end).count()
              for model in (ArticlePage, NoticePage, PolicyDocumentPage, ServiceGuidePage)}
    columns = ColumnPage.objects.live()
    topics = SpecialTopicPage.objects.live()
    return [
        Field("published_total", _("Items published (信息发布总数)"), published.count()),
        Field("published_news", _("News and updates (政务动态)"), counts[ArticlePage]),
        Field("published_notices", _("Notices (通知公告)"), counts[NoticePage]),
        Field("published_policies", _("Disclosure catalogue items (信息公开目录)"), counts[PolicyDocumentPage]),
        Field("published_guides", _("Service guides (办事指南)"), counts[ServiceGuidePage]),
        Field("columns_maintained", _("Columns maintained (栏目维护数量)"), columns.count()),
        Field("columns_opened", _("Columns opened this year (新开设栏目)"),
              columns.filter(first_published_at__gte=start, first_published_at__lt=end).count()),
        Field("topics_maintained", _("Special topics maintained (专栏专题维护数量)"), topics.count()),
        Field("topics_opened", _("Special topics opened this year (新开设专题)"),
              topics.filter(first_published_at__gte=start, first_published_at__lt=end).count()),
        Field("interpretations", _("Policy interpretations (解读信息发布)"),
              published.filter(title__contains="解读").count(), editable=True),
    ]


def _services(start, end):
    from themes.models import ServiceGuidePage

    guides = ServiceGuidePage.objects.live()
    return [
        Field("service_items", _("Service items published (办事服务事项)"), guides.count()),
        Field("service_online", _("Of which can be done online (可在线办理)"), guides.exclude(online_url="").count()),
        Field("registered_users", _("Registered users (注册用户数)"), None, editable=True),
    ]


def _interaction(site, start, end):
    counts = partners.interaction_counts(site, start, end) or {}

    def get(*keys):
        for key in keys:
            if key in counts:
                return counts[key]
        return None

    fields = [
        Field("letters_received", _("Messages received (留言办理：收到留言数量)"), get("received"), editable=True),
        Field("letters_answered", _("Messages answered (办结留言数量)"), get("answered"), editable=True),
        Field("letters_average_days", _("Average working days to answer (平均办理时间)"),
              get("average_handling_days"), editable=True),
        Field("letters_published", _("Replies published (公开答复数量)"), get("replies_published"), editable=True),
        Field("consultations", _("Consultations held (征集调查期数)"), get("consultations"), editable=True),
        Field("consultation_comments", _("Comments received (收到意见数量)"), get("comments"), editable=True),
    ]
    submissions = partners.submission_counts(site, start, end)
    fields.append(Field("submissions", _("Items submitted upward (信息报送)"),
                        None if submissions is None else submissions.get("submitted"),
                        editable=True))
    return fields


def _security(site, start, end):
    from sitegroup.safety.models import ContentFinding, ScanRun

    in_year = Q(found_at__gte=start, found_at__lt=end)
    findings = ContentFinding.objects.filter(site=site).filter(in_year)
    return [
        Field("security_scans", _("Security checks run (安全检测评估次数)"),
              ScanRun.objects.filter(site=site, started_at__gte=start, started_at__lt=end).count()
              + HealthRun.objects.filter(site=site, started_at__gte=start, started_at__lt=end).count()),
        Field("security_findings", _("Problems found (发现问题数量)"), findings.count()),
        Field("security_fixed", _("Problems fixed (问题整改数量)"), findings.filter(resolved_at__isnull=False).count()),
        Field("security_monitoring", _("Security monitoring in place (安全监测预警机制)"), YES),
        Field("security_drills", _("Emergency drills held (应急演练)"), None, editable=True),
        Field("security_officer", _("Security officer named (网站安全责任人)"), None, editable=True),
    ]


def _features(site, start, end):
    visits = SiteVisits.objects.filter(site=site, day__gte=start.date(), day__lt=end.date()).aggregate(
        views=Sum("views"), visitors=Sum("visitors"), days=Count("pk"))
    return [
        Field("visits_views", _("Page views (总访问量)"), visits["views"] or 0),
        Field("visits_visitors", _("Unique visitors, summed per day (独立用户访问总量)"), visits["visitors"] or 0),
        Field("mobile", _("Mobile-friendly pages (移动端适配)"), YES),
        Field("accessibility", _("Accessibility and elder-friendly modes (无障碍、适老化)"), YES),
        Field("search", _("Site search (站内搜索)"), YES),
        Field("new_media", _("Government new media accounts (政务新媒体)"), None, editable=True),
    ]


def annual_report(site, year):
    """[(section title, [Field])] for `site` and `year`, with what the administrator entered."""
    start, end = _year_bounds(year)
    with tenant_context(site):
        features = _features(site, start, end)
        sections = [
            (_("Basic information (基本信息)"), _identity(site)),
            (_("Visits (网站访问)"), features[:2]),
            (_("Publishing (信息发布、专栏专题、解读回应)"), _publishing(start, end)),
            (_("Services (办事服务)"), _services(start, end)),
            (_("Interaction (互动交流)"), _interaction(site, start, end)),
            (_("Security (安全防护)"), _security(site, start, end)),
            (_("Mobile, accessibility and new media (创新发展)"), features[2:]),
        ]
    stored = AnnualReport.objects.filter(site=site, year=year).first()
    entered = stored.values if stored else {}
    for _title, fields in sections:
        for field in fields:
            if field.editable:
                field.entered = entered.get(field.key, "")
    return sections


def editable_fields(sections):
    return [field for _title, fields in sections for field in fields if field.editable]
