"""Console forms of content safety: lexicons (typed or uploaded) and per-site settings."""
from django import forms
from django.utils.translation import gettext_lazy as _

from . import lexicon

MAX_UPLOAD = 2 * 1024 * 1024


class LexiconForm(forms.Form):
    text = forms.CharField(label=_("Lexicon"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 24, "cols": 80, "spellcheck": "false"}))
    upload = forms.FileField(label=_("…or upload a UTF-8 text file"), required=False,
                             help_text=_("Replaces the text above. One entry per line, as described at the top."))
    comment = forms.CharField(label=_("What changed"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        text = data.get("text") or ""
        try:
            if upload:
                if upload.size > MAX_UPLOAD:
                    raise forms.ValidationError(_("This file is larger than 2 MB."))
                text = lexicon.decode_upload(upload.read())
            lexicon.parse(text)
        except lexicon.LexiconError as error:
            raise forms.ValidationError(_("Not saved, the previous version stays in force. %(error)s")
                                        % {"error": error}) from None
        data["text"] = text.replace("\r\n", "\n")
        return data


class SiteSafetyForm(forms.Form):
    review_steps = forms.TypedChoiceField(
        label=_("Review before publishing (先审后发)"), coerce=int,
        choices=[(2, _("Two steps: 初审 by a moderator, then 终审 by a site administrator")),
                 (1, _("One step: review by a moderator or a site administrator"))])
    auto_takedown = forms.BooleanField(
        label=_("Take pages down automatically on high severity"), required=False,
        help_text=_("A live page with a high-severity finding is unpublished at once; administrators are told."))
