"""Turning dated facts into a spot-check item: passes, at risk (N days left) or fails (since when).

Every item of the national rules has the same shape: objects (the home page, columns,
letters, guides) each start counting against the site on a date; the item fails once
`threshold` of them count. The date the item started failing is the date the
`threshold`-th object started counting; while fewer count, the item is at risk when that
date is at most `warn_days` away.
"""
import datetime
from dataclasses import dataclass, field

from .models import State


@dataclass
class Finding:
    """One object that counts (or will count) against the site from `counts_from`."""

    label: str
    counts_from: datetime.date
    url: str = ""
    detail: str = ""
    edit_url: str = ""

    def as_json(self):
        return {"label": self.label, "counts_from": self.counts_from.isoformat(), "url": self.url,
                "detail": self.detail, "edit_url": self.edit_url}


@dataclass
class ItemResult:
    code: str
    veto: bool
    state: str
    count: int = 0
    threshold: int = 0
    since: datetime.date | None = None
    days_left: int | None = None
    details: list = field(default_factory=list)
    note: str = ""


def evaluate(code, findings, threshold, today, warn_days, *, veto=True):
    """An ItemResult from findings that each count from a date (today's and earlier count now)."""
    ordered = sorted(findings, key=lambda f: f.counts_from)
    counting = [f for f in ordered if f.counts_from <= today]
    shown = [f.as_json() for f in ordered if f.counts_from <= today + datetime.timedelta(days=warn_days)]
    result = ItemResult(code=code, veto=veto, state=State.PASS, count=len(counting), threshold=threshold,
                        details=shown)
    if threshold <= 0 or len(ordered) < threshold:
        return result
    decisive = ordered[threshold - 1].counts_from
    if decisive <= today:
        result.state, result.since = State.FAIL, decisive
    elif (decisive - today).days <= warn_days:
        result.state, result.days_left = State.AT_RISK, (decisive - today).days
    return result
