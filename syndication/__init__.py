"""Syndication down the hierarchy, submission up it, and feeds for other channels.

* `syndication.exchange` (public schema): pushes, deliveries, submissions, sideways routes, feed
  entries: the only way content crosses from one site's schema to another's.
* `syndication` (every site's schema): live reference pages, where received pages came from, the
  site's standing rule and feed choices; the admin pages (inbox, sent pushes, submissions).
See docs/architecture.md, "Syndication".
"""
