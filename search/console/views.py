"""The console's search pages (platform host): analytics, and the synonym and dictionary lists.

Who may open which is the sections' permission (search/console/__init__.py), checked by the
console registry before any of these views runs.
"""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sitegroup.console import record_action
from sitegroup.identity.models import Role
from tenants.models import Tenant

from .. import analytics, lists
from ..models import WordList
from ..tasks import resegment

PERIODS = (7, 30, 90, 365)
MAX_UPLOAD = 2 * 1024 * 1024


def _visible_sites(staff):
    """Operators see every site and the cluster search; others the sites they administer."""
    if staff.is_operator:
        return None
    return Tenant.objects.filter(staff_grants__account=staff, staff_grants__role=Role.SITE_ADMIN)


def search_analytics(request):
    visible = _visible_sites(request.staff)
    choices = Tenant.objects.order_by("level", "name") if visible is None else visible.order_by("level", "name")
    site_param = request.GET.get("site", "")
    site = None
    if site_param == "cluster" and visible is None:
        site = "cluster"
    elif site_param:
        site = choices.filter(slug=site_param).first()
        if site is None:
            raise Http404(_("No such site, or not one of yours."))
    try:
        days = int(request.GET.get("days") or 30)
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    return render(request, "search/console/analytics.html", {
        "report": analytics.report(sites=visible, site=site, days=days), "sites": choices,
        "site_param": site_param, "days": days, "periods": PERIODS, "may_see_cluster": visible is None,
    })


def _kind(kind):
    if kind not in WordList.Kind.values:
        raise Http404
    return kind


def _uploaded_text(request):
    upload = request.FILES.get("file")
    if upload is None:
        return request.POST.get("text", "")
    if upload.size > MAX_UPLOAD:
        raise lists.ListError(0, upload.name, _("the file is larger than 2 MB."))
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise lists.ListError(0, upload.name, _("the file is not UTF-8 text.")) from None


def word_lists(request):
    """The menu entry: the synonyms first (the dictionary is one link away)."""
    return redirect("search_word_list", kind=WordList.Kind.SYNONYMS)


def word_list(request, kind):
    kind = _kind(kind)
    versions = WordList.objects.filter(kind=kind).order_by("-version")
    current = versions.first()
    text = current.text if current else ""
    error = None
    if request.method == "POST":
        try:
            text = _uploaded_text(request)
            saved = save_list(kind, text, request)
        except lists.ListError as exc:
            error = exc  # the submitted text stays in the form; the list in force is unchanged
        else:
            messages.success(request, _("Version %(version)d saved and in force.") % {"version": saved.version})
            return redirect("search_word_list", kind=kind)
    return render(request, "search/console/word_list.html", {
        "kind": kind, "label": WordList.Kind(kind).label, "text": text, "error": error,
        "current": current, "versions": versions[:30],
    }, status=400 if error else 200)


def word_list_version(request, kind, version):
    item = get_object_or_404(WordList, kind=_kind(kind), version=version)
    if request.method == "POST":  # restore: the old text becomes the newest version
        saved = save_list(kind, item.text, request, note=_("restored from version %(version)d") % {"version": version})
        messages.success(request, _("Version %(old)d restored as version %(new)d.") % {
            "old": version, "new": saved.version})
        return redirect("search_word_list", kind=kind)
    return render(request, "search/console/word_list_version.html", {"item": item})


def save_list(kind, text, request, note=""):
    """Store a new version (raises ListError, keeping the old one), audit it, re-cut changed dictionary words."""
    before = {word for word, _f, _t in lists.current().dictionary} if kind == "dictionary" else set()
    saved = lists.save(kind, text, author=request.staff.username, note=note or request.POST.get("note", "")[:200])
    record_action(request, "search_list_saved", obj=saved, kind=kind, version=saved.version)
    if kind == "dictionary":
        after = {word for word, _f, _t in lists.parse_dictionary(text)}
        changed = sorted(before ^ after)
        if changed:
            resegment.enqueue(changed)
    return saved
