"""Admin wiring: an on-demand check per page, audit reports, Wagtail's own checker extended.

The publish-time checks and the warnings after each save come from sitegroup.publishing.
"""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.admin.widgets import ListingButton

from . import views


@hooks.register("register_admin_urls")
def urls():
    return [
        path("accessibility/page/<int:page_id>/", views.page_check, name="accessibility_page_check"),
        path("accessibility/audits/", views.audit_report, name="accessibility_audits"),
        path("accessibility/audits/run/", views.run_audit, name="accessibility_run_audit"),
    ]


@hooks.register("register_admin_menu_item")
def audits_menu_item():
    return MenuItem(gettext_lazy("Accessibility audits"), reverse("accessibility_audits"), icon_name="doc-full-inverse",
                    order=900)


@hooks.register("register_page_header_buttons")
def check_button(page, user, view_name=None, next_url=None):
    yield ListingButton(gettext_lazy("Check accessibility"), reverse("accessibility_page_check", args=[page.pk]),
                        icon_name="doc-full-inverse", priority=62)


class SitegroupContentChecker(ContentCheckerItem):
    """Wagtail's in-editor checker (axe-core in the preview), extended with the rules of our
    publish-time checks that axe can express: missing alt text, alt text that is a file
    name (IMG_1234, DSC0001, x.jpg), tables without headers, page language."""

    axe_run_only = ContentCheckerItem.axe_run_only + ["image-alt", "td-has-header", "th-has-data-cells",
                                                      "html-has-lang", "html-lang-valid"]
    axe_custom_checks = [
        {"id": "check-image-alt-text",
         "options": {"pattern": r"\.(avif|gif|jpg|jpeg|png|svg|webp|bmp|tiff?)$|_"
                                r"|^(img|dsc|image|pic|photo)[-\s]?\d+"}},
        {"id": "check-empty-meta-description"},
    ]


@hooks.register("construct_wagtail_userbar")
def extend_content_checker(request, items, page):
    for index, item in enumerate(items):
        if type(item) is ContentCheckerItem:
            items[index] = SitegroupContentChecker()
