"""Switching, previewing and updating themes."""
import json
import shutil

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from themes.models import SiteAppearance
from themes.registry.library import sync_themes
from themes.registry.models import Theme

from .factories import configure_site

pytestmark = pytest.mark.django_db
PASSWORD = "pw-staff-123456"


def theme_class(html):
    return "theme-civic-blue" if "theme-civic-blue" in html else "theme-gov-classic" if "theme-gov-classic" in html \
        else None


def test_switching_a_sites_theme_takes_effect_on_the_next_request(cluster, site_client):
    configure_site(cluster.peach, "gov-classic")
    client = site_client(cluster.peach)
    assert theme_class(client.get("/").content.decode()) == "theme-gov-classic"
    with tenant_context(cluster.peach):
        appearance = SiteAppearance.load()
        appearance.theme_slug = "civic-blue"
        appearance.full_clean()
        appearance.save()
    assert theme_class(client.get("/").content.decode()) == "theme-civic-blue"
    assert theme_class(client.get("/news/").content.decode()) == "theme-civic-blue"
    # the other site keeps its own theme
    configure_site(cluster.willow, "gov-classic")
    assert theme_class(site_client(cluster.willow).get("/").content.decode()) == "theme-gov-classic"


def test_a_theme_preview_is_shown_to_staff_only(cluster, site_client):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("staff", "s@example.cn", PASSWORD)
    public = site_client(cluster.peach)
    staff = site_client(cluster.peach)
    assert staff.post("/admin/login/", {"username": "staff", "password": PASSWORD}).status_code == 302

    previewed = staff.get("/news/?preview_theme=civic-blue").content.decode()
    assert theme_class(previewed) == "theme-civic-blue"
    assert "theme-preview-banner" in previewed
    assert "preview_theme=civic-blue" in previewed            # the stylesheet follows the preview
    assert "private" in staff.get("/theme.css?preview_theme=civic-blue")["Cache-Control"]
    # The public asking for the same URL sees the current theme, and so does staff without it.
    anonymous = public.get("/news/?preview_theme=civic-blue").content.decode()
    assert theme_class(anonymous) == "theme-gov-classic" and "theme-preview-banner" not in anonymous
    assert theme_class(staff.get("/news/").content.decode()) == "theme-gov-classic"
    with tenant_context(cluster.peach):
        assert SiteAppearance.load().theme_slug == "gov-classic"   # previewing changed nothing


def test_a_preview_keeps_only_the_site_choices_the_previewed_theme_allows(cluster, site_client):
    configure_site(cluster.peach, "gov-classic", font_family="serif")   # civic-blue offers no serif
    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("staff", "s@example.cn", PASSWORD)
    staff = site_client(cluster.peach)
    staff.post("/admin/login/", {"username": "staff", "password": PASSWORD})
    css = staff.get("/theme.css?preview_theme=civic-blue").content.decode()
    assert "Songti" not in css and "PingFang" in css


def test_updating_a_theme_updates_every_site_using_it(cluster, site_client):
    configure_site(cluster.peach, "civic-blue")
    configure_site(cluster.willow, "civic-blue")
    configure_site(cluster.east, "gov-classic")
    theme = Theme.objects.get(slug="civic-blue")
    before = {site.slug: site_client(site).get("/").content.decode() for site in (cluster.peach, cluster.willow)}
    assert all(f"v={theme.version}&" in html for html in before.values())

    # What `sync_themes` does when the theme's files change: new tokens, version bumped.
    theme.tokens["primary_color"]["default"] = "#004a8f"
    theme.version += 1
    theme.save()
    for site in (cluster.peach, cluster.willow):
        html = site_client(site).get("/").content.decode()
        assert f"v={theme.version}&" in html
        assert "--color-primary: #004a8f;" in site_client(site).get("/theme.css").content.decode()
    assert "#004a8f" not in site_client(cluster.east).get("/theme.css").content.decode()


