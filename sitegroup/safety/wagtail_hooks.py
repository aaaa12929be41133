"""Content safety inside each site's admin: the dashboard panel, a message after publishing,
the take-down log action."""
from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component

from sitegroup.identity import audit

from .models import ContentFinding


class FindingsPanel(Component):
    name = "sitegroup_content_safety"
    order = 50

    def __init__(self, findings):
        self.findings = findings

    def render_html(self, parent_context=None):
        return render_to_string("safety/admin_panel.html", {"findings": self.findings})


@hooks.register("construct_homepage_panels")
def add_findings_panel(request, panels):
    site = audit.current_site()
    if site is None or not request.user.is_superuser and not request.user.has_perm("wagtailadmin.access_admin"):
        return
    open_findings = ContentFinding.open().filter(site=site).exclude(severity="low")[:100]
    findings = sorted(open_findings, key=lambda f: f.severity != "high")[:20]
    if findings:
        panels.append(FindingsPanel(findings))


@hooks.register("after_publish_page")
def warn_after_publish(request, page):
    site = audit.current_site()
    if site is None:
        return
    findings = list(ContentFinding.open().filter(site=site, page_id=page.pk))
    serious = [f for f in findings if f.severity != "low"]
    if serious:
        listed = "; ".join(f"{f.get_kind_display()}: “{f.matched[:40]}”" for f in serious[:5])
        messages.warning(request, _("The content-safety check found %(count)d problem(s) in this page: %(list)s") % {
            "count": len(serious), "list": listed})
    wording = [f for f in findings if f.kind == ContentFinding.Kind.TYPO]
    if wording:
        messages.info(request, _("Wording (规范表述): %(list)s") % {
            "list": "; ".join(f"“{f.matched}” → “{f.detail}”" for f in wording[:10])})


@hooks.register("register_log_actions")
def register_take_down(actions):
    actions.register_action("sitegroup.safety.take_down", gettext_lazy("Take down (content safety)"),
                            gettext_lazy("Taken down because of a content-safety finding"))
