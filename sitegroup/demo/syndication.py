"""The demo's syndication: the city pushes a notice to every site below it (copies, live
references and pushes still waiting in an inbox, by each site's standing rule), and two
townships submit news to their district (one accepted, one waiting). Run once; a re-run skips it."""
import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from syndication import submitting
from syndication.exchange.models import Push, Submission
from syndication.models import SyndicationSettings
from syndication.pushing import push_page, select_recipients
from themes.models import ArticlePage, ColumnPage, NoticePage

from . import content


def build(sites):
    """`sites`: {slug: Tenant} of the demo cluster."""
    city = sites["qingchuan"]
    if Push.objects.filter(sender=city).exists():
        return
    for slug, rule in content.STANDING_RULES.items():
        with tenant_context(sites[slug]):
            settings = SyndicationSettings.load()
            settings.receive_as = rule
            settings.save()
    spec = content.PUSHED_NOTICE
    with tenant_context(city):
        notice = _publish(NoticePage, "notices", slug=spec["slug"], title=spec["title"], summary=spec["summary"],
                          source=spec["source"], body="".join(f"<p>{p}</p>" for p in spec["body"]),
                          expiry_date=(timezone.now() + datetime.timedelta(days=90)).date())
        push_page(notice, recipients=select_recipients(city, scope="subtree"),
                  column_type=ColumnPage.ColumnType.NOTICE, note="请于24小时内在本网站通知公告栏目转发。")
    for number, (slug, title, accept) in enumerate(content.SUBMISSIONS, start=1):
        township = sites[slug]
        with tenant_context(township):
            item = _publish(ArticlePage, "news", slug=f"submitted-news-{number}", title=title,
                            summary=title, source="党政办", body=content.SUBMISSION_BODY.format(site=township.name))
            submission = submitting.submit_page(item, target=township.parent, note="请审核采用。")
        if accept:
            with tenant_context(township.parent):
                submitting.accept(Submission.objects.get(pk=submission.pk),
                                  column=ColumnPage.objects.get(slug="news", depth=3))


def _publish(model, column_slug, **fields):
    page = model(publish_date=timezone.now() - datetime.timedelta(hours=2), **fields)
    Page.objects.get(slug=column_slug, depth=3).add_child(instance=page)
    page.save_revision().publish()
    return page