def test_sync_registers_a_new_theme_folder_and_versions_its_changes(cluster, tmp_path, settings):
    county_dir = tmp_path / "county-themes"
    shutil.copytree(settings.SITEGROUP_BUILTIN_THEME_DIR / "civic-blue", county_dir / "county-green")
    definition = json.loads((county_dir / "county-green" / "theme.json").read_text())
    definition["name"] = "县域绿 County Green"
    definition["tokens"]["primary_color"]["default"] = "#1b5e20"
    (county_dir / "county-green" / "theme.json").write_text(json.dumps(definition, ensure_ascii=False))
    settings.SITEGROUP_THEME_DIRS = [*settings.SITEGROUP_THEME_DIRS, county_dir]

    assert sync_themes(log=lambda m: None) == (1, 0)
    theme = Theme.objects.get(slug="county-green")
    assert (theme.name, theme.version, theme.is_builtin) == ("县域绿 County Green", 1, False)
    assert sync_themes(log=lambda m: None) == (0, 0)            # nothing changed, nothing bumped
    css = county_dir / "county-green" / "static" / "theme.css"
    css.write_text(css.read_text() + "\n.theme-civic-blue h1 { letter-spacing: .05em; }\n")
    assert sync_themes(log=lambda m: None) == (0, 1)
    assert Theme.objects.get(slug="county-green").version == 2


def test_a_theme_folder_without_base_template_is_refused_clearly(cluster, tmp_path, settings):
    from themes.registry.library import ThemeDefinitionError

    broken = tmp_path / "themes" / "broken"
    broken.mkdir(parents=True)
    (broken / "theme.json").write_text('{"name": "x", "tokens": {}}')
    settings.SITEGROUP_THEME_DIRS = [tmp_path / "themes"]
    with pytest.raises(ThemeDefinitionError, match="needs a base.html"):
        sync_themes(log=lambda m: None)


def test_site_admin_picks_a_theme_from_the_registry_and_sees_preview_links(cluster, site_client):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("staff", "s@example.cn", PASSWORD)
    staff = site_client(cluster.peach)
    staff.post("/admin/login/", {"username": "staff", "password": PASSWORD})
    response = staff.get("/admin/settings/themes/siteappearance/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200, response.redirect_chain
    assert '<option value="civic-blue"' in html and '<option value="gov-classic" selected' in html
    assert 'href="/?preview_theme=civic-blue"' in html


def test_a_new_theme_draws_only_its_header_and_gets_every_mandatory_part_from_the_layout(
        cluster, tmp_path, settings, site_client):
    folder = tmp_path / "themes" / "plain"
    (folder / "static").mkdir(parents=True)
    (folder / "static" / "theme.css").write_text("body { margin: 0; }\n")
    (folder / "theme.json").write_text(json.dumps({"name": "朴素 Plain", "stylesheet": "theme.css", "tokens": {}}))
    (folder / "base.html").write_text(
        '{% extends "themes/layout.html" %}{% block header %}<header class="plain" role="banner">'
        "<p>{{ theme.site_name }}</p>{% include \"themes/includes/nav.html\" %}</header>{% endblock %}")
    settings.SITEGROUP_THEME_DIRS = [*settings.SITEGROUP_THEME_DIRS, tmp_path / "themes"]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path / "themes"]}]
    sync_themes(log=lambda m: None)
    configure_site(cluster.peach, "plain")
    html = site_client(cluster.peach).get("/news/").content.decode()
    assert '<header class="plain" role="banner">' in html and 'class="theme-plain layout-wide' in html
    for mandatory in ('<html lang="zh-hans">', '<meta name="SiteName" content="桃花镇人民政府">',
                      '<a class="skip-link" href="#main">', 'class="a11y-toolbar"', '<main id="main"',
                      'class="breadcrumbs"', 'role="contentinfo"', "青ICP备20240001号", "3301020101",
                      'href="/static/theme/plain/theme.css"', '<form class="search-box"'):
        assert mandatory in html, mandatory
