"""Data flows one way between the apps (docs/architecture.md, "Allowed import directions").

Every module of an app, migrations and management commands included, is parsed; an import of a
forbidden app (absolute or relative, at the top or inside a function) fails the test with its place.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# app package → packages it must never import
FORBIDDEN = {
    "tenants": ["themes", "search", "accessibility", "sitegroup.identity", "sitegroup.safety",
                "sitegroup.review", "sitegroup.publishing", "sitegroup.pagecache", "sitegroup.legacy_import",
                "syndication", "interaction", "sitegroup.health"],
    "themes": ["search", "accessibility", "sitegroup.identity", "sitegroup.safety", "sitegroup.review",
               "sitegroup.legacy_import", "syndication", "interaction", "sitegroup.health"],
    # Site health reads content safety's findings and detector; never the other way round.
    "sitegroup.safety": ["sitegroup.health"],
    "search": ["themes", "accessibility", "syndication", "interaction"],
    "accessibility": ["search", "sitegroup.identity", "syndication", "interaction"],
    # Syndication uses the registry, page types, the audit log and the shells; nobody below it knows it.
    "syndication": ["search", "accessibility", "sitegroup.safety", "sitegroup.review", "sitegroup.health"],
    # Public interaction is read by site health, never the other way round.
    "interaction": ["sitegroup.health"],
    # The shells other apps plug into know none of their plugins.
    "sitegroup.console": ["tenants", "themes", "search", "accessibility", "sitegroup.identity", "sitegroup.safety",
                          "sitegroup.review", "syndication", "interaction", "sitegroup.health"],
    # The page cache learns about content through signals and hooks, whoever owns the content.
    "sitegroup.pagecache": ["themes", "search", "accessibility", "sitegroup.identity", "sitegroup.safety",
                            "sitegroup.review", "sitegroup.publishing", "syndication", "interaction",
                            "sitegroup.health"],
    "sitegroup.publishing": ["tenants", "themes", "search", "accessibility", "sitegroup.identity",
                             "sitegroup.safety", "sitegroup.review", "syndication", "interaction", "sitegroup.health"],
    # The scheduler visits the sites of the registry (tenants) and knows none of the jobs' apps.
    "sitegroup.scheduling": ["themes", "search", "accessibility", "sitegroup.identity", "sitegroup.safety",
                             "sitegroup.publishing", "sitegroup.review", "syndication", "interaction",
                             "sitegroup.health", "sitegroup.legacy_import"],
}


def imported_modules(path, package):
    """Absolute names of every module `path` imports (relative imports resolved against `package`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:                      # `from sitegroup import identity`
                yield node.lineno, f"{module}.{alias.name}"


def violations(app, forbidden):
    app_dir = ROOT.joinpath(*app.split("."))
    found = {}
    for path in sorted(app_dir.rglob("*.py")):
        place = path.relative_to(ROOT)
        package = ".".join(place.with_suffix("").parts[:-1])
        for line, module in imported_modules(path, package):
            if any(module == target or module.startswith(target + ".") for target in forbidden):
                found.setdefault(f"{place}:{line}", module)       # the first name of each import is enough
    return sorted(f"{where} imports {module}" for where, module in found.items())


@pytest.mark.parametrize("app", list(FORBIDDEN))
def test_no_app_imports_what_it_must_not_know(app):
    assert violations(app, FORBIDDEN[app]) == []


def test_the_rule_catches_a_forbidden_import(tmp_path, monkeypatch):
    """A module like those above with a forbidden import (relative and absolute) is reported."""
    package = tmp_path / "tenants" / "sub"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text("def f():\n    from themes.models import HomePage\n"
                                    "from sitegroup import identity\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert violations("tenants", FORBIDDEN["tenants"]) == [
        "tenants/sub/bad.py:2 imports themes.models", "tenants/sub/bad.py:3 imports sitegroup.identity"]
