"""Telling people: a site's administrators when an item is at risk or fails (once a day per item,
in the site's admin and by mail when configured), the operators once a week (a summary by mail)."""
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sitegroup.safety.notify import mail_configured

from .items import label
from .models import Alert, State

logger = logging.getLogger(__name__)


def site_admin_addresses(site):
    from sitegroup.identity.models import Role, StaffAccount

    return sorted(set(StaffAccount.objects.filter(is_active=True, grants__site=site, grants__role=Role.SITE_ADMIN)
                      .exclude(email="").values_list("email", flat=True)))


def operator_addresses():
    from sitegroup.identity.models import StaffAccount

    return sorted(set(StaffAccount.objects.filter(is_active=True, is_operator=True).exclude(email="")
                      .values_list("email", flat=True)))


def message_for(item):
    names = "、".join(d["label"] for d in item.details[:5])
    if item.state == State.AT_RISK:
        text = _("%(item)s fails in %(days)s days unless updated: %(names)s") % {
            "item": label(item.code), "days": item.days_left if item.days_left is not None else "?", "names": names}
    else:
        text = _("%(item)s fails since %(since)s: %(names)s") % {
            "item": label(item.code), "since": item.since or "?", "names": names}
    return text[:500]


def alert_site(site, run):
    """New alerts for the run's at-risk and failing veto items; mails the new ones. Returns them."""
    today = timezone.localdate(run.started_at)
    new = []
    for item in run.items.filter(veto=True, state__in=[State.AT_RISK, State.FAIL]):
        try:
            with transaction.atomic():
                new.append(Alert.objects.create(site=site, code=item.code, state=item.state, day=today,
                                                message=message_for(item)))
        except IntegrityError:
            continue  # already told today
    if new and mail_configured():
        to = site_admin_addresses(site)
        if to:
            subject = _("[%(site)s] Site health: %(count)s items need attention") % {"site": site.name,
                                                                                     "count": len(new)}
            body = "\n".join([_("The national spot-check rules flag these items of %(site)s:") % {"site": site.name},
                              "", *[f"- {a.message}" for a in new]])
            _send([(subject, body, settings.DEFAULT_FROM_EMAIL, to)])
            Alert.objects.filter(pk__in=[a.pk for a in new]).update(mailed=True)
    return new


def weekly_summary():
    """Mail the operators the cluster's state: failing sites, at-risk sites, zombies. Returns recipients."""
    from .runner import latest_runs

    to = operator_addresses()
    if not to or not mail_configured():
        return 0
    runs = sorted(latest_runs().values(), key=lambda r: (r.passed, r.score))
    failing = [r for r in runs if not r.passed and not r.note]
    lines = [_("Sites checked: %(total)s; failing a veto item: %(failing)s; at risk: %(risk)s; zombie: %(zombie)s") % {
        "total": len(runs), "failing": len(failing), "risk": sum(1 for r in runs if r.passed and r.at_risk),
        "zombie": sum(1 for r in runs if r.zombie)}, ""]
    for run in failing[:50]:
        items = "、".join(str(label(i.code)) for i in run.items.filter(veto=True, state=State.FAIL))
        lines.append(f"- {run.site.name} ({run.site.slug}): {items}")
    _send([(_("Site health: weekly summary"), "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to)])
    return len(to)


def _send(messages):
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # a mail outage must not stop the checks
        logger.exception("site health mail could not be sent")
