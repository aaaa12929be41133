"""Reading the project's and the installed packages' translation catalogues (no extra dependency)."""
import gettext
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

LANGUAGE = "zh_Hans"
PROJECT = Path(settings.BASE_DIR)
SUPPLEMENT = Path(settings.PROJECT_DIR) / "siteadmin" / "wagtail_locale"


def entries(mo_path):
    """{msgid or (msgid, plural index), with msgctxt prefixed as gettext does: translation} of a .mo."""
    with open(mo_path, "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return {key: value for key, value in catalog.items() if key and key != ("", 0)}


def is_ours(path):
    """Our code, not an installed package (the virtualenv may live inside the project folder)."""
    path = Path(path).resolve()
    return path.is_relative_to(PROJECT.resolve()) and "site-packages" not in path.parts


def _mo_files(folder, domain="django"):
    path = Path(folder) / LANGUAGE / "LC_MESSAGES" / f"{domain}.mo"
    return [path] if path.is_file() else []


def project_catalogues(domain="django"):
    """Our own catalogues: LOCALE_PATHS (minus the Wagtail supplement) and our apps' locale folders."""
    found = []
    for folder in settings.LOCALE_PATHS:
        if Path(folder).resolve() != SUPPLEMENT.resolve():
            found += _mo_files(folder, domain)
    for config in apps.get_app_configs():
        if is_ours(config.path):
            found += _mo_files(Path(config.path) / "locale", domain)
    return list(dict.fromkeys(path.resolve() for path in found))


def upstream_catalogues(domain="django"):
    """Catalogues of the installed third-party apps (Wagtail, Django's contrib apps…) and Django's own,
    in Django's order of precedence: apps in INSTALLED_APPS order (the first wins), Django's last."""
    import django

    found = []
    for config in apps.get_app_configs():
        if not is_ours(config.path):
            found += _mo_files(Path(config.path) / "locale", domain)
    return found + _mo_files(Path(django.__file__).parent / "conf" / "locale", domain)


def merged(paths):
    table = {}
    for path in paths:
        for key, value in entries(path).items():
            table.setdefault(key, (value, path))
    return table


def po_entries(po_path):
    """[(flags, msgctxt, msgid, [msgstr…])] of a .po file, for completeness checks."""
    text = Path(po_path).read_text(encoding="utf-8")
    found = []
    for block in re.split(r"\n\s*\n", text):
        if block.lstrip().startswith("#~"):
            continue
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            found.append((flags, fields.get("msgctxt"), fields["msgid"], strings))
    return found
