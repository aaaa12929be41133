"""Abuse protection for the public forms, with no third-party service (no captcha).

Every submission passes, in order: a rate limit per client address and one per site
(django-ratelimit over the shared cache, whose keys carry the site's schema), a honeypot field
that people never see, and a minimum time between showing the form and sending it (a signed
timestamp in the form). The content-safety detector then holds spam for review (handling.py).
A refused submission is shown again with what the person typed and a reason; nothing is stored.
"""
import ipaddress
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from sitegroup.identity.audit import client_ip

TOKEN_SALT = "sitegroup.interaction.form"
HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"


def _address(group, request):
    """The client's address (an IPv6 client by its /64, which one household usually has)."""
    address = client_ip(request) or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _whole_site(group, request):
    return "site"  # the cache key function adds the schema: one counter per site


def over_limit(request, action):
    """True (and counts the attempt) when this address or this site sent too many `action`s."""
    rates = settings.SITEGROUP_INTERACTION_RATES[action]
    per_address = is_ratelimited(request, group=f"interaction:{action}:address", key=_address,
                                 rate=rates["address"], increment=True)
    per_site = is_ratelimited(request, group=f"interaction:{action}:site", key=_whole_site,
                              rate=rates["site"], increment=True)
    return per_address or per_site


def new_form_token(issued_at=None):
    issued_at = issued_at or timezone.now()
    return signing.dumps({"t": issued_at.timestamp(), "n": secrets.token_hex(8)}, salt=TOKEN_SALT)


def check_form(data):
    """A reason to refuse the submission (honeypot filled, sent too fast, form too old), or None."""
    if data.get(HONEYPOT_FIELD):
        return _("The form could not be sent. Please check it and send it again.")
    try:
        token = signing.loads(data.get(TOKEN_FIELD, ""), salt=TOKEN_SALT,
                              max_age=settings.SITEGROUP_INTERACTION_FORM_MAX_AGE)
    except signing.SignatureExpired:
        return _("The form was open for too long. Please check it and send it again.")
    except signing.BadSignature:
        return _("The form could not be sent. Please check it and send it again.")
    if timezone.now().timestamp() - token["t"] < settings.SITEGROUP_INTERACTION_MIN_FILL_SECONDS:
        return _("The form was sent too quickly after it was opened. Please check it and send it again.")
    return None


def already_used(data):
    """True when this form (its token) was sent successfully before: a reload does not send twice."""
    token = data.get(TOKEN_FIELD, "")
    return bool(token) and caches["default"].get(f"interaction:used:{token[-40:]}") is not None


def mark_used(data):
    token = data.get(TOKEN_FIELD, "")
    if token:
        caches["default"].set(f"interaction:used:{token[-40:]}", 1, settings.SITEGROUP_INTERACTION_FORM_MAX_AGE)
