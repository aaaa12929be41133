"""Nothing created in one site can be seen through another site's host, admin, media or cache."""
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from themes.models import ArticlePage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple-42"


def png_bytes(color):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), color).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(tenant, title, color="red"):
    with tenant_context(tenant):
        return Image.objects.create(title=title, file=ImageFile(io.BytesIO(png_bytes(color)), name="logo.png"))


def make_document(tenant, title, text):
    with tenant_context(tenant):
        return Document.objects.create(title=title, file=ContentFile(text.encode(), name="report.txt"))


def make_superuser(tenant, username):
    with tenant_context(tenant):
        return get_user_model().objects.create_superuser(username, f"{username}@example.cn", PASSWORD)


def test_rows_created_in_one_schema_do_not_exist_in_another(cluster):
    with tenant_context(cluster.peach):
        news = Page.objects.get(slug="news")
        news.add_child(instance=ArticlePage(title="桃花镇独有的新闻", slug="only-peach"))
    make_image(cluster.peach, "桃花镇标志")
    make_document(cluster.peach, "桃花镇年报", "peach")
    make_superuser(cluster.peach, "peach_admin")
    with tenant_context(cluster.willow):
        assert not Page.objects.filter(title="桃花镇独有的新闻").exists()
        assert not Image.objects.filter(title="桃花镇标志").exists()
        assert not Document.objects.filter(title="桃花镇年报").exists()
        assert not get_user_model().objects.filter(username="peach_admin").exists()
    with tenant_context(cluster.peach):
        assert Page.objects.filter(title="桃花镇独有的新闻").exists()
        assert get_user_model().objects.filter(username="peach_admin").exists()


def test_uploads_of_two_sites_land_in_separate_folders(cluster):
    peach_image = make_image(cluster.peach, "a", "red")
    willow_image = make_image(cluster.willow, "b", "blue")
    media_root = Path(settings.MEDIA_ROOT)
    with tenant_context(cluster.peach):
        peach_path = Path(peach_image.file.path)
    with tenant_context(cluster.willow):
        willow_path = Path(willow_image.file.path)
    assert peach_path.is_relative_to(media_root / cluster.peach.schema_name)
    assert willow_path.is_relative_to(media_root / cluster.willow.schema_name)
    # Same upload name, two files, neither overwriting the other.
    assert peach_path.read_bytes() == png_bytes("red")
    assert willow_path.read_bytes() == png_bytes("blue")


def test_media_urls_answer_only_on_the_owning_sites_host(cluster, site_client):
    image = make_image(cluster.peach, "桃花镇标志")
    with tenant_context(cluster.peach):
        url = image.file.url
    assert url.startswith(f"/media/{cluster.peach.schema_name}/")
    response = site_client(cluster.peach).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes("red")
    assert site_client(cluster.willow).get(url).status_code == 404
    assert site_client("localhost").get(url).status_code == 404
    # Nor can another host reach the file by naming its own schema with the same path.
    own_schema_url = url.replace(cluster.peach.schema_name, cluster.willow.schema_name)
    assert site_client(cluster.willow).get(own_schema_url).status_code == 404
    traversal = f"/media/{cluster.willow.schema_name}/../{cluster.peach.schema_name}/" + url.split("/", 3)[3]
    assert site_client(cluster.willow).get(traversal).status_code == 404


def test_document_urls_answer_only_on_the_owning_sites_host(cluster, site_client):
    document = make_document(cluster.peach, "桃花镇年报", "peach annual report")
    with tenant_context(cluster.peach):
        url = document.url
    response = site_client(cluster.peach).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"peach annual report"
    # willow has no documents at all: 404 ...
    assert site_client(cluster.willow).get(url).status_code == 404
    # ... and once it has one, peach's URL still never yields peach's file there.
    make_document(cluster.willow, "柳树年报", "willow annual report")
    response = site_client(cluster.willow).get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else response.content
    assert b"peach" not in body


def test_a_user_of_one_site_cannot_log_into_another(cluster, site_client):
    make_superuser(cluster.peach, "peach_admin")
    peach = site_client(cluster.peach)
    willow = site_client(cluster.willow)
    # Log in through each site's own admin login form, as a browser would.
    response = peach.post("/admin/login/", {"username": "peach_admin", "password": PASSWORD})
    assert response.status_code == 302
    assert peach.get("/admin/").status_code == 200
    response = willow.post("/admin/login/", {"username": "peach_admin", "password": PASSWORD})
    assert response.status_code == 200  # form redisplayed with an error
    assert willow.get("/admin/").status_code == 302  # still sent to login


