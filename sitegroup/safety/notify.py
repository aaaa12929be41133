"""Telling people about high-severity findings on live pages.

Site administrators of the site and the platform operators are told in the admin (the
site's dashboard panel and the console's findings page list open findings) and, when mail
is configured (Django's EMAIL_* settings; EMAIL_HOST set, or another EMAIL_BACKEND), by mail.
Every alert is written to the audit log.
"""
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mail_configured():
    return settings.EMAIL_BACKEND != SMTP_BACKEND or bool(getattr(settings, "EMAIL_HOST", ""))


def recipients(site):
    """E-mail addresses of the site's administrators and of the platform operators."""
    from django.db.models import Q

    from sitegroup.identity.models import Role, StaffAccount

    accounts = StaffAccount.objects.filter(is_active=True).exclude(email="").filter(
        Q(is_operator=True) | Q(grants__site=site, grants__role=Role.SITE_ADMIN))
    return sorted(set(accounts.values_list("email", flat=True)))


def high_severity_found(site, page, findings, *, taken_down=False):
    from sitegroup.identity import audit

    audit.record("content_flagged", site=site, object_type="wagtailcore.page", object_id=str(page.pk),
                 object_repr=page.title, severity="high", taken_down=taken_down,
                 kinds=sorted({f.kind for f in findings}), matched=[f.matched[:80] for f in findings[:5]])
    if not mail_configured():
        return
    to = recipients(site)
    if not to:
        return
    subject = _("[%(site)s] Content safety: high-severity problem on “%(title)s”") % {
        "site": site.name, "title": page.title}
    lines = [_("The content-safety check found a serious problem on a live page of %(site)s.") % {"site": site.name},
             "", findings[0].url or page.url_path, ""]
    lines += [f"- {f.get_kind_display()} ({f.category}): {f.before}【{f.matched}】{f.after}" for f in findings[:10]]
    lines += ["", _("The page was taken down automatically.") if taken_down else
              _("Open the console's Content safety page to take it down or mark a false positive.")]
    message = (subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to)

    def send():
        try:
            send_mass_mail([message], fail_silently=False)
        except Exception:  # a mail server outage must not undo a publish or a scan
            logger.exception("content-safety alert mail for %s could not be sent", site.slug)

    transaction.on_commit(send)
