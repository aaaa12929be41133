"""The move itself: copy into the parent's schema in one transaction, verify, commit, finish.

Order of events (docs/architecture.md, "Move-up"):
1. a MoveUp row (public) is committed in state `copying`;
2. ONE transaction: lock the township's content tables, read it (reading.py), copy collections,
   images, documents (files into a staging folder), pages (new ids allocated up front, so every
   reference can be rewritten as the rows are written), their child rows and revisions, view
   restrictions, form submissions and redirects into the parent's schema (copying.py); measure
   both sides with the same code and compare counts and checksums (snapshot.py); close the
   township and record the URL map (state `verified`); commit;
3. after commit: the staged files are moved into MEDIA_ROOT/<parent schema>/, the state becomes
   `done` and `site_moved_up` is sent (finishing.py).
A failure in 2 rolls everything back and removes the staged files; the township never changed.
"""
import shutil

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from ..models import MoveUp, Tenant
from ..provisioning import change_status
from .copying import Copier
from .finishing import MoveUpFailed, finish_move
from .plan import MoveUpRefused
from .reading import content_type_rows, lock_source, read_source
from .snapshot import reads_back_as_written, snapshot_copy, snapshot_source, written_rows
from .state import MoveShape, staging_root


class VerificationFailed(Exception):
    pass


def verify(before, after, written_ok):
    problems = [_("%(what)s: %(before)s before, %(after)s after") % {
        "what": key, "before": value, "after": after.counts.get(key)}
        for key, value in before.counts.items() if after.counts.get(key) != value]
    problems += [_("checksum of %(what)s differs") % {"what": key}
                 for key, value in before.checksums.items() if after.checksums.get(key) != value]
    if not written_ok:
        problems.append(_("pages or revisions do not read back as written"))
    if problems:
        raise VerificationFailed(_("Verification failed: %(problems)s") % {"problems": "; ".join(problems)})


class Mover:
    """Carries one planned move. Use `move_up()` / `resume_move()` rather than this class."""

    def __init__(self, move, plan, *, progress=False):
        self.move, self.plan, self.progress = move, plan, progress
        self.source, self.target = plan.source, plan.target
        self.staging = staging_root() / f"move-{move.pk}"

    def run(self):
        MoveUp.objects.filter(pk=self.move.pk).update(state=MoveUp.State.COPYING, started_at=timezone.now(),
                                                      error="")
        try:
            with transaction.atomic():
                self.copy_and_verify()
                transaction.on_commit(lambda: finish_move(self.move.pk))
        except Exception as exc:
            shutil.rmtree(self.staging, ignore_errors=True)
            connection.set_schema_to_public()
            MoveUp.objects.filter(pk=self.move.pk).update(error=f"{type(exc).__name__}: {exc}")
            raise MoveUpFailed(_(
                "The move of “%(site)s” stopped and nothing was changed (%(error)s). Run “manage.py move_up "
                "%(site)s --resume” to try again or “--rollback” to abandon it.") % {
                "site": self.source.slug, "error": exc}) from exc
        connection.set_schema_to_public()
        self.move.refresh_from_db()
        return self.move

    def copy_and_verify(self):
        """Everything inside the move's transaction; raises on any difference (the caller rolls back)."""
        if content_type_rows(self.source.schema_name) != content_type_rows(self.target.schema_name):
            raise MoveUpRefused(_("Content types differ between “%(source)s” and “%(target)s”: migrate every "
                                  "site first.") % {"source": self.source.slug, "target": self.target.slug})
        lock_source(self.source)
        shape = MoveShape.of(self.plan)
        content = read_source(self.source, self.plan.home_id)
        before = snapshot_source(content, shape)
        with schema_context(self.target.schema_name):
            result = Copier(self.plan, content, shape, self.staging, progress=self.progress).copy()
            pages, revisions = written_rows(result)
            after = snapshot_copy(result, shape, self.staging, pages, revisions)
            written_ok = reads_back_as_written(result, pages, revisions)
        verify(before, after, written_ok)
        self.record_verified(result, shape, before, after)

    def record_verified(self, result, shape, before, after):
        connection.set_schema_to_public()
        now = timezone.now()
        created = {**result.created,
                   "section_tree_path": result.placement.paths[shape.home_id],
                   "section_url_path": result.placement.url_paths[shape.home_id],
                   "staging_dir": str(self.staging), "dangling_references": result.maps.dangling}
        move = self.move
        move.state = MoveUp.State.VERIFIED
        move.section_page_id = result.maps.pages[shape.home_id]
        move.url_map = result.url_map
        move.counts = {"before": before.counts, "after": after.counts}
        move.checksums = {"before": before.checksums, "after": after.checksums}
        move.created = created
        move.staging_dir = str(self.staging)
        move.verified_at = now
        move.notice_until = now + timezone.timedelta(days=move.notice_days)
        move.save()
        change_status(self.source, Tenant.Status.CLOSED)
