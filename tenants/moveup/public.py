"""What visitors see after a move-up: 301s from the old hosts, a notice on the new section."""
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect
from django.utils import timezone

from ..models import MoveUp
from .finishing import NOTICE_CACHE_KEY

REDIRECTING_STATES = (MoveUp.State.VERIFIED, MoveUp.State.DONE)


def new_path_for(url_map, path):
    """The new place of `path`: exact entry, else the nearest moved ancestor page (at worst the
    section root, which "/" maps to). Query strings are the caller's business."""
    if path in url_map:
        return url_map[path]
    candidate = path if path.endswith("/") else path + "/"
    if candidate in url_map:
        return url_map[candidate]
    parts = [p for p in path.split("/") if p]
    while parts:
        parts.pop()
        ancestor = "/" + "/".join(parts) + ("/" if parts else "")
        if ancestor in url_map:
            return url_map[ancestor]
    return url_map.get("/")


def redirect_moved_site(sender, tenant, request, **kwargs):
    """`closed_site_request` receiver: every old URL of a moved township → 301 to its new URL."""
    move = (MoveUp.objects.filter(source_id=tenant.pk, state__in=REDIRECTING_STATES)
            .select_related("target").order_by("-created_at").first())
    if move is None:
        return None
    new = new_path_for(move.url_map, request.path) or move.section_path
    if not new.startswith(("http://", "https://")):
        host = move.target.primary_domain_name()
        port = ""
        raw_host = request.get_host()
        if ":" in raw_host and not raw_host.endswith("]"):
            port = ":" + raw_host.rsplit(":", 1)[1]
        new = f"{request.scheme}://{host}{port}{new}"
        query = request.META.get("QUERY_STRING")
        if query:
            new += "?" + query
    return HttpResponsePermanentRedirect(new)


def active_notices():
    """[{source_name, source_domain, section_tree_path, until}] for the current site, cached per schema."""
    def load():
        rows = (MoveUp.objects.filter(target__schema_name=connection.schema_name, state=MoveUp.State.DONE,
                                      notice_until__gt=timezone.now()).select_related("source"))
        return [{"source_name": m.source.name, "section_tree_path": m.created.get("section_tree_path", ""),
                 "until": m.notice_until, "old_domain": m.source.primary_domain_name()} for m in rows]

    notices = cache.get(NOTICE_CACHE_KEY)
    if notices is None:
        notices = load()
        cache.set(NOTICE_CACHE_KEY, notices, 300)
    now = timezone.now()
    return [n for n in notices if n["until"] > now]


def notice_for_page(page):
    if page is None or not getattr(page, "path", None):
        return None
    for notice in active_notices():
        if notice["section_tree_path"] and page.path.startswith(notice["section_tree_path"]):
            return notice
    return None
