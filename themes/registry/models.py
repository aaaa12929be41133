"""Themes, registered once for the whole cluster (public schema).

A theme is templates + static assets (a folder in one of SITEGROUP_THEME_DIRS, see
docs/themes.md) + design tokens with the ranges a site may choose from. The registry row
records its version; sites refer to a theme by slug in their own settings.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from themes.colors import MIN_CONTRAST, contrast_ratio, validate_hex_color


class Theme(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # "<slug>/base.html" in a theme folder; page templates extend it.
    base_template = models.CharField(_("base template"), max_length=200)
    stylesheet = models.CharField(_("stylesheet"), max_length=200, help_text=_("Static path of the theme's CSS."))
    tokens = models.JSONField(_("design tokens"), default=dict,
                              help_text=_("Each token: type, default and the range a site may choose from."))
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    is_builtin = models.BooleanField(_("built in"), default=False)
    is_active = models.BooleanField(_("available to sites"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def token_default(self, name):
        return self.tokens.get(name, {}).get("default")

    def resolve_tokens(self, chosen):
        """Theme defaults overlaid with a site's valid choices."""
        values = {name: spec.get("default") for name, spec in self.tokens.items()}
        for name, value in (chosen or {}).items():
            if name in self.tokens and value not in (None, ""):
                values[name] = value
        return values

    def validate_choices(self, chosen):
        """{token: [messages]} for site choices outside what the theme allows."""
        errors = {}
        values = self.resolve_tokens(chosen)
        for name, value in (chosen or {}).items():
            if value in (None, "") or name not in self.tokens:
                continue
            spec = self.tokens[name]
            try:
                self._validate_token(name, spec, value, values)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
        return errors

    def _validate_token(self, name, spec, value, values):
        kind = spec.get("type")
        if kind == "color":
            validate_hex_color(value)
            for other in spec.get("contrast_with", []):
                against = values.get(other, other) if not str(other).startswith("#") else other
                ratio = contrast_ratio(value, against)
                if ratio < MIN_CONTRAST:
                    raise ValidationError(
                        _("%(value)s against %(against)s has a contrast ratio of %(ratio).2f:1; "
                          "at least %(minimum).1f:1 is needed so text stays readable."),
                        code="low_contrast",
                        params={"value": value, "against": against, "ratio": ratio, "minimum": MIN_CONTRAST},
                    )
        elif kind == "choice":
            if value not in spec.get("choices", {}):
                raise ValidationError(_("“%(value)s” is not offered by this theme; choose one of %(choices)s."),
                                      params={"value": value, "choices": ", ".join(spec.get("choices", {}))})
        elif kind == "int":
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ValidationError(_("“%(value)s” is not a whole number."), params={"value": value}) from None
            if not spec.get("min", number) <= number <= spec.get("max", number):
                raise ValidationError(_("%(value)s is outside the allowed range %(min)s–%(max)s."),
                                      params={"value": number, "min": spec.get("min"), "max": spec.get("max")})


class SharedFooter(models.Model):
    """A site's own footer values, in the public schema so that the sites below it can show the
    ones they leave empty (themes/footer.py). Written whenever the site saves its appearance."""

    site = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("site"))
    organiser = models.CharField(_("organiser (承办单位)"), max_length=120, blank=True)
    icp_number = models.CharField(_("ICP record number (ICP备案号)"), max_length=60, blank=True)
    police_number = models.CharField(_("public security record number (公安备案号)"), max_length=80, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("shared footer")
