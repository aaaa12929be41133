"""Admin wiring of every site: the syndication pages and menu, page buttons, the dashboard panel."""
import datetime

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton

from sitegroup.identity.audit import current_site
from themes.models import ContentPage

from .admin_views import inbox, pushes, submissions
from .exchange.models import Delivery, Submission
from .hierarchy import push_targets, submission_targets
from .models import LiveReferencePage


@hooks.register("register_admin_urls")
def urls():
    return [
        path("syndication/push/<int:page_id>/", pushes.push, name="syndication_push"),
        path("syndication/sent/", pushes.sent, name="syndication_sent"),
        path("syndication/sent/<int:push_id>/", pushes.sent_detail, name="syndication_sent_detail"),
        path("syndication/inbox/", inbox.inbox, name="syndication_inbox"),
        path("syndication/inbox/<int:delivery_id>/", inbox.delivery, name="syndication_delivery"),
        path("syndication/submit/<int:page_id>/", submissions.submit, name="syndication_submit"),
        path("syndication/submissions/", submissions.submissions, name="syndication_submissions"),
        path("syndication/submissions/<int:submission_id>/", submissions.submission, name="syndication_submission"),
    ]


@hooks.register("register_admin_menu_item")
def syndication_menu():
    return SubmenuMenuItem(pgettext_lazy("syndication", "Syndication"), Menu(items=[
        MenuItem(gettext_lazy("Pushes received"), reverse("syndication_inbox"), icon_name="download", order=10),
        MenuItem(gettext_lazy("Pushes sent"), reverse("syndication_sent"), icon_name="upload", order=20),
        MenuItem(gettext_lazy("Submissions"), reverse("syndication_submissions"), icon_name="resubmit", order=30),
    ]), icon_name="resubmit", name="syndication", order=850)


def _shareable(page):
    return page.live and isinstance(page.specific_deferred, ContentPage) and not isinstance(
        page.specific_deferred, LiveReferencePage)


@hooks.register("register_page_header_buttons")
def syndication_buttons(page, user, view_name=None, next_url=None):
    site = current_site()
    if site is None or not _shareable(page):
        return
    permissions = page.permissions_for_user(user)
    if permissions.can_publish() and push_targets(site):
        yield ListingButton(gettext_lazy("Push to sites below"), reverse("syndication_push", args=[page.pk]),
                            icon_name="download", priority=80)
    if permissions.can_edit() and submission_targets(site):
        yield ListingButton(gettext_lazy("Submit upward"), reverse("syndication_submit", args=[page.pk]),
                            icon_name="upload", priority=81)


class SyndicationPanel(Component):
    name = "sitegroup_syndication"
    order = 60

    def __init__(self, counts):
        self.counts = counts

    def render_html(self, parent_context=None):
        return render_to_string("syndication/admin/dashboard_panel.html", self.counts)


@hooks.register("construct_homepage_panels")
def add_syndication_panel(request, panels):
    site = current_site()
    if site is None:
        return
    now = timezone.now()
    waiting = list(Delivery.objects.filter(recipient=site, state__in=Delivery.OPEN, push__gone="")
                   .select_related("push__sender").order_by("push__deadline"))
    offers = [d for d in Delivery.objects.filter(recipient=site, local_page_id__isnull=False)
              .exclude(state=Delivery.State.WITHDRAWN).select_related("push")
              if d.update_offered or d.withdrawal_offered]
    counts = {
        "waiting": waiting, "overdue": sum(d.is_overdue(now) for d in waiting), "offers": len(offers),
        "to_decide": Submission.objects.filter(target=site, state=Submission.State.SUBMITTED).count(),
        "rejected": list(Submission.objects.filter(submitter=site, state=Submission.State.REJECTED,
                                                   decided_at__gte=now - datetime.timedelta(days=30))[:5]),
    }
    if counts["waiting"] or counts["offers"] or counts["to_decide"] or counts["rejected"]:
        panels.append(SyndicationPanel(counts))
