"""The operator's console home: the cluster's sites by level and status, and the latest move-ups."""
from django.db.models import Count

from ..models import MoveUp, Tenant

RECENT_MOVES = 5


def cluster_panel(request):
    """Sites by level (rows) and status (columns), with totals; one query."""
    counts = {(row["level"], row["status"]): row["n"]
              for row in Tenant.objects.values("level", "status").annotate(n=Count("id"))}
    statuses = Tenant.Status.choices
    rows = [{"label": label, "level": level,
             "counts": [counts.get((level, status), 0) for status, _label in statuses],
             "total": sum(counts.get((level, status), 0) for status, _label in statuses)}
            for level, label in Tenant.Level.choices]
    totals = [sum(counts.get((level, status), 0) for level in Tenant.Level.values) for status, _label in statuses]
    return {"statuses": statuses, "rows": rows, "totals": totals, "total": sum(totals),
            "active": totals[list(Tenant.Status.values).index(Tenant.Status.ACTIVE)]}


def moves_panel(request):
    moves = list(MoveUp.objects.select_related("source", "target").order_by("-pk")[:RECENT_MOVES])
    unfinished = MoveUp.objects.filter(state__in=MoveUp.UNFINISHED).count()
    return {"moves": moves, "unfinished": unfinished}
