"""The site's appearance and the theme registry come from the shared cache (themes/sitecache.py):
a rendered page reads neither table, each site keeps its own, and a change shows at once."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from themes.models import SiteAppearance
from themes.registry.models import Theme

from .factories import configure_site

pytestmark = pytest.mark.django_db


def theme_tables_read(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in queries if "themes_siteappearance" in q["sql"] or "theme_registry_theme" in q["sql"]]


def test_a_render_reads_neither_table_once_remembered_and_sites_keep_their_own(cluster, site_client):
    configure_site(cluster.peach, "gov-classic", site_name="桃花镇门户")
    configure_site(cluster.willow, "civic-blue", site_name="柳树镇门户")
    peach, willow = site_client(cluster.peach), site_client(cluster.willow)
    peach.get("/")
    willow.get("/")
    assert theme_tables_read(peach) == [] and theme_tables_read(willow, "/news/") == []
    mine, theirs = peach.get("/").content.decode(), willow.get("/").content.decode()
    assert "桃花镇门户" in mine and "theme-gov-classic" in mine and "柳树镇门户" not in mine
    assert "柳树镇门户" in theirs and "theme-civic-blue" in theirs and "桃花镇门户" not in theirs


def test_an_appearance_change_shows_at_once_on_its_site_only(cluster, site_client):
    configure_site(cluster.peach, "gov-classic", primary_color="#112233")
    configure_site(cluster.willow, "gov-classic", primary_color="#445566")
    peach, willow = site_client(cluster.peach), site_client(cluster.willow)
    assert "柳岸人家" not in peach.get("/").content.decode()
    willow.get("/")
    with tenant_context(cluster.peach):
        appearance = SiteAppearance.load()
        appearance.site_name = "柳岸人家"
        appearance.save()
    assert "柳岸人家" in peach.get("/").content.decode()
    assert "柳岸人家" not in willow.get("/").content.decode()
    with tenant_context(cluster.peach):
        SiteAppearance.objects.all().delete()
    assert "柳岸人家" not in peach.get("/").content.decode()   # a new default row, not the remembered one


def test_a_registry_change_shows_at_once_on_every_site(cluster, site_client):
    configure_site(cluster.peach, "gov-classic")
    configure_site(cluster.willow, "gov-classic")
    clients = [site_client(cluster.peach), site_client(cluster.willow)]
    theme = Theme.objects.get(slug="gov-classic")
    before = [client.get("/").content.decode() for client in clients]
    assert all(f"theme.css?v={theme.version}&" in html for html in before)
    theme.version = 99
    theme.save()
    assert all("theme.css?v=99&" in client.get("/").content.decode() for client in clients)
