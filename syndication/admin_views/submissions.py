"""Submit up: a lower site submits a page; the upper site accepts or rejects; both see the outcome."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from .. import submitting
from ..exchange.models import Submission
from ..forms import AcceptSubmissionForm, RejectSubmissionForm, SubmitForm
from ..hierarchy import submission_targets
from ..links import page_link
from . import report_outcome, this_site


def submit(request, page_id):
    """Submit a published page of this site to the parent or grandparent site."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    site = this_site(request)
    form = SubmitForm(request.POST or None, submitter=site)
    if request.method == "POST" and form.is_valid():
        try:
            submission = submitting.submit_page(page, target=form.cleaned_data["target"],
                                                note=form.cleaned_data["note"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Submitted to %(site)s.") % {"site": submission.target.name})
            return redirect("syndication_submission", submission.pk)
    return TemplateResponse(request, "syndication/admin/submit_form.html", {
        "page": page, "form": form, "targets": submission_targets(site), "header_title": _("Submit upward")})


def submissions(request):
    """Submissions to this site (the queue) and from it (with their outcome)."""
    site = this_site(request)
    incoming = Submission.objects.filter(target=site).select_related("submitter")
    return TemplateResponse(request, "syndication/admin/submissions.html", {
        "queue": list(incoming.filter(state=Submission.State.SUBMITTED).order_by("submitted_at")),
        "decided": list(incoming.exclude(state=Submission.State.SUBMITTED)[:50]),
        "ours": list(Submission.objects.filter(submitter=site).select_related("target")[:100]),
        "header_title": _("Submissions"), "site": site})


def submission(request, submission_id):
    """One submission: the upper site decides it; the submitting site reads the outcome."""
    site = this_site(request)
    item = get_object_or_404(Submission.objects.select_related("submitter", "target"),
                             Q(target=site) | Q(submitter=site), pk=submission_id)
    deciding = item.target_id == site.pk
    accept_form = AcceptSubmissionForm(request.POST if "accept" in request.POST else None, user=request.user)
    reject_form = RejectSubmissionForm(request.POST if "reject" in request.POST else None)
    if request.method == "POST" and deciding:
        try:
            if "accept" in request.POST and accept_form.is_valid():
                outcome = submitting.accept(item, column=accept_form.cleaned_data["column"], user=request.user)
                report_outcome(request, outcome, _("Accepted and published on this site."))
                return redirect("syndication_submissions")
            if "reject" in request.POST and reject_form.is_valid():
                submitting.reject(item, reason=reject_form.cleaned_data["reason"], user=request.user)
                messages.success(request, _("Rejected; %(site)s sees the reason.") % {"site": item.submitter.name})
                return redirect("syndication_submissions")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            item.refresh_from_db()
    accepted_url = page_link(item.target, item.accepted_url, request) if item.accepted_url else ""
    return TemplateResponse(request, "syndication/admin/submission.html", {
        "submission": item, "deciding": deciding and item.state == Submission.State.SUBMITTED,
        "accept_form": accept_form, "reject_form": reject_form, "accepted_url": accepted_url,
        "original_url": page_link(item.submitter, item.source_path, request), "header_title": item.title})
