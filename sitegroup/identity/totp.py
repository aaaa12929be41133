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


def base32_secret(account_or_hex):
    """The key as authenticator apps take it; of an account, or of a hex key not stored yet."""
    key = account_or_hex if isinstance(account_or_hex, str) else account_or_hex.totp_secret
    return base64.b32encode(binascii.unhexlify(key)).decode().rstrip("=")


def provisioning_uri(username, hex_secret):
    issuer = settings.SITEGROUP_2FA_ISSUER
    label = quote(f"{issuer}:{username}")
    query = urlencode({"secret": base32_secret(hex_secret), "issuer": issuer, "algorithm": "SHA1",
                       "digits": 6, "period": STEP})
    return f"otpauth://totp/{label}?{query}"


def qr_svg(username, hex_secret):
    image = qrcode.make(provisioning_uri(username, hex_secret), image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def current_code(account, at=None):
    """The code an authenticator app shows now (used by tests and the enrolment check)."""
    totp = TOTP(_key(account), step=STEP)
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


def matching_step(hex_secret, code, *, after_step=0):
    """The time step `code` belongs to for this key (within the drift tolerance), or None."""
    code = (code or "").strip().replace(" ", "")
    if not hex_secret or not code.isdigit() or len(code) != 6:
        return None
    totp = TOTP(binascii.unhexlify(hex_secret), step=STEP)
    if not totp.verify(int(code), tolerance=TOLERANCE, min_t=after_step + 1):
        return None
    return totp.t()


def verify(account, code):
    """Check a code; each time step is accepted once (no replay). Returns True or False."""
    if matching_step(account.totp_secret, code) is None:
        return False
    with transaction.atomic():
        locked = StaffAccount.objects.select_for_update().get(pk=account.pk)
        step = matching_step(locked.totp_secret, code, after_step=locked.totp_last_step)
        if step is None:
            return False
        locked.totp_last_step = step
        locked.save(update_fields=["totp_last_step"])
    account.totp_last_step = locked.totp_last_step
    return True
