"""Time-based one-time passwords (RFC 6238) for staff accounts, computed by django-otp's oath module.

django-otp's device models point at AUTH_USER_MODEL, which lives in every site's schema;
staff accounts live in the public schema, so the secret is kept on StaffAccount and only
django-otp's algorithm is used.
"""
import base64
import binascii
import io
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.util import random_hex

from .models import StaffAccount

STEP = 30
TOLERANCE = 1  # accept the previous and the next 30 s window (clock drift)


def new_secret():
    return random_hex(20)


def _key(account):
    return binascii.unhexlify(account.totp_secret)


def base32_secret(account):
    return base64.b32encode(_key(account)).decode().rstrip("=")


def provisioning_uri(account):
    issuer = settings.SITEGROUP_2FA_ISSUER
    label = quote(f"{issuer}:{account.username}")
    query = urlencode({"secret": base32_secret(account), "issuer": issuer, "algorithm": "SHA1",
                       "digits": 6, "period": STEP})
    return f"otpauth://totp/{label}?{query}"


def qr_svg(account):
    image = qrcode.make(provisioning_uri(account), image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def current_code(account, at=None):
    """The code an authenticator app shows now (used by tests and the enrolment check)."""
    totp = TOTP(_key(account), step=STEP)
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


def verify(account, code):
    """Check a code; each time step is accepted once (no replay). Returns True or False."""
    code = (code or "").strip().replace(" ", "")
    if not account.totp_secret or not code.isdigit() or len(code) != 6:
        return False
    with transaction.atomic():
        locked = StaffAccount.objects.select_for_update().get(pk=account.pk)
        totp = TOTP(_key(locked), step=STEP)
        if not totp.verify(int(code), tolerance=TOLERANCE, min_t=locked.totp_last_step + 1):
            return False
        locked.totp_last_step = totp.t()
        locked.save(update_fields=["totp_last_step"])
    account.totp_last_step = locked.totp_last_step
    return True
