"""Static files of the theme folders, under theme/<slug>/ (e.g. /static/theme/gov-classic/theme.css).

Named in STATICFILES_FINDERS, so the settings need not import this app to list the folders.
"""
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder, FileSystemFinder
from django.core.files.storage import FileSystemStorage

from .library import static_dirs


class ThemeStaticFinder(FileSystemFinder):
    """FileSystemFinder over each theme folder's static/ in SITEGROUP_THEME_DIRS instead of STATICFILES_DIRS."""

    def __init__(self, app_names=None, *args, **kwargs):
        self.locations = static_dirs(settings.SITEGROUP_THEME_DIRS)
        self.storages = {}
        for prefix, root in self.locations:
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix
            self.storages[root] = storage
        BaseFinder.__init__(self, *args, **kwargs)

    def check(self, **kwargs):
        return []  # the folders are found, not configured: nothing to validate
