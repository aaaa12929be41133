"""The public forms. A refused submission is shown again with everything typed and the reason."""
import re

import filetype
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitegroup.safety.uploads import check_document

from . import abuse
from .models import DisclosureRequest
from .models.letters import Kind, Rating

PHONE = re.compile(r"^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
DOCUMENT_TYPES = {"pdf", "doc", "docx", "xls", "xlsx", "wps", "ofd", "txt", "rtf"}


def clean_phone(value):
    value = (value or "").strip().replace(" ", "")
    if not PHONE.match(value):
        raise forms.ValidationError(_("Enter a mobile number (11 digits) or a landline with its area code."))
    return value


def check_attachment(uploaded):
    """Size first, then the file's content must match its name (the platform's document checks)."""
    limit = settings.SITEGROUP_INTERACTION_MAX_ATTACHMENT
    if uploaded.size > limit:
        raise forms.ValidationError(_("The attachment is too big (%(size)s); the largest allowed is %(limit)s.")
                                    % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)})
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension in IMAGE_TYPES:
        kind = filetype.guess(uploaded.read(262))
        uploaded.seek(0)
        if kind is None or kind.mime != IMAGE_TYPES[extension]:
            raise forms.ValidationError(_("The content of this file is not a .%(ext)s image.") % {"ext": extension})
    elif extension in DOCUMENT_TYPES:
        check_document(uploaded)
        uploaded.seek(0)
    else:
        raise forms.ValidationError(_("Attach a PDF, Word, Excel, OFD or text document, or a JPG or PNG image."))
    return uploaded


class PublicForm(forms.Form):
    """Carries the anti-abuse fields: a signed time token and a honeypot no person sees."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = abuse.new_form_token()

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != abuse.HONEYPOT_FIELD]

    def clean(self):
        cleaned = super().clean()
        reason = abuse.check_form(self.data)
        if reason:
            raise forms.ValidationError(reason)
        return cleaned


class LetterForm(PublicForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your letter"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
                           error_messages={"required": _("Write your letter.")})
    name = forms.CharField(label=pgettext_lazy("interaction", "Name"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=20,
                            help_text=_("Only staff see your phone number; it is never published."))
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)
    consent_public = forms.BooleanField(label=_("The letter and its reply may be published (my name masked)"),
                                        required=False)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write your letter."))
        return body

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        return check_attachment(uploaded) if uploaded else None


class QueryForm(forms.Form):
    code = forms.CharField(label=_("Query code"), max_length=40)


class RatingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(label=_("How satisfied are you with the reply?"), choices=Rating.choices,
                               widget=forms.RadioSelect)


class DisclosureRequestForm(PublicForm):
    requester = forms.CharField(label=_("Name of the requester (person or organisation)"), max_length=100)
    id_type = forms.ChoiceField(label=_("ID type"), choices=DisclosureRequest.IdType.choices)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    address = forms.CharField(label=_("Postal address (optional)"), max_length=200, required=False)
    information = forms.CharField(label=_("Description of the information wanted"),
                                  widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    purpose = forms.CharField(label=_("Purpose (optional)"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=1000, required=False)
    delivery = forms.ChoiceField(label=_("Preferred form of delivery"), choices=DisclosureRequest.Delivery.choices)

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if self.data.get("id_type") == DisclosureRequest.IdType.RESIDENT_ID and not re.match(
                r"^\d{17}[\dX]$", value):
            raise forms.ValidationError(_("A resident identity card number has 18 characters."))
        return value

    def clean_information(self):
        value = self.cleaned_data["information"].strip()
        if not value:
            raise forms.ValidationError(_("Describe the information you want."))
        return value


class CommentForm(PublicForm):
    name = forms.CharField(label=_("Name (optional, shown masked)"), max_length=60, required=False)
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)

