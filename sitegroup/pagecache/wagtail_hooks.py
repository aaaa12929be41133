from wagtail import hooks


@hooks.register("before_serve_page", order=1000)
def remember_served_page(page, request, serve_args, serve_kwargs):
    """Tell the page cache which page answers (its path, which purges of that page use).

    Runs after Wagtail's own view-restriction check: a restricted page's login redirect or
    password form never gets here (and sets a cookie, so it is never stored anyway).
    """
    url_parts = page.get_url_parts(request)
    if url_parts and url_parts[2]:
        request._page_cache_page_path = url_parts[2]
