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


def with_publish_checks(form_class):
    if issubclass(form_class, PublishChecksMixin):
        return form_class
    return type(f"PublishChecked{form_class.__name__}", (PublishChecksMixin, form_class), {"__module__": __name__})


def install_on_every_page_type():
    """Every page type's admin form runs the checks, whatever form class it declares.

    Page types inheriting Page's form get it through Page; those with a form of their own (e.g.
    Wagtail's form pages, with WagtailAdminFormPageForm) get a checked subclass of theirs.
    Must run before any edit handler is built (it caches the form class): from AppConfig.ready().
    """
    for model in [Page, *get_page_models()]:
        form_class = getattr(model, "base_form_class", None) or WagtailAdminPageForm
        if not issubclass(form_class, PublishChecksMixin):
            model.base_form_class = with_publish_checks(form_class)
