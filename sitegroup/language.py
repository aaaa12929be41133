"""Which language a request is served in: Chinese unless the visitor chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so the platform pages
(directory, cluster search, sign-in, console) turned English for an English-language browser
while every site stayed Chinese. Here the choice is always explicit:

* sites: the URL (`/en/...` for English pages, Chinese everywhere else, admin included unless
  the editor picked another language in their Wagtail account);
* platform pages: the language switch on every page (`choose_language`, a plain link), remembered
  in the LANGUAGE_COOKIE_NAME cookie.
"""
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import Http404, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def chosen_in_cookie(request):
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def language_for_cache_key(request):
    """The language a request will be served in, as far as it can be told before routing.

    The path's prefix (`/en/` on sites), else the switch's cookie, else Chinese. The browser's
    Accept-Language never decides, so it must not split the page cache's entries either.
    """
    return translation.get_language_from_path(request.path_info) or chosen_in_cookie(request) \
        or settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, _prefixed_default = is_language_prefix_patterns_used(urlconf)
        language = translation.get_language_from_path(request.path_info)
        if not language and not i18n_patterns_used:
            language = chosen_in_cookie(request)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, _prefixed_default = is_language_prefix_patterns_used(urlconf)
        if not i18n_patterns_used:
            # Platform pages depend on the switch's cookie (and never on Accept-Language).
            patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def choose_language(request, code):
    """The platform pages' language switch: remember `code` in the cookie and go back to `next`.

    A link, not Django's `set_language` form: that form needs a CSRF token, and a CSRF cookie on
    every platform page would keep the directory and the cluster search out of the page cache.
    Choosing a display language is harmless to trigger from elsewhere, so nothing is lost.
    """
    try:
        language = translation.get_supported_language_variant(code)
    except LookupError:
        raise Http404(f"Unknown language: {code}") from None
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    response["Cache-Control"] = "no-store"
    return response
