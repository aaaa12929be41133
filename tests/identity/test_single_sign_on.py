"""One login reaches every site the person holds a grant on, and nothing else."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.test import Client, override_settings
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page

from sitegroup.identity.models import HandoffToken, Role, SiteGrant, SiteUserLink
from tests.identity.helpers import enter, handoff_url, is_refused, login, make_account

pytestmark = pytest.mark.django_db


def test_one_login_reaches_the_admins_of_a_and_b_but_not_c(cluster):
    make_account("zhang", grants={cluster.east: Role.EDITOR, cluster.peach: Role.EDITOR})
    platform = login("zhang")

    # the console lists exactly the granted sites (the site switcher)
    console = platform.get("/console/").content.decode()
    assert cluster.east.name in console and cluster.peach.name in console
    assert cluster.willow.name not in console

    east = enter(platform, cluster.east)
    peach = enter(platform, cluster.peach)
    for client, site in ((east, cluster.east), (peach, cluster.peach)):
        assert client.get("/admin/").status_code == 200
        with tenant_context(site):
            root = Page.objects.get(depth=2)
        response = client.get(f"/admin/pages/{root.pk}/")
        assert response.status_code == 200
        assert root.title in response.content.decode()

    # C: the console refuses a hand-off, and its admin knows nobody
    assert platform.post(f"/console/sites/{cluster.willow.slug}/enter/").status_code == 403
    assert is_refused(Client(HTTP_HOST=cluster.willow.primary_domain_name()).get("/admin/"))
    # the cookie of another site's session is worthless on C
    peach_cookie = peach.cookies["sessionid"].value
    willow = Client(HTTP_HOST=cluster.willow.primary_domain_name())
    willow.cookies["sessionid"] = peach_cookie
    assert is_refused(willow.get("/admin/"))


def test_the_sites_user_follows_the_grant_role(cluster):
    account = make_account("li", grants={cluster.east: Role.EDITOR})
    enter(login("li"), cluster.east)
    with tenant_context(cluster.east):
        link = SiteUserLink.objects.get(account=account, site=cluster.east)
        user = get_user_model().objects.get(pk=link.user_id)
        assert [g.name for g in user.groups.all()] == ["Editors"]
        assert not user.is_superuser and not user.has_usable_password()


def test_revoking_a_grant_locks_the_person_out_on_the_next_request(cluster):
    account = make_account("wang", grants={cluster.east: Role.EDITOR, cluster.peach: Role.EDITOR})
    platform = login("wang")
    east = enter(platform, cluster.east)
    peach = enter(platform, cluster.peach)
    assert peach.get("/admin/").status_code == 200

    SiteGrant.objects.get(account=account, site=cluster.peach).delete()

    assert is_refused(peach.get("/admin/"))
    assert is_refused(peach.get("/admin/pages/"))
    assert east.get("/admin/").status_code == 200  # the other grant still works
    with tenant_context(cluster.peach):
        user = get_user_model().objects.get(pk=SiteUserLink.objects.get(account=account, site=cluster.peach).user_id)
        assert not user.is_active and not user.groups.exists()
    # and no new hand-off
    assert platform.post(f"/console/sites/{cluster.peach.slug}/enter/").status_code == 403


def test_operator_revoking_in_the_console_takes_effect_at_once(cluster):
    from tests.identity.helpers import enrol_totp

    operator = enrol_totp(make_account("ops", operator=True))
    account = make_account("zhao", grants={cluster.peach: Role.EDITOR})
    peach = enter(login("zhao"), cluster.peach)
    console = login("ops", otp_account=operator)
    grant = SiteGrant.objects.get(account=account)
    response = console.post(f"/console/grants/{grant.pk}/", {"action": "revoke"})
    assert response.status_code == 302
    assert not SiteGrant.objects.filter(pk=grant.pk).exists()
    assert is_refused(peach.get("/admin/"))


def test_handoff_tokens_are_single_use_and_bound_to_one_site(cluster):
    make_account("sun", grants={cluster.peach: Role.EDITOR})
    platform = login("sun")
    host, path = handoff_url(platform, cluster.peach)
    # replayed on another site's host: refused
    willow = Client(HTTP_HOST=cluster.willow.primary_domain_name())
    assert willow.get(path).status_code == 403
    assert is_refused(willow.get("/admin/"))
    # used once on its own site, then never again
    first = Client(HTTP_HOST=host)
    assert first.get(path).status_code == 302
    second = Client(HTTP_HOST=host)
    assert second.get(path).status_code == 403
    assert is_refused(second.get("/admin/"))
    # forged tokens are refused
    assert Client(HTTP_HOST=host).get("/admin/handoff/?token=forged").status_code == 403


@override_settings(SITEGROUP_HANDOFF_MAX_AGE=-1)
def test_expired_handoff_tokens_are_refused(cluster):
    make_account("qian", grants={cluster.peach: Role.EDITOR})
    host, path = handoff_url(login("qian"), cluster.peach)
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == 403
    assert HandoffToken.objects.filter(used_at__isnull=True).exists()


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_township_editor_never_gets_content_of_another_site(cluster):
    make_account("zhou", grants={cluster.peach: Role.EDITOR})
    peach = enter(login("zhou"), cluster.peach)
    assert peach.get("/admin/").status_code == 200

    with tenant_context(cluster.willow):
        home = Page.objects.get(depth=2)
        image = Image.objects.create(title="柳树图", file=ImageFile(io.BytesIO(_png()), name="willow.png"))
        media_path = image.file.url
    with tenant_context(cluster.peach):
        peach_home_id = Page.objects.get(depth=2).pk

    willow_host = cluster.willow.primary_domain_name()
    urls = [
        "/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{home.pk}/edit/preview/", f"/admin/pages/{home.pk}/view_draft/",
        "/admin/api/main/pages/", f"/admin/api/main/pages/{home.pk}/", "/admin/images/",
        f"/admin/images/{image.pk}/", "/admin/documents/", "/admin/users/",
    ]
    # The editor's browser sends the peach session cookie to willow too (worst case).
    attacker = Client(HTTP_HOST=willow_host)
    attacker.cookies["sessionid"] = peach.cookies["sessionid"].value
    for url in urls:
        response = attacker.get(url)
        assert is_refused(response), (url, response.status_code)
        assert home.title.encode() not in response.content
    # willow's media through the editor's own site: not found there, never served
    response = peach.get(media_path)
    assert response.status_code == 404
    # the same ids on the editor's own site show the editor's own site only
    response = peach.get(f"/admin/api/main/pages/{peach_home_id}/")
    assert response.status_code == 200 and home.title.encode() not in response.content
