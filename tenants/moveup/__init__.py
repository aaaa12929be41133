"""Move-up: close a township site and move its content into a section of its parent site.

Python API (the management command `move_up` and the console's move-up page use it):

    plan = plan_move(tenant, "/townships/peach/")     # the dry run, reads only
    move = move_up(tenant, "/townships/peach/")       # refuses while plan.conflicts
    resume_move(tenant); rollback_move_of(tenant)

See docs/architecture.md, "Move-up".
"""
import shutil

from django.utils.translation import gettext as _

from ..models import MoveUp, Tenant
from .engine import Mover, VerificationFailed
from .finishing import MoveUpFailed, finish_move, rollback_move
from .plan import MoveUpRefused, Plan, make_plan
from .state import staging_root

__all__ = ["MoveUpFailed", "MoveUpRefused", "Plan", "VerificationFailed", "move_up", "plan_move", "resume_move",
           "rollback_move_of", "finish_move"]


def _tenant(site):
    if isinstance(site, Tenant):
        return Tenant.objects.get(pk=site.pk)
    try:
        return Tenant.objects.get(slug=site)
    except Tenant.DoesNotExist:
        raise MoveUpRefused(_("No site with slug “%(slug)s” exists.") % {"slug": site}) from None


def plan_move(site, section_path, *, target=None):
    """The dry run: a Plan listing what moves where, URL changes, conflicts and size."""
    return make_plan(_tenant(site), section_path, _tenant(target) if target else None)


def _refuse_conflicts(plan):
    if plan.conflicts:
        raise MoveUpRefused(_("The move cannot start while the dry run reports conflicts:\n%(conflicts)s") % {
            "conflicts": "\n".join(f"- {c}" for c in plan.conflicts)})


def move_up(site, section_path, *, target=None, notice_days=30, progress=False):
    """Move a township into `section_path` on its parent. Returns the MoveUp row (state done)."""
    plan = plan_move(site, section_path, target=target)
    _refuse_conflicts(plan)
    move = MoveUp.objects.create(source=plan.source, target=plan.target, section_path=plan.section_path,
                                 notice_days=notice_days, counts={"planned": plan.counts})
    return Mover(move, plan, progress=progress).run()


def unfinished_move(site):
    return MoveUp.objects.filter(source=_tenant(site), state__in=MoveUp.UNFINISHED).first()


def resume_move(site, *, progress=False):
    """Complete an interrupted move: finish a committed one, or copy again from the start."""
    source = _tenant(site)
    move = unfinished_move(source)
    if move is None:
        raise MoveUpRefused(_("“%(site)s” has no unfinished move to resume.") % {"site": source.slug})
    if move.state == MoveUp.State.VERIFIED:
        return finish_move(move.pk)
    shutil.rmtree(move.staging_dir or staging_root() / f"move-{move.pk}", ignore_errors=True)
    plan = make_plan(source, move.section_path, move.target, resuming=move)
    _refuse_conflicts(plan)
    return Mover(move, plan, progress=progress).run()


def rollback_move_of(site):
    """Roll back the latest move of `site` (unfinished, or done within the rollback window)."""
    source = _tenant(site)
    move = MoveUp.objects.filter(source=source).exclude(state=MoveUp.State.ROLLED_BACK).first()
    if move is None:
        raise MoveUpRefused(_("“%(site)s” has no move to roll back.") % {"site": source.slug})
    return rollback_move(move)
