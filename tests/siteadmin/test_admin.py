"""The admin an editor meets: named after their site, no calls to outside services, no alt text
guessed from file names."""
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.identity.helpers import enter, login, make_account

pytestmark = pytest.mark.django_db


def image(title, description=""):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), "#336699").save(buffer, "PNG")
    return Image.objects.create(title=title, description=description, file=ImageFile(buffer, name=f"{title}.png"))


@pytest.fixture
def editor(cluster):
    """One person with editor grants on two sites of different levels."""
    make_account("two-sites", grants={cluster.peach: "editor", cluster.east: "editor"})
    return login("two-sites")


def test_the_dashboard_and_every_admin_tab_name_the_site_and_its_level(editor, cluster):
    for tenant, level in ((cluster.peach, "乡镇街道级"), (cluster.east, "区县级")):
        client = enter(editor, tenant)
        html = client.get("/admin/").content.decode()
        heading = BeautifulSoup(html, "html.parser").find("h1")
        assert " ".join(heading.get_text(" ").split()) == f"{tenant.name} （{level}）"
        assert f"<title>控制面板 - {tenant.name}</title>" in html
        assert "Sitegroup" not in html and "Wagtail CMS" not in html
        other = cluster.east if tenant == cluster.peach else cluster.peach
        assert other.name not in html
        images = client.get("/admin/images/").content.decode()
        assert re.search(rf"<title>[^<]* - {tenant.name}</title>", images)


def test_no_admin_screen_loads_an_avatar_from_gravatar(editor, cluster):
    client = enter(editor, cluster.peach)
    for url in ("/admin/", "/admin/account/", "/admin/images/"):
        html = client.get(url).content.decode()
        assert "gravatar" not in html, url
    assert "Africa/Abidjan" not in client.get("/admin/account/").content.decode()   # no list of 600 time zones


def test_alt_text_is_the_images_description_never_its_file_name(cluster):
    with tenant_context(cluster.peach):
        unnamed = image("IMG_1234")
        described = image("DSC0001", description="桃花节开幕式现场")
        assert unnamed.default_alt_text == ""
        assert described.default_alt_text == "桃花节开幕式现场"
        assert 'alt=""' in unnamed.get_rendition("width-40").img_tag()
        assert 'alt="桃花节开幕式现场"' in described.get_rendition("width-40").img_tag()


def test_inserting_an_image_into_rich_text_asks_for_alt_text_instead_of_offering_the_file_name(cluster):
    from django.contrib.auth import get_user_model

    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("imgadmin", "i@example.cn", "pw-images-123456")
        unnamed = image("IMG_1234")
        described = image("DSC0001", description="桃花节开幕式现场")
    from django.test import Client

    client = Client(HTTP_HOST=cluster.peach.primary_domain_name())
    client.post("/admin/login/", {"username": "imgadmin", "password": "pw-images-123456"})

    def form_of(image_id, query=""):
        response = client.get(f"/admin/images/chooser/{image_id}/select_format/{query}")
        assert response.status_code == 200
        html = response.json()["html"]
        field = BeautifulSoup(html, "html.parser")
        alt = field.find("input", attrs={"name": "image-chooser-insertion-alt_text"})
        decorative = field.find("input", attrs={"name": "image-chooser-insertion-image_is_decorative"})
        return alt.get("value", ""), decorative.has_attr("checked")

    assert form_of(unnamed.pk) == ("", False)                        # empty, and not silently "decorative"
    assert form_of(described.pk) == ("桃花节开幕式现场", False)
    assert form_of(unnamed.pk, "?alt_text=&format=fullwidth") == ("", True)   # reopening a decorative embed
    response = client.post(f"/admin/images/chooser/{unnamed.pk}/select_format/", {
        "image-chooser-insertion-format": "fullwidth", "image-chooser-insertion-alt_text": ""})
    assert "请为您的图片添加替代文本，或将其标记为装饰性的。" in response.json()["html"]
