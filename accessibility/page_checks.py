"""Accessibility's problems on a page as it will be published (the registry's run, its checks only)."""
from sitegroup.publishing.runner import run_checks

from .publish_checks import CHECKS


def check_page(page):
    """[(problem, severity)] of the accessibility checks on `page` (in its site's schema)."""
    return run_checks(page, checks=CHECKS)
