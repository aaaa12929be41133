"""The spot-check items: code → label and whether it is a veto item (单项否决)."""
from django.utils.translation import gettext_lazy as _

VETO = {
    "unreachable": _("Site unreachable (站点无法访问)"),
    "home_stale": _("Home page not updated (首页不更新)"),
    "stale_columns": _("Stale columns (栏目不更新)"),
    "long_stale_columns": _("Columns not updated for a year (长期未更新)"),
    "empty_columns": _("Empty columns (空白栏目)"),
    "unanswered_letters": _("Messages unanswered (互动回应差)"),
    "incomplete_guides": _("Service guides incomplete (服务不实用)"),
    "serious_errors": _("Serious errors (严重错误)"),
}
COUNTED = {
    "broken_internal_links": _("Broken internal links"),
    "broken_outbound_links": _("Broken outbound links"),
    "hijacked_links": _("Outbound links to gambling or spam"),
}
LINK_CODES = tuple(COUNTED)


def label(code):
    return VETO.get(code) or COUNTED.get(code) or code
