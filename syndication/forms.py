"""Forms of the site admin pages: push, accept a push, submit, decide a submission."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.widgets import AdminDateTimeInput

from tenants.models import Tenant
from themes.models import ColumnPage

from .exchange.models import Delivery
from .hierarchy import push_targets, submission_targets
from .materialise import columns_for
from .pushing import default_deadline


def _site_label(site):
    status = "" if site.status == Tenant.Status.ACTIVE else f" ({Tenant.Status(site.status).label})"
    return f"{site.name} · {Tenant.Level(site.level).label}{status}"


class SiteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, site):
        return _site_label(site)


class PushForm(forms.Form):
    SCOPES = [("subtree", _("Every site below this one")), ("level", _("Every site of the levels below")),
              ("picked", _("The sites I pick"))]

    scope = forms.ChoiceField(label=_("Send to"), choices=SCOPES, initial="subtree", widget=forms.RadioSelect)
    levels = forms.MultipleChoiceField(
        label=_("Levels"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(Tenant.Level.DISTRICT, Tenant.Level.DISTRICT.label),
                 (Tenant.Level.TOWNSHIP, Tenant.Level.TOWNSHIP.label)])
    sites = SiteChoiceField(label=pgettext_lazy("syndication", "Sites"), queryset=Tenant.objects.none(), required=False,
                            widget=forms.CheckboxSelectMultiple)
    column_type = forms.ChoiceField(label=_("Target column type"), choices=ColumnPage.ColumnType.choices,
                                    help_text=_("Receiving sites put it in a column of this type."))
    deadline = forms.DateTimeField(label=_("Publish by"), widget=AdminDateTimeInput(),
                                   help_text=_("24 hours from now unless you choose otherwise."))
    note = forms.CharField(label=_("Note to the receiving sites"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sender, column_type="", **kwargs):
        super().__init__(*args, **kwargs)
        targets = push_targets(sender)
        self.fields["sites"].queryset = Tenant.objects.filter(pk__in=[site.pk for site in targets])
        self.fields["column_type"].initial = column_type or ColumnPage.ColumnType.NOTICE
        self.fields["deadline"].initial = timezone.localtime(default_deadline()).replace(second=0, microsecond=0)

    def clean(self):
        data = super().clean()
        if data.get("scope") == "level" and not data.get("levels"):
            self.add_error("levels", _("Choose at least one level."))
        if data.get("scope") == "picked" and not data.get("sites"):
            self.add_error("sites", _("Choose at least one site."))
        deadline = data.get("deadline")
        if deadline and deadline <= timezone.now():
            self.add_error("deadline", _("The deadline must be in the future."))
        return data


class ColumnChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, column):
        return f"{column.title} ({column.get_column_type_display()})"


class AcceptPushForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Receive it as"), widget=forms.RadioSelect, initial=Delivery.Mode.COPY,
        choices=[(Delivery.Mode.COPY, _("A copy: our own page, which we may edit; corrections are offered to us")),
                 (Delivery.Mode.REFERENCE, _("A live reference: shows the original as it is now, corrections "
                                             "included; withdrawn with it"))])
    column = ColumnChoiceField(label=_("Column"), queryset=ColumnPage.objects.none(), empty_label=None)

    def __init__(self, *args, user, column_type, **kwargs):
        super().__init__(*args, **kwargs)
        columns = columns_for(user, column_type)
        self.fields["column"].queryset = ColumnPage.objects.filter(pk__in=[column.pk for column in columns])
        self.fields["column"].initial = columns[0].pk if columns else None


class AcceptSubmissionForm(forms.Form):
    column = ColumnChoiceField(label=_("Publish in column"), queryset=ColumnPage.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        columns = columns_for(user, ColumnPage.ColumnType.NEWS)
        self.fields["column"].queryset = ColumnPage.objects.filter(pk__in=[column.pk for column in columns])
        self.fields["column"].initial = columns[0].pk if columns else None


class RejectSubmissionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The submitting site sees it."))


class SiteTargetField(forms.ModelChoiceField):
    def label_from_instance(self, site):
        return _site_label(site)


class SubmitForm(forms.Form):
    target = SiteTargetField(label=_("Submit to"), queryset=Tenant.objects.none(), empty_label=None)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, submitter, **kwargs):
        super().__init__(*args, **kwargs)
        targets = submission_targets(submitter)
        self.fields["target"].queryset = Tenant.objects.filter(pk__in=[site.pk for site in targets])
        self.fields["target"].initial = targets[0].pk if targets else None
