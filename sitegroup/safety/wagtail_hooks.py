"""Report content-safety findings inside each site's admin (home panel, message after publishing)."""
from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
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
    findings = list(ContentFinding.open().filter(site=site)[:20])
    if findings:
        panels.append(FindingsPanel(findings))


@hooks.register("after_publish_page")
def warn_after_publish(request, page):
    site = audit.current_site()
    if site is None:
        return
    count = ContentFinding.open().filter(site=site, page_id=page.pk).count()
    if count:
        messages.warning(request, _("The content-safety check found %(count)d problem(s) in this page "
                                    "(hidden links, spam or sensitive words). Check it now.") % {"count": count})
