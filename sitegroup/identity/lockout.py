"""One lockout for every check of a secret: the platform sign-in and its second factor, a site's
break-glass login (Wagtail's admin and front-end login forms), and the page and collection
password forms.

Counting happens *before* the secret is checked: one `UPDATE … RETURNING` per counter, in a
short transaction whose row locks serialise parallel attempts, takes an attempt only while the
limit has not been reached. So at most the limit is ever evaluated, however many requests
arrive at once. Each subject (an account, a typed unknown name, a page's password) has

* a counter per client address (an IPv6 address counts by its /64):
  `SITEGROUP_LOCKOUT_FAILURES` failures pause that address for `SITEGROUP_LOCKOUT_MINUTES`;
* for accounts, a counter over every address: `SITEGROUP_LOCKOUT_ACCOUNT_FAILURES` failures lock
  the account for `SITEGROUP_LOCKOUT_MINUTES` everywhere except the addresses it completed a
  sign-in from in the last `SITEGROUP_LOCKOUT_KNOWN_ADDRESS_DAYS` days.

An outsider's guesses therefore lock the outsider's address, not the owner's office, and a
guesser with many addresses still gets only the account limit. Failures older than the lockout
period are forgotten; a passing check takes its own attempt back; a completed sign-in forgets
the failures before it on its address. Why not django-axes: docs/architecture.md ("Lockout").
"""
import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, usernames
from .audit import Action
from .models import KnownAddress, LoginThrottle

EVERY_ADDRESS = "*"
STAFF_PREFIX = "staff:"  # the subject key of a staff account: "staff:<id>"


@dataclass(frozen=True)
class Subject:
    """What is being guessed at. `key` names it in the counters; `label` in the audit log."""

    key: str
    label: str
    account: object = None  # a StaffAccount
    site: object = None  # a Tenant, for secrets that belong to one site
    account_wide: bool = True  # also counted over every address (accounts; not page passwords)


def staff(account, typed_name=""):
    if account is not None:
        return Subject(f"{STAFF_PREFIX}{account.pk}", account.username, account=account)
    name = usernames.canonical(typed_name)[:150]
    return Subject(f"staff-name:{name}", (typed_name or "").strip()[:150])


def account_subjects(account):
    """Every counter of a staff account: its own, and that of its name typed before it existed."""
    return [staff(account), staff(None, account.username)]


def site_user(site, user, typed_name=""):
    if user is not None:
        return Subject(f"site-user:{site.schema_name}:{user.pk}", user.get_username(), site=site)
    name = usernames.canonical(typed_name)[:150]
    return Subject(f"site-name:{site.schema_name}:{name}", (typed_name or "").strip()[:150], site=site)


def restriction(site, kind, restriction_id):
    """A page's or a collection's view password (kind "page" or "collection"), per address only:
    a lock for everyone would shut the public out of the page."""
    key = f"{kind}-restriction:{site.schema_name}:{restriction_id}"
    return Subject(key, key, site=site, account_wide=False)


