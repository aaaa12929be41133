from django.core.management.base import BaseCommand, CommandError

from themes.registry.library import ThemeDefinitionError, sync_themes


class Command(BaseCommand):
    help = "Register theme folders (SITEGROUP_THEME_DIRS) and bump the version of themes whose files changed."

    def handle(self, *args, **options):
        try:
            created, updated = sync_themes(log=self.stdout.write)
        except ThemeDefinitionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{created} theme(s) registered, {updated} updated."))
