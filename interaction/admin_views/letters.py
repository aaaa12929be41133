"""The site's inbox in the Wagtail admin: letters, held spam, incoming transfers, replies to review."""
import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sitegroup.identity.audit import current_site

from .. import handling, stats
from ..models import Department, InteractionSettings, Letter
from ..shared.models import Transfer
from ..workdays import add_workdays

HANDLE, REVIEW = "interaction.handle_letter", "interaction.review_reply"


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(Department.objects.all(), label=gettext_lazy("Department"))


class TransferForm(forms.Form):
    target = forms.ModelChoiceField(None, label=pgettext_lazy("interaction", "Site"))
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = handling.transfer_targets(site)


class ReplyForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Reply"), widget=forms.Textarea(attrs={"rows": 8}))
    replying_body = forms.CharField(label=gettext_lazy("Answered by"), max_length=120, required=False)


def inbox(request):
    require(request, HANDLE)
    site = current_site()
    status = request.GET.get("status", "open")
    letters = Letter.objects.select_related("department", "reply")
    if status == "open":
        letters = letters.filter(status__in=[Letter.Status.NEW, Letter.Status.ASSIGNED])
    elif status == "overdue":
        letters = letters.overdue()
    elif status in Letter.Status.values:
        letters = letters.filter(status=status)
    today = timezone.localdate()
    settings = InteractionSettings.for_request(request)
    remind_until = add_workdays(today, settings.remind_days)
    return TemplateResponse(request, "interaction/admin/inbox.html", {
        "letters": letters[:200], "status": status, "statuses": Letter.Status.choices, "today": today,
        "remind_until": remind_until, "incoming": handling.incoming_transfers(site),
        "held": Letter.objects.filter(status=Letter.Status.HELD).count(),
        "overdue": Letter.objects.overdue().count(),
        "to_review": Letter.objects.filter(reply__state="submitted").count(),
        "unanswered_veto": stats.unanswered_letters(site),
    })


def letter_detail(request, pk):
    require(request, HANDLE)
    site = current_site()
    letter = get_object_or_404(Letter.objects.select_related("department"), pk=pk)
    reply = getattr(letter, "reply", None)
    assign_form = AssignForm(initial={"department": letter.department_id})
    transfer_form = TransferForm(site=site)
    reply_form = ReplyForm(initial={"body": reply.body, "replying_body": reply.replying_body} if reply else None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "assign":
                assign_form = AssignForm(request.POST)
                if assign_form.is_valid():
                    handling.assign(letter, assign_form.cleaned_data["department"], request.user, request)
                    return _done(request, letter, _("Letter assigned."))
            elif action == "transfer":
                transfer_form = TransferForm(request.POST, site=site)
                if transfer_form.is_valid():
                    handling.transfer(letter, transfer_form.cleaned_data["target"],
                                      transfer_form.cleaned_data["reason"], request.user, request)
                    return _done(request, letter, _("Letter transferred."))
            elif action in ("save_reply", "submit_reply"):
                reply_form = ReplyForm(request.POST)
                if reply_form.is_valid():
                    handling.draft_reply(letter, reply_form.cleaned_data["body"],
                                         reply_form.cleaned_data["replying_body"], request.user,
                                         submit=action == "submit_reply", request=request)
                    return _done(request, letter, _("Reply saved."))
            elif action in ("approve", "send_back"):
                require(request, REVIEW)
                if action == "approve":
                    handling.approve_reply(letter, request.user, request)
                    return _done(request, letter, _("Reply approved and sent."))
                handling.send_back_reply(letter, request.POST.get("note", ""), request.user, request)
                return _done(request, letter, _("Reply sent back to its writer."))
            elif action in ("release", "reject"):
                (handling.release if action == "release" else handling.reject)(letter, request.user, request)
                return _done(request, letter, _("Letter updated."))
        except handling.HandlingError as error:
            messages.error(request, str(error))
    outgoing = Transfer.objects.filter(source_site=site, source_letter_id=letter.pk).select_related("target_site")
    incoming = Transfer.objects.filter(pk=letter.transfer_in_id).select_related("source_site")
    return TemplateResponse(request, "interaction/admin/letter.html", {
        "letter": letter, "reply": reply, "events": letter.events.all(), "assign_form": assign_form,
        "transfer_form": transfer_form, "reply_form": reply_form, "outgoing": outgoing,
        "incoming": incoming if letter.transfer_in_id else [], "can_review": request.user.has_perm(REVIEW),
    })


def _done(request, letter, message):
    messages.success(request, message)
    return redirect("interaction_letter", letter.pk)


def transfer_decision(request, pk):
    require(request, HANDLE)
    row = get_object_or_404(Transfer, pk=pk, target_site=current_site())
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                letter = handling.accept_transfer(row, request.user, request)
                return _done(request, letter, _("Transferred letter accepted."))
            handling.decline_transfer(row, request.POST.get("reason", ""), request.user, request)
            messages.success(request, _("Transferred letter sent back."))
        except handling.HandlingError as error:
            messages.error(request, str(error))
    return redirect("interaction_inbox")


def attachment(request, pk):
    require(request, HANDLE)
    letter = get_object_or_404(Letter.objects.exclude(attachment_name=""), pk=pk)
    response = HttpResponse(bytes(letter.attachment_data), content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


def statistics(request):
    require(request, HANDLE)
    site = current_site()
    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = today.replace(month=1, day=1), today
    return TemplateResponse(request, "interaction/admin/statistics.html", {
        "start": start, "end": end, "counts": stats.period_counts(site, start, end),
        "table": stats.disclosure_table(site, end.year), "year": end.year,
    })
