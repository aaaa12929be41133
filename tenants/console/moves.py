"""Console action for move-up (operators): the dry run, then the move, resume and rollback.

The same two steps as `manage.py move_up`: the plan is shown first and the move is refused
while it reports conflicts. The move itself runs as a background task (tenants.moveup.tasks).
"""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from sitegroup.console import record_action
from sitegroup.tasks.report import report_task_result

from ..models import MoveUp, Tenant
from ..moveup import MoveUpRefused, plan_move
from ..moveup.finishing import rollback_expired
from ..moveup.tasks import move_up_task, resume_move_task, rollback_move_task

COUNT_LABELS = {
    "pages": pgettext_lazy("move-up count", "Pages"),
    "pages_moved": pgettext_lazy("move-up count", "Pages moved"),
    "revisions": pgettext_lazy("move-up count", "Revisions"),
    "images": pgettext_lazy("move-up count", "Images"),
    "documents": pgettext_lazy("move-up count", "Documents"),
    "collections": pgettext_lazy("move-up count", "Collections"),
    "redirects": pgettext_lazy("move-up count", "Redirects"),
    "form_submissions": pgettext_lazy("move-up count", "Form submissions"),
}


def _label(key):
    return COUNT_LABELS.get(key, key)


class MoveUpForm(forms.Form):
    site = forms.ModelChoiceField(
        label=gettext_lazy("Township site to close and move"), to_field_name="slug",
        queryset=Tenant.objects.filter(level=Tenant.Level.TOWNSHIP, status__in=[Tenant.Status.ACTIVE,
                                                                                 Tenant.Status.SUSPENDED])
        .select_related("parent").order_by("parent__name", "name"))
    section = forms.CharField(
        label=gettext_lazy("Section on the parent site"), max_length=255,
        help_text=gettext_lazy("An existing section (the township's columns go under it) or a new one whose "
                               "parent exists (the township home becomes it), e.g. /townships/peach/"))
    notice_days = forms.IntegerField(label=gettext_lazy("Days the section shows the “moved here” notice"),
                                     min_value=0, max_value=365, initial=30)


def moves(request):
    """The dry run (a GET with site and section) and the list of moves."""
    form = MoveUpForm(request.GET or None)
    plan = error = None
    if request.GET and form.is_valid():
        try:
            plan = plan_move(form.cleaned_data["site"], form.cleaned_data["section"])
        except MoveUpRefused as exc:
            error = str(exc)
    rows = []
    for move in MoveUp.objects.select_related("source", "target")[:50]:
        checksums = move.checksums
        rows.append({
            "move": move,
            "can_resume": move.state in MoveUp.UNFINISHED,
            "can_roll_back": move.state != MoveUp.State.ROLLED_BACK and not rollback_expired(move),
            "checksums_match": bool(checksums.get("after")) and checksums.get("before") == checksums.get("after"),
            "counts": [(_label(key), value, move.counts.get("after", {}).get(key))
                       for key, value in move.counts.get("before", {}).items()],
        })
    url_changes = plan.url_changes() if plan else []
    return render(request, "tenants/console/moves.html", {
        "form": form, "plan": plan, "error": error, "rows": rows,
        # Lists, not dicts: a count may be called "items", which templates would take for the method.
        "plan_counts": [(_label(key), value) for key, value in plan.counts.items()] if plan else [],
        "plan_types": sorted(plan.pages_by_type.items()) if plan else [],
        "url_changes": url_changes[:200],
        "more_changes": max(0, len(url_changes) - 200),
    })


@require_POST
def move_start(request):
    form = MoveUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a township and a section first."))
        return redirect("tenants_moves")
    site, section = form.cleaned_data["site"], form.cleaned_data["section"]
    back = reverse("tenants_moves") + "?" + urlencode({"site": site.slug, "section": section,
                                                        "notice_days": form.cleaned_data["notice_days"]})
    if request.POST.get("confirm") != site.slug:
        messages.error(request, _("Type the site's short name (%(slug)s) to confirm the move.") % {"slug": site.slug})
        return redirect(back)
    try:
        plan = plan_move(site, section)
    except MoveUpRefused as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if plan.conflicts:
        messages.error(request, _("The move cannot start while the dry run reports conflicts."))
        return redirect(back)
    record_action(request, "move_up_started", site=site, target=plan.target.slug, section=plan.section_path)
    result = move_up_task.enqueue(site.slug, section, form.cleaned_data["notice_days"])
    report_task_result(request, result, _("Moved: “%(site)s” is closed and its content is at %(target)s%(path)s.") % {
        "site": site.name, "target": plan.target.slug, "path": plan.section_path})
    return redirect("tenants_moves")


@require_POST
def move_change(request, pk):
    move = get_object_or_404(MoveUp.objects.select_related("source"), pk=pk)
    if request.POST.get("action") == "resume":
        record_action(request, "move_up_resumed", site=move.source, obj=move)
        report_task_result(request, resume_move_task.enqueue(move.source.slug), _("The move was completed."))
    elif request.POST.get("action") == "rollback":
        record_action(request, "move_up_rolled_back", site=move.source, obj=move)
        report_task_result(request, rollback_move_task.enqueue(move.source.slug),
             _("Rolled back: “%(site)s” is active again.") % {"site": move.source.name})
    else:
        messages.error(request, _("Unknown action."))
    return redirect("tenants_moves")
