"""Signals through which other apps learn about the site lifecycle.

tenants knows nothing of search, themes or identity; they subscribe here.
"""
from django.dispatch import Signal

# Sent after a site has been provisioned and its schema is ready. kwargs: tenant.
site_provisioned = Signal()
# Sent after a site's status changed. kwargs: tenant, old_status, new_status.
site_status_changed = Signal()
# Sent on a request to a closed or archived site; a receiver may return a response
# (e.g. a 301 to the content's new home after a move-up). kwargs: tenant, request.
closed_site_request = Signal()
# Sent once a move-up is committed and its files are in place (tenants.moveup).
# kwargs: source (the closed township Tenant), target (the parent Tenant), section_page_id
# (the new section's page id in the target schema), section_path (its path on the target
# site, e.g. "/townships/peach/"), url_map ({old path on the source's hosts: new path on the
# target's primary host}), move (the tenants.MoveUp row). Search drops the old URLs and
# indexes the new section; identity turns the township editors' grants into grants on the
# section.
site_moved_up = Signal()
# Sent after a move-up was rolled back: the township is active again and the section gone.
# kwargs: source, target, section_page_id, section_path, url_map (the map that no longer
# applies), move.
site_move_rolled_back = Signal()
# Sent after a site was restored from its archive (tenants.backup) and the restore committed.
# kwargs: tenant, replaced (True when an existing site's content was replaced). Search rebuilds
# the site's documents; caches of the site's pages are stale.
site_restored = Signal()
# Sent when many pages of a site were published at once without Wagtail's `page_published` per
# page (the legacy import's bulk path), inside that site's schema, once the pages are live.
# kwargs: tenant, subtree_root_ids (pages of the site under which every new page lies). Search and
# the feeds re-index those subtrees; the page cache drops the site's cached pages.
site_pages_published_in_bulk = Signal()
