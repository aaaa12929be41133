"""Security headers that Django's SecurityMiddleware does not set.

- Content-Security-Policy, chosen by path (settings.SITEGROUP_CSP): our own templates need
  no inline script ("default"); Wagtail's admin ships inline scripts and styles ("admin");
  uploaded files get "files" (nothing in them may run, even an SVG opened directly) plus
  Content-Disposition: attachment for types a browser would execute or render as a page.
- Permissions-Policy: no camera, microphone, geolocation, payment or USB.

A response that already carries a CSP (e.g. Wagtail's document view) keeps it.
HSTS, nosniff, referrer policy and COOP come from SecurityMiddleware, frame options from
XFrameOptionsMiddleware (production.py).
"""
from django.conf import settings

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Types a browser would run or show as a page when a file URL is opened directly.
ACTIVE_TYPES = ("image/svg+xml", "text/html", "application/xhtml+xml", "text/xml", "application/xml",
                "application/javascript", "text/javascript")


def policy_for(path):
    if any(path.startswith(prefix) for prefix in settings.SITEGROUP_CSP_FILE_PREFIXES):
        return "files"
    if any(path.startswith(prefix) for prefix in settings.SITEGROUP_CSP_ADMIN_PREFIXES):
        return "admin"
    return "default"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = policy_for(request.path)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.SITEGROUP_CSP[kind]
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if kind == "files":
            content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type in ACTIVE_TYPES or request.path.lower().endswith((".svg", ".svgz", ".html", ".htm",
                                                                               ".xml", ".xhtml", ".js")):
                response["Content-Disposition"] = "attachment"
                response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
