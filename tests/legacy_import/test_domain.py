"""--take-over-domain: the site adds the legacy host to its domains, so old URLs on the old host
reach its 301s; a host another site holds refuses the import before anything is read."""
import pytest
from django.core.management.base import CommandError
from django_tenants.utils import tenant_context
from wagtail.contrib.redirects.models import Redirect

from sitegroup.legacy_import.models import LegacyItem
from tenants.models import Domain
from themes.models import ContentPage

from .test_import_site import import_site

pytestmark = pytest.mark.django_db

LEGACY = "http://www.qingshi.gov.cn/"
OLD_PATH = "/art/2019/4/12/art_101_1002.html"


def test_the_site_takes_over_the_legacy_domain_and_old_urls_on_it_redirect(cluster, legacy_folder, site_client):
    willow_domains = set(cluster.willow.domains.values_list("domain", flat=True))
    output = import_site("peach", str(legacy_folder), "--base-url", LEGACY, "--take-over-domain")

    domain = Domain.objects.get(domain="qingshi.gov.cn")  # as routing matches it: without “www.”
    assert domain.tenant == cluster.peach and not domain.is_primary
    assert cluster.peach.primary_domain_name() != "qingshi.gov.cn"
    assert "qingshi.gov.cn" in output
    for old_host in ("www.qingshi.gov.cn", "qingshi.gov.cn"):
        response = site_client(old_host).get(OLD_PATH)
        assert response.status_code == 301 and response["Location"].endswith("/news/art-101-1002/")
    # The other sites are untouched: their domains, and no redirect of peach's answers on them.
    assert set(cluster.willow.domains.values_list("domain", flat=True)) == willow_domains
    assert site_client(cluster.willow).get(OLD_PATH).status_code == 404
    with tenant_context(cluster.willow):
        assert not Redirect.objects.exists()

    # Importing again (nothing new) keeps the one domain.
    import_site("peach", str(legacy_folder), "--base-url", LEGACY, "--take-over-domain")
    assert Domain.objects.filter(domain="qingshi.gov.cn").count() == 1


def test_a_legacy_domain_another_site_holds_refuses_the_import_before_anything_is_read(cluster, legacy_folder,
                                                                                       site_client):
    Domain.objects.create(domain="qingshi.gov.cn", tenant=cluster.willow, is_primary=False)
    with pytest.raises(CommandError) as refused:
        import_site("peach", str(legacy_folder), "--base-url", LEGACY, "--take-over-domain")
    assert "qingshi.gov.cn" in str(refused.value) and "willow" in str(refused.value)
    assert Domain.objects.get(domain="qingshi.gov.cn").tenant == cluster.willow
    with tenant_context(cluster.peach):
        assert not LegacyItem.objects.exists() and not ContentPage.objects.exists()
    # The old host still routes to the site that holds it (which has no such page).
    assert site_client("www.qingshi.gov.cn").get(OLD_PATH).status_code == 404


def test_without_the_option_the_legacy_host_is_not_added(cluster, legacy_folder):
    import_site("peach", str(legacy_folder), "--base-url", LEGACY)
    assert not Domain.objects.filter(domain="qingshi.gov.cn").exists()


def test_a_folder_without_its_address_or_a_site_addressed_by_ip_cannot_take_over_a_domain(cluster, legacy_folder,
                                                                                           legacy_server):
    with pytest.raises(CommandError, match="--base-url"):
        import_site("peach", str(legacy_folder), "--take-over-domain")
    with pytest.raises(CommandError, match="127.0.0.1"):
        import_site("peach", legacy_server.url, "--take-over-domain")
    assert legacy_server.requests == []
    with tenant_context(cluster.peach):
        assert not LegacyItem.objects.exists()


def test_the_console_form_refuses_a_domain_the_site_cannot_take_over(cluster, operator_console, legacy_server):
    response = operator_console.post("/console/imports/start/", {
        "site": "peach", "source": legacy_server.url, "unmapped": "create", "max_pages": 100, "mapping": "",
        "take_over_domain": "on", "action": "import"})
    assert response.status_code == 200 and "127.0.0.1" in response.content.decode()
    assert legacy_server.requests == []
