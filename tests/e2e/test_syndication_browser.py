"""A push walked in the browser: the city admin pushes a notice, a township admin publishes it from
the inbox, the township's public notice column shows it and the city sees it published."""
import pytest
from django_tenants.utils import tenant_context

from syndication.exchange.models import Delivery

pytestmark = pytest.mark.django_db

NOTICE_SLUG = "notices-9"          # the demo's “关于做好冬季供暖保障工作的通知” of every site


def test_a_push_from_the_city_admin_reaches_a_township_admin_and_its_notice_column(demo_cluster, server, browser):
    from themes.models import NoticePage

    sites = {tenant.slug: tenant for tenant in demo_cluster}
    with tenant_context(sites["qingchuan"]):
        notice = NoticePage.objects.get(slug=NOTICE_SLUG)
    title, yuntai = notice.title, sites["yuntai"]
    port = server.url.rsplit(":", 1)[1]
    city, township = f"http://qingchuan.localhost:{port}", f"http://yuntai.localhost:{port}"

    def sign_in(page, base):
        page.goto(f"{base}/admin/login/?local=1")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "sitegroup-demo")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{base}/admin/")

    def drive(chromium):
        seen = {}
        city_context, township_context = chromium.new_context(), chromium.new_context()
        page = city_context.new_page()
        sign_in(page, city)
        page.goto(f"{city}/admin/pages/{notice.pk}/edit/")
        page.locator("button.w-dropdown__toggle.w-h-slim-header").click()    # the header's action menu
        push_link = page.locator(f'a[href="/admin/syndication/push/{notice.pk}/"]')
        push_link.wait_for()
        seen["button"] = push_link.count()
        push_link.click()
        page.wait_for_url(f"{city}/admin/syndication/push/{notice.pk}/")
        page.check("input[name=scope][value=picked]")
        page.check(f'input[name=sites][value="{yuntai.pk}"]')
        page.select_option("select[name=column_type]", "notice")
        page.locator("form.syndication-push button[type=submit]").click()
        page.wait_for_url(f"{city}/admin/syndication/sent/*/")
        seen["sent_state"] = page.locator('tr[data-site="yuntai"]').get_attribute("data-state")

        admin = township_context.new_page()
        sign_in(admin, township)
        seen["dashboard"] = title in admin.content()
        admin.goto(f"{township}/admin/syndication/inbox/")
        admin.locator(".syndication-waiting a", has_text=title).click()
        admin.check("input[name=mode][value=reference]")
        seen["column"] = admin.locator("select[name=column] option:checked").inner_text()
        admin.locator("button[name=accept]").click()
        admin.wait_for_url(f"{township}/admin/syndication/inbox/")

        public = township_context.new_page()
        public.goto(f"{township}/notices/")
        # every demo site has a notice of that title: the pushed one is the page the push made
        pushed = public.locator('main a[href*="/notices/pushed-"]', has_text=title)
        seen["in_column"] = pushed.count()
        pushed.first.click()
        seen["item_text"] = public.locator("main").inner_text()
        seen["provenance"] = public.locator(".provenance").inner_text()

        page.reload()
        seen["sent_state_after"] = page.locator('tr[data-site="yuntai"]').get_attribute("data-state")
        city_context.close()
        township_context.close()
        return seen

    seen = browser.run(drive)
    assert seen["button"] == 1
    assert seen["sent_state"] == "pending"
    assert seen["dashboard"] is True
    assert "通知公告" in seen["column"]
    assert seen["in_column"] == 1
    assert "各供暖单位要提前完成设备检修" in seen["item_text"]
    assert "青川市人民政府" in seen["provenance"]
    assert seen["sent_state_after"] == "published"
    delivery = Delivery.objects.get(push__source_page_id=notice.pk, push__sender=sites["qingchuan"], recipient=yuntai)
    assert delivery.mode == "reference" and delivery.local_url.startswith("/notices/")
