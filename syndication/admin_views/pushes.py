"""Sending site: push a page, the pushes it sent, per receiving site what became of each."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..corrections import withdraw_pushes
from ..exchange.models import Push
from ..forms import PushForm
from ..hierarchy import push_targets
from ..links import page_link
from ..pushing import push_page, select_recipients
from . import this_site


def _column_type_of(page):
    parent = page.get_parent().specific
    return getattr(parent, "column_type", "")


def push(request, page_id):
    """Push a published page of this site to sites below it."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    site = this_site(request)
    form = PushForm(request.POST or None, sender=site, column_type=_column_type_of(page))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = select_recipients(site, scope=data["scope"], levels=data["levels"], picked=data["sites"])
        try:
            result = push_page(page, recipients=recipients, column_type=data["column_type"],
                               deadline=data["deadline"], note=data["note"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pushed to %(count)d site(s).") % {"count": len(result.delivered)})
            for delivery in result.refused:
                messages.warning(request, _("Not sent to %(site)s: %(reason)s") % {
                    "site": delivery.recipient.name, "reason": delivery.reason})
            return redirect("syndication_sent_detail", result.push.pk)
    return TemplateResponse(request, "syndication/admin/push_form.html", {
        "page": page, "form": form, "targets": push_targets(site), "header_title": _("Push to sites below"),
    })


def sent(request):
    """Every push this site sent, newest first, with its counts."""
    site = this_site(request)
    pushes = list(Push.objects.filter(sender=site).prefetch_related("deliveries")[:200])
    now = timezone.now()
    rows = []
    for item in pushes:
        deliveries = [d for d in item.deliveries.all() if d.state != d.State.REFUSED]
        rows.append({"push": item, "sent": len(deliveries),
                     "published": sum(d.state == d.State.PUBLISHED for d in deliveries),
                     "overdue": sum(d.is_overdue(now) for d in deliveries)})
    return TemplateResponse(request, "syndication/admin/sent.html", {
        "rows": rows, "header_title": _("Pushes sent")})


def sent_detail(request, push_id):
    """Per receiving site: received, published (with link), overdue, refused and why."""
    site = this_site(request)
    item = get_object_or_404(Push.objects.select_related("sender"), pk=push_id, sender=site)
    if request.method == "POST" and "withdraw" in request.POST:
        original = Page.objects.filter(pk=item.source_page_id).first()
        if not (request.user.is_superuser or original is not None
                and original.permissions_for_user(request.user).can_publish()):
            raise PermissionDenied
        if not item.is_gone:
            withdraw_pushes([item], Push.Gone.WITHDRAWN, user=request.user)
            messages.success(request, _("Withdrawn: live references are taken down, copies are offered withdrawal."))
        return redirect("syndication_sent_detail", item.pk)
    now = timezone.now()
    deliveries = [{"delivery": d, "overdue": d.is_overdue(now),
                   "url": page_link(d.recipient, d.local_url, request) if d.local_url else ""}
                  for d in item.deliveries.select_related("recipient").prefetch_related("recipient__domains")]
    return TemplateResponse(request, "syndication/admin/sent_detail.html", {
        "push": item, "deliveries": deliveries, "original_url": page_link(site, item.source_path, request),
        "header_title": item.title})
