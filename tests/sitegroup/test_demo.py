"""`manage.py build_demo` (what `make demo` runs) builds a cluster that answers on every host."""
import io

import pytest
from django.core.management import call_command

from sitegroup.demo import content
from tenants.models import Tenant

pytestmark = pytest.mark.django_db


def test_build_demo_creates_the_cluster_and_running_it_again_reuses_it(site_client):
    out = io.StringIO()
    call_command("build_demo", stdout=out, stderr=io.StringIO())
    printed = out.getvalue()
    assert "http://localhost:8000/" in printed and "sitegroup-demo" in printed
    levels = dict(Tenant.objects.values_list("slug", "level"))
    assert [levels[s["slug"]] for s in content.SITES].count("township") >= 4
    assert [levels[s["slug"]] for s in content.SITES].count("district") == 2

    for data in content.SITES:
        client = site_client(f"{data['slug']}.localhost")
        assert f"http://{data['slug']}.localhost:8000/" in printed
        home = client.get("/")
        assert home.status_code == 200
        html = home.content.decode()
        assert f"<h1>{data['name']}</h1>" in html and "集约化建设推进会" in html
        assert client.get("/news/").status_code == 200
        # the admin login of the site's own admin user works on its own host
        response = client.post("/admin/login/", {"username": "admin", "password": "sitegroup-demo"})
        assert response.status_code == 302

    english = site_client("qingchuan.localhost").get("/en/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert "Qingchuan Municipal People" in english.content.decode()

    directory = site_client("localhost").get("/").content.decode()
    assert all(data["name"] in directory for data in content.SITES)

    from django_tenants.utils import tenant_context

    from themes import models as page_types

    # Every page type is filled on every site, and both built-in themes are in use.
    themes_in_use = set()
    for data in content.SITES:
        with tenant_context(Tenant.objects.get(slug=data["slug"])):
            for model in (page_types.ArticlePage, page_types.NoticePage, page_types.PolicyDocumentPage,
                          page_types.ServiceGuidePage, page_types.AboutPage, page_types.SpecialTopicPage,
                          page_types.DisclosureCataloguePage, page_types.ColumnPage, page_types.HomePage):
                assert model.objects.live().exists(), (data["slug"], model.__name__)
            themes_in_use.add(page_types.SiteAppearance.load().theme_slug)
            assert page_types.PolicyDocumentPage.objects.exclude(index_number="").count() == 2
    assert themes_in_use == {"gov-classic", "civic-blue"}

    # Content safety: the whole demo, rendered as visitors see it (inline images included), is clean.
    from sitegroup.safety.models import ContentFinding

    with tenant_context(Tenant.objects.get(slug="taoyuan")):
        assert page_types.ArticlePage.objects.filter(body__contains='embedtype="image"').live().exists()
    scan = io.StringIO()
    call_command("scan_content", "--all", "--no-progress", stdout=scan, stderr=io.StringIO())
    assert ": 0 findings." in scan.getvalue(), scan.getvalue()
    assert not ContentFinding.open().filter(site__slug__in=[s["slug"] for s in content.SITES]).exists()

    taoyuan = Tenant.objects.get(slug="taoyuan")
    with tenant_context(taoyuan):
        items = page_types.ContentPage.objects.count()
    call_command("build_demo", stdout=io.StringIO(), stderr=io.StringIO())
    with tenant_context(taoyuan):
        assert page_types.ContentPage.objects.count() == items == len(content.ITEMS) - 1  # "about" is an AboutPage
    assert Tenant.objects.filter(slug__in=[s["slug"] for s in content.SITES]).count() == len(content.SITES)