class Locked(Exception):
    """Refused without checking the secret, or this failure used up the last attempt."""

    def __init__(self, subject, scope, locked_until):
        self.subject, self.scope, self.locked_until = subject, scope, locked_until
        super().__init__(subject.key)

    @property
    def whole_account(self):
        return self.scope == EVERY_ADDRESS

    @property
    def seconds_left(self):
        return max(1, int((self.locked_until - timezone.now()).total_seconds()) + 1)

    @property
    def minutes_left(self):
        return max(1, (self.seconds_left + 59) // 60)

    @property
    def message(self):
        minutes = {"minutes": self.minutes_left}
        if not self.subject.account_wide:
            return _("Too many wrong passwords from your address: try again in %(minutes)d minutes.") % minutes
        if self.whole_account:
            return _("Too many failed attempts from many addresses: this account is locked for %(minutes)d minutes, "
                     "except from addresses it has signed in from before, or until a platform operator unlocks "
                     "it.") % minutes
        return _("Too many failed attempts: this account is locked for sign-ins from your address for %(minutes)d "
                 "minutes, or until a platform operator unlocks it.") % minutes


def address_of(request):
    """The client address a counter is kept for: the audit log's address; an IPv6 client by its /64."""
    address = audit.client_ip(request)
    if not address:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(parsed)


def check(request, subject, verify, *, failure_action=Action.LOGIN_FAILED, **details):
    """Take an attempt, then call verify() (the password or code check). True when it passed.

    Raises Locked, without calling verify(), when the attempt is refused; and after a failed
    verify() that used up the last attempt. Failures, refusals and locks go to the audit log.
    An attempt that passes is taken back (it was no failure), but does not wipe the failures
    before it: that is succeeded()'s, once the whole sign-in is complete — so knowing the password
    does not reset the count of wrong second-factor codes.
    """
    address = address_of(request)
    now = timezone.now()
    who = {"request": request, "account": subject.account, "actor": subject.label, "site": subject.site}
    try:
        last_allowed, taken = _take_attempt(subject, address, now)
    except Locked as locked:
        audit.record(Action.LOGIN_BLOCKED, **who, subject=subject.key, scope=_scope_name(locked.scope), **details)
        raise
    if verify():
        for scope, limit, _failures in taken:
            _subtract(subject, scope, 1, limit)
        if request is not None:
            # The failures on this address before this attempt, for succeeded() to forget.
            before = taken[0][2] - 1
            request.sitegroup_attempts = {**getattr(request, "sitegroup_attempts", {}), subject.key: (address, before)}
        return True
    audit.record(failure_action, **who, subject=subject.key, **details)
    if last_allowed:
        scope, locked_until = last_allowed
        audit.record(Action.LOCKOUT, **who, subject=subject.key, scope=_scope_name(scope),
                     minutes=settings.SITEGROUP_LOCKOUT_MINUTES, **details)
        _forget_stale_counters(now)
        raise Locked(subject, scope, locked_until)
    return False


def succeeded(request, subject, *, remember=True):
    """A sign-in completed, after its last check() in this request: the failures on this address
    before that check are forgotten (not those parallel requests made meanwhile), and for accounts
    the address is remembered. The every-address counter only forgets with time or an unlock."""
    address = address_of(request)
    checked_address, before = getattr(request, "sitegroup_attempts", {}).get(subject.key, (None, None))
    if checked_address == address:
        _subtract(subject, address, before, settings.SITEGROUP_LOCKOUT_FAILURES)
    else:
        LoginThrottle.objects.filter(subject=subject.key, scope=address).delete()
    if remember and subject.account_wide and address != "unknown":
        now = timezone.now()
        KnownAddress.objects.update_or_create(subject=subject.key, address=address,
                                              defaults={"last_success_at": now})
        KnownAddress.objects.filter(subject=subject.key, last_success_at__lt=_known_since(now)).delete()


def unlock(subjects, *, request=None, by=None, actor="", site=None, **target):
    """Clear every counter of these subjects (on every address); recorded as an unlock.
    `by` is the operator's account; `target` names the unlocked account for the audit log
    (obj=…, or object_type/object_id/object_repr). Returns the number of counters cleared."""
    keys = [subject.key for subject in subjects]
    deleted, _by_model = LoginThrottle.objects.filter(subject__in=keys).delete()
    audit.record(Action.ACCOUNT_UNLOCKED, request=request, account=by, actor=actor, site=site,
                 subjects=keys, counters=deleted, **target)
    return deleted


def active_locks(subjects):
    """The counters of these subjects that lock now, newest first."""
    return list(LoginThrottle.objects.filter(subject__in=[s.key for s in subjects], locked_until__gt=timezone.now())
                .order_by("-locked_until"))


def locked_staff_accounts():
    """{account id: [its counters that lock now, newest first]} over every staff account."""
    locked = {}
    locking_now = LoginThrottle.objects.filter(subject__startswith=STAFF_PREFIX, locked_until__gt=timezone.now())
    for throttle in locking_now.order_by("-locked_until"):
        locked.setdefault(int(throttle.subject.removeprefix(STAFF_PREFIX)), []).append(throttle)
    return locked


# --- counting ---------------------------------------------------------------------------------

def _scope_name(scope):
    return "account" if scope == EVERY_ADDRESS else "address"


def _known_since(now):
    return now - timedelta(days=settings.SITEGROUP_LOCKOUT_KNOWN_ADDRESS_DAYS)


def _counters(subject, address, now):
    counters = [(address, settings.SITEGROUP_LOCKOUT_FAILURES)]
    if subject.account_wide and not KnownAddress.objects.filter(
            subject=subject.key, address=address, last_success_at__gte=_known_since(now)).exists():
        counters.append((EVERY_ADDRESS, settings.SITEGROUP_LOCKOUT_ACCOUNT_FAILURES))
    return counters


def _take_attempt(subject, address, now):
    """Count one attempt on every counter of the subject, all or none. Returns ((scope, locked_until)
    when this attempt is the last one a counter allows, else None; [(scope, limit, failures now)]
    for the counters taken, the address first); raises Locked when a counter refuses."""
    table = connection.ops.quote_name(LoginThrottle._meta.db_table)
    lock_until = now + timedelta(minutes=settings.SITEGROUP_LOCKOUT_MINUTES)
    forgotten_before = now - timedelta(minutes=settings.SITEGROUP_LOCKOUT_MINUTES)
    last_allowed, taken = None, []
    with transaction.atomic(), connection.cursor() as cursor:
        # Always the same order (address, then every address): parallel attempts cannot deadlock.
        for scope, limit in _counters(subject, address, now):
            cursor.execute(
                f"INSERT INTO {table} (subject, scope, label, failures) VALUES (%s, %s, %s, 0) "
                "ON CONFLICT (subject, scope) DO NOTHING", [subject.key, scope, subject.label])
            # A lock that ran out, or failures older than the lockout period, start the count afresh.
            fresh = "(locked_until IS NOT NULL OR last_failure_at IS NULL OR last_failure_at < %(forgotten_before)s)"
            cursor.execute(
                f"UPDATE {table} SET "
                f"failures = CASE WHEN {fresh} THEN 1 ELSE failures + 1 END, "
                f"locked_until = CASE WHEN (CASE WHEN {fresh} THEN 1 ELSE failures + 1 END) >= %(limit)s "
                "THEN %(lock_until)s::timestamptz ELSE NULL END, "
                "last_failure_at = %(now)s "
                "WHERE subject = %(subject)s AND scope = %(scope)s "
                "AND (locked_until IS NULL OR locked_until <= %(now)s) "
                "RETURNING locked_until, failures",
                {"subject": subject.key, "scope": scope, "limit": limit, "now": now, "lock_until": lock_until,
                 "forgotten_before": forgotten_before})
            row = cursor.fetchone()
            if row is None:
                cursor.execute(f"SELECT locked_until FROM {table} WHERE subject = %s AND scope = %s",
                               [subject.key, scope])
                found = cursor.fetchone()  # None only if an operator unlocked it this very moment
                raise Locked(subject, scope, found[0] if found and found[0] else now)  # rolls back this attempt
            if row[0] is not None and last_allowed is None:
                last_allowed = (scope, row[0])
            taken.append((scope, limit, row[1]))
    return last_allowed, taken


def _subtract(subject, scope, amount, limit):
    """Take `amount` attempts back from a counter; it stops locking once below its limit."""
    if not amount:
        return
    throttles = LoginThrottle.objects.filter(subject=subject.key, scope=scope)
    throttles.update(failures=Greatest(F("failures") - amount, 0), locked_until=Case(
        When(failures__gte=amount + limit, then=F("locked_until")), default=None))
    throttles.filter(failures=0).delete()


def _forget_stale_counters(now):
    """Counters nobody has failed on for a day and that lock nothing (unknown names pile up otherwise)."""
    LoginThrottle.objects.filter(last_failure_at__lt=now - timedelta(days=1)).exclude(
        locked_until__gt=now).delete()