def test_admin_of_a_site_shows_only_its_own_pages(cluster, site_client):
    with tenant_context(cluster.peach):
        news = Page.objects.get(slug="news")
        secret = news.add_child(instance=ArticlePage(title="Peach internal draft quokka", slug="draft-only",
                                                     live=False))
    clients = {}
    for site in (cluster.peach, cluster.willow):
        make_superuser(site, "site_admin")
        clients[site.slug] = site_client(site)
        response = clients[site.slug].post("/admin/login/", {"username": "site_admin", "password": PASSWORD})
        assert response.status_code == 302
    # Control: peach's own admin finds and opens the draft ...
    assert "Peach internal draft quokka" in clients["peach"].get(
        "/admin/pages/search/", {"q": "quokka"}).content.decode()
    assert clients["peach"].get(f"/admin/pages/{secret.pk}/edit/").status_code == 200
    # ... willow's admin, with the same id and query, never does.
    willow = clients["willow"]
    assert "Peach internal draft" not in willow.get("/admin/pages/search/", {"q": "quokka"}).content.decode()
    assert "桃花镇" not in willow.get("/admin/pages/").content.decode()
    for url in (f"/admin/pages/{secret.pk}/edit/", f"/admin/pages/{secret.pk}/view_draft/",
                f"/admin/pages/{news.pk}/"):
        response = willow.get(url)
        assert "Peach internal draft" not in response.content.decode(), url


def test_cache_keys_are_namespaced_per_site(cluster):
    with tenant_context(cluster.peach):
        peach_key = cache.make_key("site-root-paths")
        cache.set("greeting", "来自桃花镇")
        caches["renditions"].set("rendition-1", "peach")
    with tenant_context(cluster.willow):
        willow_key = cache.make_key("site-root-paths")
        assert cache.get("greeting") is None
        assert caches["renditions"].get("rendition-1") is None
        cache.set("greeting", "来自柳树街道")
    assert peach_key != willow_key
    assert cluster.peach.schema_name in peach_key and cluster.willow.schema_name in willow_key
    with tenant_context(cluster.peach):
        assert cache.get("greeting") == "来自桃花镇"


def test_every_cache_alias_uses_a_per_schema_key_function():
    for alias, config in settings.CACHES.items():
        expected = "tenants.cachekeys.make_key" if alias == "serving" else "django_tenants.cache.make_key"
        assert config.get("KEY_FUNCTION") == expected, alias


def test_serving_cache_keys_name_their_schema_and_refuse_keys_without_one():
    from tenants.cachekeys import site_key

    serving = caches["serving"]
    assert serving.make_key(site_key("site_peach", "page", "x")).startswith("site_peach:")
    with pytest.raises(ValueError):
        serving.set("no-schema", 1)
    with pytest.raises(ValueError):
        site_key("", "page")


def test_wagtail_site_root_cache_does_not_leak_between_sites(cluster, site_client):
    # Warm Wagtail's cached site root paths on one site, then render another.
    for _ in range(2):
        assert "<h1>桃花镇人民政府" in site_client(cluster.peach).get("/").content.decode()
        assert "<h1>柳树街道办事处" in site_client(cluster.willow).get("/").content.decode()


def test_connection_returns_to_public_after_each_request(cluster, site_client):
    site_client(cluster.peach).get("/")
    assert connection.schema_name == "public"


def test_production_media_is_handed_to_the_proxy_only_for_the_owning_site(cluster, site_client, settings):
    settings.SITEGROUP_MEDIA_ACCEL_PREFIX = "/_protected_media"
    image = make_image(cluster.peach, "桃花镇标志")
    with tenant_context(cluster.peach):
        url = image.file.url
    response = site_client(cluster.peach).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_protected_media/" + url.removeprefix("/media/")
    assert site_client(cluster.willow).get(url).status_code == 404
    missing = url.rsplit("/", 1)[0] + "/missing.png"
    assert site_client(cluster.peach).get(missing).status_code == 404
