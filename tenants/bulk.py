"""Read site lists for bulk provisioning from YAML or CSV, with row-numbered errors."""
import csv
from pathlib import Path

import yaml

from .provisioning import SiteSpec

FIELDS = ("slug", "name", "level", "parent", "domains")


class SiteListError(Exception):
    """The file cannot be read as a site list; the message says where and why."""


def read_site_list(path):
    path = Path(path)
    if not path.exists():
        raise SiteListError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SiteListError(f"{path}: not UTF-8 text ({exc}).") from exc
    if suffix in (".yaml", ".yml"):
        rows = _yaml_rows(path, text)
    elif suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        raise SiteListError(f"{path}: use a .yaml/.yml or .csv file.")
    return [_spec(path, number, row) for number, row in enumerate(rows, start=1)]


def _yaml_rows(path, text):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SiteListError(f"{path}: not valid YAML: {exc}") from exc
    if isinstance(data, dict) and "sites" in data:
        data = data["sites"]
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise SiteListError(f"{path}: expected a list of sites (mappings with {', '.join(FIELDS)}).")
    return data


def _spec(path, number, row):
    unknown = set(row) - set(FIELDS) - {None}
    if unknown:
        raise SiteListError(f"{path}, site {number}: unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                            f"expected {', '.join(FIELDS)}.")
    missing = [key for key in ("slug", "name", "level") if not str(row.get(key) or "").strip()]
    if missing:
        raise SiteListError(f"{path}, site {number}: missing {', '.join(missing)}.")
    domains = row.get("domains") or []
    if isinstance(domains, str):
        domains = [d for d in domains.replace(";", " ").replace(",", " ").split() if d]
    return SiteSpec(
        slug=str(row["slug"]).strip(), name=str(row["name"]).strip(), level=str(row["level"]).strip(),
        parent=(str(row.get("parent") or "").strip() or None), domains=list(domains),
    )


LEVEL_ORDER = {"city": 0, "district": 1, "township": 2}


def in_creation_order(specs):
    """Parents before children, keeping file order within a level."""
    return sorted(specs, key=lambda spec: LEVEL_ORDER.get(spec.level, 9))
