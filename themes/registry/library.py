"""Theme folders on disk → registry rows.

Each folder in SITEGROUP_THEME_DIRS holding a theme.json is a theme:

    <slug>/theme.json      name, description, tokens (type, default, allowed range)
    <slug>/base.html       the layout every page template extends
    <slug>/static/...      CSS and images, served at /static/theme/<slug>/...

`sync_themes()` (run by `migrate` and `manage.py sync_themes`) registers new folders and
bumps a theme's version whenever its files change, so every site using it renders the
new version on its next request, with no per-site step.
"""
import hashlib
import json
from pathlib import Path

from django.conf import settings

REQUIRED_KEYS = ("name", "tokens")


class ThemeDefinitionError(Exception):
    pass


def theme_folders():
    for root in settings.SITEGROUP_THEME_DIRS:
        root = Path(root)
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                if (folder / "theme.json").is_file():
                    yield folder


def _content_hash(folder):
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_definition(folder):
    folder = Path(folder)
    try:
        data = json.loads((folder / "theme.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ThemeDefinitionError(f"{folder / 'theme.json'}: {exc}") from exc
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise ThemeDefinitionError(f"{folder / 'theme.json'}: missing {', '.join(missing)}")
    if not (folder / "base.html").is_file():
        raise ThemeDefinitionError(f"{folder}: a theme needs a base.html")
    slug = folder.name
    return {
        "slug": slug,
        "name": data["name"],
        "description": data.get("description", ""),
        "tokens": data["tokens"],
        "base_template": f"{slug}/base.html",
        "stylesheet": f"theme/{slug}/{data.get('stylesheet', 'theme.css')}",
        "is_builtin": Path(folder).parent.resolve() == Path(settings.SITEGROUP_BUILTIN_THEME_DIR).resolve(),
        "content_hash": _content_hash(folder),
    }


def sync_themes(log=print):
    """Create or update a registry row per theme folder; return (created, updated)."""
    from .models import Theme

    created = updated = 0
    for folder in theme_folders():
        definition = read_definition(folder)
        theme = Theme.objects.filter(slug=definition["slug"]).first()
        if theme is None:
            Theme.objects.create(**definition)
            created += 1
            log(f"  registered theme {definition['slug']}")
        elif theme.content_hash != definition["content_hash"]:
            for key, value in definition.items():
                setattr(theme, key, value)
            theme.version += 1
            theme.save()
            updated += 1
            log(f"  updated theme {theme.slug} to version {theme.version}")
    return created, updated


def static_dirs(theme_dirs):
    """(prefix, folder) of every theme folder with static files (used by ThemeStaticFinder)."""
    entries = []
    for root in theme_dirs:
        root = Path(root)
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                if (folder / "static").is_dir():
                    entries.append((f"theme/{folder.name}", str(folder / "static")))
    return entries
