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
