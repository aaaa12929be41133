"""Import a legacy government site (crawled over HTTP or read from a saved folder) into a site.

    manage.py import_site SLUG --from http://old.example.gov.cn/ [--dry-run] [--mapping FILE]

The pipeline, one module per step: `fetching` (polite crawl on one host, or a folder; legacy
encodings), `extraction` (trafilatura for the article, the page's metadata for title, date,
source and the disclosure table), `mapping` (legacy columns → the site's columns and page
types, as an editable YAML file), `bodies` (images and attachments through the upload checks,
links rewritten, Wagtail's rich-text whitelist), `importer` (drafts first, content safety,
then publish, redirects and the old → new CSV when the run completes). State lives in the
site's schema (`ImportRun`, `LegacyItem`), so an interrupted run resumes without duplicates.
"""
