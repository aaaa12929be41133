"""A site's own look and identity within its theme: name, logo, colours, footer and site furniture."""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from themes.footer import inherited_values

ORG_CODE = re.compile(r"^([0-9A-Z]{8}[0-9X]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})$")
SITE_ID_CODE = re.compile(r"^[0-9A-Z]{10}$")
DEFAULT_THEME = "gov-classic"

# Token names a site may set, and the field holding each.
TOKEN_FIELDS = {
    "primary_color": "primary_color",
    "accent_color": "accent_color",
    "background_color": "background_color",
    "font_family": "font_family",
    "layout": "layout",
}


def validate_org_code(value):
    if value and not ORG_CODE.match(value):
        raise ValidationError(
            _("“%(value)s” is not an organisation code: use the 18-character unified social credit code "
              "or the 9-character organisation code, in capitals."), params={"value": value})


def available_themes():
    from themes.registry.models import Theme

    return Theme.objects.filter(is_active=True)


def theme_choices():
    return [(theme.slug, f"{theme.name} (v{theme.version})") for theme in available_themes()]


class SiteAppearanceForm(WagtailAdminModelForm):
    """Marks every footer field a parent site fills: its value shows as the placeholder, and the
    help text says it is used while the field stays empty (docs/architecture.md, "Footer")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in inherited_values(connection.tenant).items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.widget.attrs["placeholder"] = value.value
            field.widget.attrs["data-inherited-from"] = value.site_name
            note = _("Left empty, the footer shows “%(value)s”, inherited from %(site)s.") % {
                "value": value.value, "site": value.site_name}
            field.help_text = f"{field.help_text} {note}".strip()


@register_setting(icon="view")
class SiteAppearance(BaseGenericSetting):
    """One per site (schema). Choices outside the theme's declared ranges are refused."""

    theme_slug = models.CharField(_("theme"), max_length=50, default=DEFAULT_THEME)
    site_name = models.CharField(_("site name"), max_length=120, blank=True,
                                 help_text=_("Shown in the header; empty uses the site's registered name."))
    logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    primary_color = models.CharField(_("primary colour"), max_length=7, blank=True,
                                     help_text=_("#rrggbb; empty uses the theme's default."))
    accent_color = models.CharField(_("accent colour"), max_length=7, blank=True)
    background_color = models.CharField(_("background colour"), max_length=7, blank=True)
    font_family = models.CharField(_("font"), max_length=30, blank=True)
    layout = models.CharField(_("layout"), max_length=30, blank=True)

    # The footer every Chinese government site must carry.
    sponsor = models.CharField(_("sponsoring body (主办单位)"), max_length=120, blank=True)
    organiser = models.CharField(_("organiser (承办单位)"), max_length=120, blank=True)
    site_id_code = models.CharField(_("site identifier (网站标识码)"), max_length=10, blank=True,
                                    help_text=_("10 characters, issued by the national site registry."))
    icp_number = models.CharField(_("ICP record number (ICP备案号)"), max_length=60, blank=True)
    police_number = models.CharField(_("public security record number (公安备案号)"), max_length=80, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organisation_code = models.CharField(
        _("organisation code"), max_length=18, blank=True, validators=[validate_org_code],
        help_text=_("Unified social credit code of the site's organisation; policy documents use it in "
                    "their index numbers unless they name another publisher."))

    # Furniture every Chinese government site carries (GB/T 政府网站发展指引).
    party_badge = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("government site badge (党政机关网站标识)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The badge image issued with the site's registration; shown in the footer (no script from "
                    "another site is loaded)."))
    party_badge_url = models.URLField(_("badge link"), blank=True,
                                      help_text=_("The site's registration record the badge links to."))
    error_report_url = models.URLField(
        _("“Report an error” link (我为政府网站找错)"), blank=True,
        help_text=_("Empty uses the national platform's address for this site's identifier."))

    panels = [
        MultiFieldPanel([
            FieldPanel("theme_slug", widget=forms.Select(choices=theme_choices)),
            HelpPanel(template="themes/admin/theme_preview_panel.html"),
            FieldPanel("site_name"), FieldPanel("logo"),
        ], _("Identity")),
        MultiFieldPanel([FieldPanel("primary_color"), FieldPanel("accent_color"), FieldPanel("background_color"),
                         FieldPanel("font_family"), FieldPanel("layout")], _("Within the theme")),
        MultiFieldPanel([FieldPanel("sponsor"), FieldPanel("organiser"), FieldPanel("site_id_code"),
                         FieldPanel("icp_number"), FieldPanel("police_number"), FieldPanel("address"),
                         FieldPanel("phone"), FieldPanel("email"), FieldPanel("organisation_code")],
                        _("Footer and registration"),
                        help_text=_("Fields left empty show the value of the parent site, as marked below.")),
        MultiFieldPanel([FieldPanel("party_badge"), FieldPanel("party_badge_url"), FieldPanel("error_report_url")],
                        _("Site furniture")),
    ]
    base_form_class = SiteAppearanceForm

    select_related = ["logo", "party_badge"]

    class Meta:
        verbose_name = _("site appearance")

    def token_choices(self):
        return {token: getattr(self, field) for token, field in TOKEN_FIELDS.items()}

    def clean(self):
        super().clean()
        from themes.registry.models import Theme

        theme = Theme.objects.filter(slug=self.theme_slug, is_active=True).first()
        if theme is None:
            names = ", ".join(available_themes().values_list("slug", flat=True))
            raise ValidationError({"theme_slug": _("No theme “%(slug)s” is available; choose one of %(names)s.")
                                   % {"slug": self.theme_slug, "names": names}})
        errors = theme.validate_choices(self.token_choices())
        if self.site_id_code and not SITE_ID_CODE.match(self.site_id_code):
            errors.setdefault("site_id_code", []).append(
                _("A site identifier is 10 digits or capital letters, e.g. 3301000001."))
        if errors:
            raise ValidationError({TOKEN_FIELDS.get(key, key): messages for key, messages in errors.items()})
