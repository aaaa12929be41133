"""Requests for government information in the Wagtail admin: register, extend once, answer."""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import disclosure_handling
from ..forms import check_attachment
from ..handling import HandlingError
from ..models import DisclosureRequest
from .letters import HANDLE, require


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=DisclosureRequest.Outcome.choices)
    reason = forms.CharField(label=gettext_lazy("Legal reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    referral = forms.CharField(label=gettext_lazy("Body to ask instead"), required=False, max_length=200)
    text = forms.CharField(label=gettext_lazy("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=gettext_lazy("Attachment"), required=False)

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        return check_attachment(uploaded) if uploaded else None


def request_list(request):
    require(request, HANDLE)
    return TemplateResponse(request, "interaction/admin/requests.html", {
        "requests": DisclosureRequest.objects.all()[:200]})


def request_detail(request, pk):
    require(request, HANDLE)
    item = get_object_or_404(DisclosureRequest, pk=pk)
    form = AnswerForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "register":
                disclosure_handling.register(item, request.user, request)
            elif action == "extend":
                disclosure_handling.extend(item, request.POST.get("extension_reason", ""), request.user, request)
            elif action == "answer":
                form = AnswerForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise HandlingError(_("Check the answer form."))
                data = form.cleaned_data
                disclosure_handling.answer(item, data["outcome"], request.user, text=data["text"],
                                           reason=data["reason"], referral=data["referral"],
                                           attachment=data["attachment"], request=request)
            messages.success(request, _("Request updated."))
            return redirect("interaction_request", item.pk)
        except HandlingError as error:
            messages.error(request, str(error))
    return TemplateResponse(request, "interaction/admin/request.html", {"item": item, "form": form})
