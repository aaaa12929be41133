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
    check_the_printed_table_lines_up(printed)
    check_the_demo_does_not_contradict_itself(site_client)

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

    # The city's notice pushed to every site below it: copies, live references, or waiting in the inbox.
    from syndication.exchange.models import Delivery, Submission

    deliveries = {d.recipient.slug: d for d in Delivery.objects.filter(push__sender__slug="qingchuan")
                  .select_related("recipient")}
    assert {slug: (d.state, d.mode) for slug, d in deliveries.items()} == {
        "donghu": ("published", "copy"), "xishan": ("published", "copy"),
        "taoyuan": ("published", "reference"), "shimen": ("published", "reference"),
        "liuxi": ("pending", ""), "yuntai": ("pending", "")}
    notice_title = content.PUSHED_NOTICE["title"]
    for slug in ("donghu", "taoyuan"):
        assert notice_title in site_client(f"{slug}.localhost").get("/notices/").content.decode()
    accepted = Submission.objects.get(submitter__slug="taoyuan", state="accepted")
    assert "桃源镇人民政府" in site_client("donghu.localhost").get(accepted.accepted_url).content.decode()
    assert Submission.objects.filter(submitter__slug="liuxi", state="submitted").count() == 1
    # 互动交流 is not empty: answered letters (names masked) on every site's mailbox, a pending one,
    # a township letter answered by its district, a disclosure request and an open consultation.
    from interaction.models import ConsultationPage, DisclosureRequest, Letter
    from interaction.shared.models import Transfer
    for data in content.SITES:
        with tenant_context(Tenant.objects.get(slug=data["slug"])):
            assert Letter.objects.published().exists() and Letter.objects.open().exists(), data["slug"]
        mailbox = site_client(f"{data['slug']}.localhost").get("/interaction/mailbox/").content.decode()
        assert "老年人乘坐公交车优惠如何办理" in mailbox and "刘**" in mailbox and "刘建国" not in mailbox
    assert Transfer.objects.filter(source_site__slug="taoyuan", target_site__slug="donghu",
                                   answered_at__isnull=False).exists()
    with tenant_context(Tenant.objects.get(slug="qingchuan")):
        assert DisclosureRequest.objects.count() == 1
        assert [page.phase() for page in ConsultationPage.objects.live()] == ["open"]

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
        # "about" is an AboutPage; the live reference to the city's notice and the submitted news are items too.
        assert page_types.ContentPage.objects.count() == items == len(content.ITEMS) - 1 + 2
    assert Delivery.objects.filter(push__sender__slug="qingchuan").count() == 6       # pushed once
    assert Tenant.objects.filter(slug__in=[s["slug"] for s in content.SITES]).count() == len(content.SITES)


def check_the_printed_table_lines_up(printed):
    from wcwidth import wcswidth

    lines = [line for line in printed.splitlines() if "http://" in line]
    assert len(lines) >= len(content.SITES) + 4
    # Chinese names take two terminal columns each: the URLs still start in one column.
    assert len({wcswidth(line[:line.index("http://")]) for line in lines}) == 1, "\n".join(lines)


def check_the_demo_does_not_contradict_itself(site_client):
    import re

    from django_tenants.utils import tenant_context

    from themes.models import ArticlePage, ServiceGuidePage

    for data in content.SITES:
        client = site_client(f"{data['slug']}.localhost")
        tenant = Tenant.objects.get(slug=data["slug"])
        # URLs first: a request through the test client leaves the connection on the public schema.
        with tenant_context(tenant):
            guides = [(guide.title, guide.url) for guide in ServiceGuidePage.objects.live()]
            lead_url = ArticlePage.objects.live().exclude(image=None).get().url
        for title, url in guides:
            html = client.get(url).content.decode()
            fee = re.search(r"<th scope=\"row\">收费标准</th><td>([^<]+)</td>", html).group(1)
            body = html[html.index("<article>"):html.index("</article>")]
            # A free service never mentions a price; a paid one states it in its fee row only.
            assert ("不收费" in fee) != ("元" in fee), (data["slug"], title, fee)
            assert "元" not in re.sub(r"<th scope=\"row\">收费标准</th><td>[^<]+</td>", "", body), title
            assert ">original<" not in html and ">both<" not in html        # labels, not stored values
        assert guides, data["slug"]
        page = client.get(lead_url).content.decode()
        assert re.search(r'<figure class="lead-image"><img alt="示意图：[^"]+"', page)
        about = client.get("/about/").content.decode()
        assert "机构职能" in about and "暂无内容" not in about
        home = client.get("/").content.decode()
        footer = home[home.index('<footer class="site-footer"'):]
        assert content.CONTACTS[data["slug"]]["phone"] in footer       # its own telephone, not the city's
        for other, contact in content.CONTACTS.items():
            if other != data["slug"]:
                assert contact["phone"] not in footer and contact["address"] not in footer
        assert "青ICP备20240001号" in footer                              # the city's record, inherited
