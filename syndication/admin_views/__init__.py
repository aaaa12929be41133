"""The syndication pages of each site's Wagtail admin (registered in wagtail_hooks.py)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sitegroup.identity.audit import current_site

from ..site_rules import IN_REVIEW, PUBLISHED


def this_site(request):
    """The Tenant of the admin being used (the pages only exist on site hosts)."""
    site = current_site()
    if site is None:
        raise PermissionDenied
    return site


def report_outcome(request, outcome, published_message):
    """Tell the editor what became of a received page under the site's publishing rules."""
    if outcome.state == PUBLISHED:
        messages.success(request, published_message)
    elif outcome.state == IN_REVIEW:
        messages.info(request, _("The page was made and sent for review under this site's workflow."))
    else:
        messages.warning(request, _("The page was made as a draft: publish it from its edit page."))
    for problem in outcome.problems:
        messages.error(request, _("Publish check: %(problem)s") % {"problem": problem.message})
