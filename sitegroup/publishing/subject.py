"""What a publish check looks at: the page, its HTML as the site would serve it, and a shared memo."""
from django.db import connection
from django.utils import translation
from django.utils.functional import cached_property


def render_page(page):
    """The page's HTML as its site would serve it (works for unsaved drafts too)."""
    tenant = connection.tenant
    # The simulated request runs the whole middleware chain, which switches language and
    # ends in the public schema: put both back for the caller.
    with translation.override(translation.get_language()):
        try:
            response = page.make_preview_request()
            if hasattr(response, "render"):
                connection.set_tenant(tenant)  # a TemplateResponse renders after the middleware ran
                response.render()
            return response.content.decode(response.charset or "utf-8")
        finally:
            connection.set_tenant(tenant)


class CheckSubject:
    """One page under check. `html` is rendered once, however many checks read it."""

    def __init__(self, page):
        self.page = page
        self._memo = {}

    @cached_property
    def html(self):
        return render_page(self.page)

    def memo(self, key, compute):
        """compute() once per page for all checks that share `key` (e.g. one parse of the HTML)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]
