"""One import, as the command, the console's background task and the benchmark run it.

Run inside the site's schema (`tenant_context`).
"""
from contextlib import nullcontext
from pathlib import Path

from django.utils.translation import gettext as _

from tenants.moveup.indexing import per_object_indexing_paused

from . import mapping as column_mapping
from .domains import check_free, legacy_host, take_over
from .fetching import FolderFetcher, HttpFetcher
from .finishing import finish
from .importer import ImportRefused, SiteImport
from .wxr import WxrFetcher

DEFAULT_FOLDER_BASE = "http://legacy.local/"


def fetcher_for(source, *, base_url="", delay=0.5):
    """An HttpFetcher for a URL, a FolderFetcher for a folder; ImportRefused for anything else."""
    if source.startswith(("http://", "https://")):
        return HttpFetcher(source, delay=delay)
    if Path(source).is_dir():
        return FolderFetcher(source, base_url or DEFAULT_FOLDER_BASE)
    if Path(source).is_file() and source.lower().endswith(".xml"):
        try:
            return WxrFetcher(source, delay=delay)
        except ValueError as error:
            raise ImportRefused(str(error)) from None
    raise ImportRefused(_("The source must be an http(s) URL, a folder of saved pages or a WordPress export "
                          "(.xml): “%(source)s”.") % {"source": source})


def import_legacy_site(tenant, fetcher, *, mapping_text=None, unmapped="create", max_pages=5000, dry_run=False,
                       progress=None, take_over_domain=False):
    """Crawl (and unless `dry_run`, finish) an import; returns the SiteImport, its report in `.result`.

    Raises ImportRefused (nothing written) for a mapping with problems, an unreadable site or, with
    `take_over_domain`, a legacy host another site holds; KeyboardInterrupt and other errors leave
    the run's drafts for the next run to go on from. With `take_over_domain` the completed import
    adds the legacy host to the site's domains (the report's "domain" says what happened).
    """
    host = legacy_host(fetcher) if take_over_domain else ""
    if take_over_domain and fetcher.start_url == DEFAULT_FOLDER_BASE:
        raise ImportRefused(_("To take over the legacy domain from a folder, give the legacy site's address "
                              "(--base-url)."))
    if host:
        check_free(tenant, host)
    site_import = SiteImport(tenant, fetcher, unmapped=unmapped, max_pages=max_pages, dry_run=dry_run,
                             progress=progress)
    if hasattr(progress, "site_import"):
        progress.site_import = site_import
    if mapping_text:
        try:
            site_import.mapping = column_mapping.load(mapping_text, site_import.home)
        except column_mapping.MappingError as error:
            raise ImportRefused(_("The mapping file has problems; nothing was imported:\n%(problems)s")
                                % {"problems": "\n".join(error.problems)}) from None
    # Wagtail's admin search and reference indexes are written in bulk as the pages are published, not
    # by every save of every page (see tenants/moveup/indexing.py, which does the same for move-ups).
    with nullcontext() if dry_run else per_object_indexing_paused():
        site_import.crawl()
        site_import.result = None if dry_run else finish(site_import)
    if host and not dry_run:
        site_import.result["domain"] = take_over(tenant, host)
        site_import.run.report = site_import.result
        site_import.run.save(update_fields=["report"])
    return site_import


def proposed_mapping(site_import):
    """The YAML mapping a dry run proposes: every column it found, with the rule it would apply."""
    proposal = dict(site_import.mapping or {})
    for column in site_import.columns_seen:
        proposal.setdefault(column, site_import.rule_for(column))
    return column_mapping.to_yaml(proposal, counts=dict(site_import.columns_seen))
