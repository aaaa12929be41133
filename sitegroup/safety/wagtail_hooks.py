"""Content safety inside each site's admin: the dashboard panel and the take-down log action.

What the checks find in a page is shown to the editor by the publish-check registry
(sitegroup.publishing) after every save, and refuses the publish action when blocking.
"""
from django.template.loader import render_to_string
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


@hooks.register("register_log_actions")
def register_take_down(actions):
    actions.register_action("sitegroup.safety.take_down", gettext_lazy("Take down (content safety)"),
                            gettext_lazy("Taken down because of a content-safety finding"))
