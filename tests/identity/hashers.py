"""A real password hasher for tests that counts how many passwords it hashes.

Every password check costs one hash computation (check_password) and so must the
answer for an unknown user name (a dummy hash), or the response time tells which names
exist. `delay` stands in for the cost of the production hasher (PBKDF2, ~0.5 s here),
which is what widens the window of a lockout race.
"""
import threading
import time

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0
    delay = 0.0
    _lock = threading.Lock()

    def encode(self, password, salt):
        with CountingHasher._lock:
            CountingHasher.calls += 1
        if CountingHasher.delay:
            time.sleep(CountingHasher.delay)
        return super().encode(password, salt)

    @classmethod
    def reset(cls, delay=0.0):
        with cls._lock:
            cls.calls = 0
        cls.delay = delay


COUNTING_HASHERS = ["tests.identity.hashers.CountingHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
