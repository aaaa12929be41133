"""The page-form mixin that runs the publish checks, installed on every page type's form class."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, get_page_models

from .runner import blocking, describe, run_checks


class PublishChecksMixin:
    """Refuses the publish action while a check the site set to “block” finds a problem."""

    def _post_clean(self):
        super()._post_clean()
        if "action-publish" not in self.data or self.errors:
            return
        try:
            problems = blocking(run_checks(self.instance))
        except Exception:  # a page that cannot render yet is the editor's other errors' business
            return
        if problems:
            self.add_error(None, ValidationError(
                [_("Not published: fix these problems first.")] + [describe(problem) for problem in problems]))


_page_form_mixins = []


def _apply(mixin):
    for model in [Page, *get_page_models()]:
        form_class = getattr(model, "base_form_class", None) or WagtailAdminPageForm
        if not issubclass(form_class, mixin):
            model.base_form_class = type(f"{mixin.__name__}{form_class.__name__}", (mixin, form_class),
                                         {"__module__": mixin.__module__})


def add_to_every_page_form(mixin):
    """Every page type's admin form gets `mixin`, whatever form class the type declares.

    Page types inheriting Page's form get it through Page; those with a form of their own (e.g.
    Wagtail's form pages, with WagtailAdminFormPageForm) get a subclass of theirs. Call it from an
    AppConfig.ready(), before any edit handler is built (it caches the form class). wagtail.admin's
    ready() resets Page's form class, so sitegroup.publishing (after it) applies every mixin again.
    Used by themes (readable slugs) and by the publish checks themselves.
    """
    if mixin not in _page_form_mixins:
        _page_form_mixins.append(mixin)
    _apply(mixin)


def install_on_every_page_type():
    """From sitegroup.publishing's ready(): the mixins added so far, then the publish checks outermost."""
    for mixin in list(_page_form_mixins):
        _apply(mixin)
    add_to_every_page_form(PublishChecksMixin)
