from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.utils.translation import gettext_lazy as _

from tenants.models import Tenant

from . import usernames
from .models import Role, SiteGrant, StaffAccount


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class OTPForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9 ]*", "autofocus": True}))


class ReauthenticateForm(forms.Form):
    """Before a second factor is added or replaced: the current password, and a current code
    from the confirmed factor if there is one."""

    password = forms.CharField(label=_("Current password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(
        label=_("Current code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}))

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        if not account.totp_confirmed:
            del self.fields["code"]


def _password_fields(form):
    form.fields["password1"] = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=" ".join(str(t) for t in password_validators_help_texts()))
    form.fields["password2"] = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


def _check_passwords(form, cleaned):
    p1, p2 = cleaned.get("password1"), cleaned.get("password2")
    if p1 and p2 and p1 != p2:
        form.add_error("password2", _("The two passwords are not the same."))
    if p1:
        try:
            validate_password(p1)
        except forms.ValidationError as error:
            form.add_error("password1", error)
    return cleaned


class NewPasswordForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_fields(self)

    def clean(self):
        return _check_passwords(self, super().clean())


class AccountForm(forms.ModelForm):
    class Meta:
        model = StaffAccount
        fields = ["username", "full_name", "email", "is_active", "is_operator", "require_2fa"]

    def clean_username(self):
        # Stored in lower case; the model's validator then allows only the safe character set.
        return usernames.for_new_account(self.cleaned_data["username"])


class NewAccountForm(AccountForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_fields(self)

    def clean(self):
        return _check_passwords(self, super().clean())

    def save(self, commit=True):
        account = super().save(commit=False)
        account.set_password(self.cleaned_data["password1"])
        if commit:
            account.save()
        return account


class GrantForm(forms.ModelForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Tenant.objects.exclude(
        status__in=[Tenant.Status.CLOSED, Tenant.Status.ARCHIVED]).order_by("level", "name"))

    class Meta:
        model = SiteGrant
        fields = ["site", "role", "section_path"]

    def __init__(self, *args, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def clean_section_path(self):
        path = self.cleaned_data["section_path"].strip()
        if path and not (path.startswith("/") and path.endswith("/")):
            raise forms.ValidationError(_("A section is a page path such as “/home/news/”."))
        return path

    def clean(self):
        cleaned = super().clean()
        if self.account and cleaned.get("site") and SiteGrant.objects.filter(
                account=self.account, site=cleaned["site"]).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This account already has a grant on that site; change its role instead."))
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    site = forms.CharField(label=_("Site (slug)"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
