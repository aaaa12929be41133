from django.utils.translation import gettext_lazy
from wagtail import hooks


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action("sitegroup.legacy_import", gettext_lazy("Import from a legacy site"),
                            gettext_lazy("Imported from a legacy site"))
