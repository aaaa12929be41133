"""The admin screens an editor uses read in Chinese, and our catalogues never spoil Wagtail's own.

Why strings stayed English (found before adding any translation): Wagtail 8.0's zh_Hans catalogue
lacks about 370 of its admin strings and 19 of its JavaScript ones (the locale name is not the
cause: Django maps zh-hans to the zh_Hans folders, which Wagtail ships). And the project's catalogue,
first in LOCALE_PATHS, overrode some Wagtail strings with its own meaning of the same English word
("Pages" of the pagination, 分页, became the admin sidebar's 页面). Our own different meanings now
carry a msgctxt; the gaps are filled by sitegroup/siteadmin/wagtail_locale, only where Wagtail has
no translation.
"""
import json
import re

import pytest
from bs4 import BeautifulSoup, Comment
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tests.identity.helpers import enter, login, make_account

from .catalogues import (
    PROJECT,
    SUPPLEMENT,
    entries,
    merged,
    po_entries,
    project_catalogues,
    upstream_catalogues,
)


def test_our_catalogues_never_override_a_translation_wagtail_or_django_ship():
    upstream = merged(upstream_catalogues())
    assert len(upstream) > 1500                      # Wagtail's and Django's catalogues were found
    clashes = []
    for path in project_catalogues():
        for key, value in entries(path).items():
            if key in upstream and upstream[key][0] != value:
                clashes.append(f"{path.relative_to(PROJECT)}: {key!r} is {value!r} here but "
                               f"{upstream[key][0]!r} in {upstream[key][1]}")
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize("domain, at_least", [("django", 350), ("djangojs", 15)])
def test_the_wagtail_supplement_only_fills_gaps(domain, at_least):
    supplement = entries(SUPPLEMENT / "zh_Hans" / "LC_MESSAGES" / f"{domain}.mo")
    assert len(supplement) >= at_least
    assert not set(supplement) & set(merged(upstream_catalogues(domain)))
    assert not set(supplement) & set(merged(project_catalogues(domain)))


def project_po_files():
    return [path for path in PROJECT.rglob("zh_Hans/LC_MESSAGES/*.po")
            if not {".venv", "var", "node_modules"} & set(path.relative_to(PROJECT).parts)]


def test_every_catalogue_is_complete_and_compiled():
    problems = []
    files = project_po_files()
    assert len(files) >= 5
    for po in files:
        compiled = entries(po.with_suffix(".mo"))
        for flags, context, msgid, strings in po_entries(po):
            where = f"{po.relative_to(PROJECT)}: {msgid!r}"
            if "fuzzy" in flags:
                problems.append(f"{where} is fuzzy")
            if not all(strings):
                problems.append(f"{where} has no translation")
            key = (f"{context}\x04" if context else "") + msgid.replace('\\"', '"').replace("\\n", "\n")
            if key not in compiled and (key, 0) not in compiled:
                problems.append(f"{where} is missing from the .mo (run compilemessages)")
    assert not problems, "\n".join(problems)


# Strings an editor met in English (issue 14) or that Wagtail's catalogue leaves untranslated.
KNOWN_ENGLISH = [
    "Pages", "Images", "Documents", "Search all pages", "editor guide", "created in", "Autosave is paused",
    "Page types usage", "Referenced", "could not be created due to validation errors", "Edit account avatar",
    "Content metrics", "Reading time", "Moderators approval", "Date updated", "Has child pages", "Locking",
    "Anyone can edit", "To be created by", "Toggle checks", "Grid layout", "Oldest", "Usage count",
    "Theme preferences", "domain.com/work", "Go to the first error", "Exploring", "Sitegroup", "Wagtail CMS",
]
# English that belongs on the screen: names, formats, identifiers.
ALLOWED_WORDS = {"wagtail", "javascript", "english", "pdf", "jpg", "jpeg", "png", "gif", "webp", "csv", "xlsx",
                 "url", "api", "html", "asia", "shanghai", "editor", "themes",
                 "guanyu", "kaizhan", "gongzuo", "tongzhi"}      # the pinyin example in the slug's help text
WORD = re.compile(r"[A-Za-z]{3,}")


