"""Receiving site: pushes from above waiting here, updates and withdrawals offered."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import receiving
from ..exchange.models import Delivery
from ..forms import AcceptPushForm
from ..links import page_link
from . import report_outcome, this_site


def inbox(request):
    """What this site received: waiting first (overdue on top), then updates and withdrawals on offer."""
    site = this_site(request)
    now = timezone.now()
    deliveries = list(Delivery.objects.filter(recipient=site).exclude(state=Delivery.State.REFUSED)
                      .select_related("push__sender").order_by("push__deadline")[:300])
    waiting = [d for d in deliveries if d.state in Delivery.OPEN and not d.push.is_gone]
    offers = [d for d in deliveries if d.update_offered or d.withdrawal_offered]
    done = [d for d in deliveries if d not in waiting and d not in offers][:50]
    return TemplateResponse(request, "syndication/admin/inbox.html", {
        "waiting": [{"delivery": d, "overdue": d.is_overdue(now)} for d in waiting], "offers": offers,
        "done": done, "header_title": _("Pushes received"), "site": site})


def delivery(request, delivery_id):
    """One push received: its content, and the choice of copy or live reference and column."""
    site = this_site(request)
    item = get_object_or_404(Delivery.objects.select_related("push__sender"), pk=delivery_id, recipient=site)
    push = item.push
    form = AcceptPushForm(request.POST or None, user=request.user, column_type=push.column_type)
    if request.method == "POST":
        try:
            if "accept" in request.POST and form.is_valid():
                choice = form.cleaned_data
                outcome = receiving.accept_push(item, mode=choice["mode"], column=choice["column"], user=request.user)
                report_outcome(request, outcome, _("Published on this site."))
                return redirect("syndication_inbox")
            if "apply_update" in request.POST:
                report_outcome(request, receiving.apply_update(item, user=request.user),
                               _("The copy now shows the corrected original."))
                return redirect("syndication_inbox")
            if "keep_own" in request.POST:
                receiving.keep_own_version(item, user=request.user)
                messages.success(request, _("The copy stays as it is."))
                return redirect("syndication_inbox")
            if "apply_withdrawal" in request.POST:
                receiving.apply_withdrawal(item, user=request.user)
                messages.success(request, _("This site's page is unpublished, like the original."))
                return redirect("syndication_inbox")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return TemplateResponse(request, "syndication/admin/delivery.html", {
        "delivery": item, "push": push, "form": form, "overdue": item.is_overdue(),
        "original_url": page_link(push.sender, push.source_path, request),
        "header_title": push.title})
