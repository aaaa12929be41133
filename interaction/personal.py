"""Personal data at rest: Fernet tokens (AES-128-CBC + HMAC-SHA256, from `cryptography`).

Keys come from SITEGROUP_INTERACTION_KEYS (comma-separated Fernet keys, newest first). Values
are always written with the first key and read with any of them (MultiFernet), so a new key is
put in front, `manage.py interaction_rotate_keys` re-encrypts every row, and the old key is
then removed. Without the variable (development, tests) a key is derived from SECRET_KEY;
`check --deploy` warns about that.
"""
import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


def derived_key(secret):
    return base64.urlsafe_b64encode(hashlib.sha256(f"sitegroup.interaction:{secret}".encode()).digest())


@lru_cache(maxsize=4)
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "SITEGROUP_INTERACTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes each; make one "
            "with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
        ) from error


def configured_keys():
    keys = tuple(settings.SITEGROUP_INTERACTION_KEYS)
    return keys or (derived_key(settings.SECRET_KEY).decode(),)


def fernet():
    return _fernet(configured_keys())


def encrypt(value):
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(token):
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return fernet().decrypt(token[len(PREFIX):].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Personal data cannot be decrypted with the keys in SITEGROUP_INTERACTION_KEYS: a key that encrypted "
            "it was removed before `manage.py interaction_rotate_keys` ran.") from error


def rotate(token):
    """The same value under the newest key ("" stays "")."""
    if not token:
        return token
    return PREFIX + fernet().rotate(token[len(PREFIX):].encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the model sees plain text. Cannot be filtered or ordered on."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""

    def to_python(self, value):
        return value or ""

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "interaction.personal.EncryptedTextField", args, kwargs
