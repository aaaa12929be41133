"""Browser tests: Debian's Chromium driven by Playwright against the project served on 127.0.0.1.

The demo cluster is built once for these tests (per xdist worker) and committed (the browser's server
thread has its own database connection), then removed again when the e2e package ends.
The root conftest runs this package last, so no other test ever sees the demo sites. Under
pytest-xdist (`make test`) each worker keeps that order on its own test database: the workers
reach these tests last, each builds its own demo cluster and browser, and they share the tests
out (the site audits, the longest, are one test per site for that).
"""
import io
import os

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def browser():
    from accessibility.audit import Auditor, BrowserMissing, chromium_path

    try:
        chromium_path()
    except BrowserMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc} CI must install it (.ci/run does).")
        pytest.skip(str(exc))
    with Auditor() as auditor:
        yield auditor


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker):
    from accessibility.audit import LocalServer

    with django_db_blocker.unblock(), LocalServer() as running:
        yield running


@pytest.fixture(scope="package")
def demo_cluster(browser, django_db_setup, django_db_blocker):
    # Depends on `browser` so that a missing Chromium skips before minutes of building.
    from search.models import SearchDocument
    from sitegroup.demo import content
    from tenants.models import Tenant

    with django_db_blocker.unblock():
        call_command("build_demo", stdout=io.StringIO(), stderr=io.StringIO())
        sites = list(Tenant.objects.filter(slug__in=[s["slug"] for s in content.SITES]).order_by("level", "slug"))
    yield sites
    with django_db_blocker.unblock():
        for tenant in sorted(sites, key=lambda t: {"township": 0, "district": 1, "city": 2}[t.level]):
            tenant.delete(force_drop=True)
        # Deleting a site cascades to its index documents, audit runs and grants.
        leftovers = SearchDocument.objects.filter(site__slug__in=[s.slug for s in sites]).count()
        assert leftovers == 0, f"{leftovers} search documents of the demo sites outlived them"