def english_on(html, allowed_words=()):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "code", "pre"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):      # filled in by script, never read as it is
        tag.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    texts = [" ".join(text.split()) for text in soup.find_all(string=True)]
    for attribute in ("placeholder", "aria-label", "title", "alt", "value"):
        texts += [element[attribute] for element in soup.find_all(attrs={attribute: True})
                  if attribute != "value" or element.name == "button" or element.get("type") == "submit"]
    allowed = ALLOWED_WORDS | {word.lower() for word in allowed_words}
    found = set()
    for text in texts:
        # Addresses, file names and model identifiers (app_label.model) are not language.
        if re.match(r"^(https?:|/|[\w.+-]+@|[\w-]+\.(pdf|png|jpg)$|[a-z_]+\.[a-z_]+$)", text):
            continue
        if any(word.lower() not in allowed for word in WORD.findall(text)):
            found.add(text[:100])
    return found


@pytest.fixture
def editor_in_peach(cluster):
    from themes.models import ArticlePage

    from ..themes.factories import build_every_page_type, configure_site

    configure_site(cluster.peach, "gov-classic")
    build_every_page_type(cluster.peach)
    make_account("peach-editor", grants={cluster.peach: "editor"})
    client = enter(login("peach-editor"), cluster.peach)
    with tenant_context(cluster.peach):
        home = Page.objects.get(depth=2)
        news = Page.objects.get(slug="news")
        article = ArticlePage.objects.child_of(news).first()
    return client, {"home": home.pk, "news": news.pk, "article": article.pk}


def test_the_admin_screens_an_editor_uses_read_in_chinese(editor_in_peach):
    client, pk = editor_in_peach
    screens = {
        "dashboard": "/admin/", "explorer": f"/admin/pages/{pk['home']}/", "column": f"/admin/pages/{pk['news']}/",
        "edit": f"/admin/pages/{pk['article']}/edit/", "create": f"/admin/pages/add/themes/articlepage/{pk['news']}/",
        "choose type": f"/admin/pages/{pk['news']}/add_subpage/", "history": f"/admin/pages/{pk['article']}/history/",
        "usage": f"/admin/pages/{pk['article']}/usage/", "search": "/admin/pages/search/?q=集约化",
        "images": "/admin/images/", "upload images": "/admin/images/multiple/add/", "documents": "/admin/documents/",
        "upload documents": "/admin/documents/multiple/add/", "account": "/admin/account/",
        "page types": "/admin/reports/page-types-usage/",
    }
    leftovers = {}
    for name, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html = response.content.decode()
        found = english_on(html, allowed_words={"peach", "logo"})          # the site's slug, an image's title
        known = [text for text in KNOWN_ENGLISH if re.search(rf"(?<![\w-]){re.escape(text)}", _visible(html))]
        if found or known:
            leftovers[name] = sorted(found) + [f"known: {text}" for text in known]
    assert not leftovers, json.dumps(leftovers, ensure_ascii=False, indent=1)


def _visible(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    return soup.get_text(" ") + " ".join(str(el.get("placeholder", "")) + " " + str(el.get("aria-label", ""))
                                        for el in soup.find_all(True))


def test_the_sidebar_and_the_dashboard_name_pages_images_and_documents_in_chinese(editor_in_peach):
    client, _pk = editor_in_peach
    html = client.get("/admin/").content.decode()
    sidebar = json.loads(BeautifulSoup(html, "html.parser").find(id="wagtail-sidebar-props").string)
    labels = re.findall(r'"label": "([^"]*)"', json.dumps(sidebar, ensure_ascii=False))
    assert "页面" in labels and "分页" not in labels
    summary = BeautifulSoup(html, "html.parser").find(class_="w-summary")
    text = " ".join(summary.get_text(" ").split())
    assert re.search(r"\d+ 个页面", text) and re.search(r"\d+ 张图片", text) and re.search(r"\d+ 个文档", text)
    assert 'placeholder="搜索全部页面…"' in html


def test_a_failed_save_says_so_in_chinese(editor_in_peach):
    client, pk = editor_in_peach
    response = client.post(f"/admin/pages/add/themes/articlepage/{pk['news']}/",
                           {"title": "", "publish_date": "2026-05-10 09:00", "action-publish": "publish"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "页面未能创建：请改正标出的错误。" in html and "could not be created" not in html
