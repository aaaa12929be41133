"""After the move's transaction: put the files in place and tell subscribers; or undo a move."""
import os
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction, Revision

from ..models import MoveUp, Tenant
from ..provisioning import change_status
from ..signals import site_move_rolled_back, site_moved_up
from .plan import MoveUpRefused
from .state import staging_root

# The parent's "moved here" notices are cached per schema (templatetags/moveup_tags.py).
NOTICE_CACHE_KEY = "sitegroup:moveup-notices"


class MoveUpFailed(Exception):
    """The move stopped; nothing was changed. The message says how to go on."""


def _forget_notices(schema_name):
    with schema_context(schema_name):
        cache.delete(NOTICE_CACHE_KEY)
    connection.set_schema_to_public()


def finish_move(move_id):
    """Put the staged files in place, mark the move done, tell subscribers. Safe to repeat."""
    move = MoveUp.objects.select_related("source", "target").get(pk=move_id)
    if move.state != MoveUp.State.VERIFIED:
        return move
    staging = Path(move.staging_dir)
    media = Path(settings.MEDIA_ROOT) / move.target.schema_name
    for name in move.created.get("files", []):
        staged, final = staging / name, media / name
        if staged.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        elif not final.exists():
            raise MoveUpFailed(_("The file “%(name)s” of the move is neither staged nor in place.") % {"name": name})
    shutil.rmtree(staging, ignore_errors=True)
    MoveUp.objects.filter(pk=move.pk).update(state=MoveUp.State.DONE, finished_at=timezone.now())
    move.refresh_from_db()
    _forget_notices(move.target.schema_name)
    site_moved_up.send(sender=MoveUp, source=move.source, target=move.target, section_page_id=move.section_page_id,
                       section_path=move.section_path, url_map=move.url_map, move=move)
    return move


def rollback_window():
    return timezone.timedelta(days=settings.SITEGROUP_MOVEUP_ROLLBACK_DAYS)


def rollback_expired(move):
    """True once a committed move is older than the rollback window (unfinished moves never expire)."""
    done_at = move.finished_at or move.verified_at
    return bool(done_at and timezone.now() - done_at > rollback_window())


def rollback_move(move):
    """Undo a move: remove what it created on the parent, re-activate the township."""
    move = MoveUp.objects.select_related("source", "target").get(pk=move.pk)
    if move.state == MoveUp.State.ROLLED_BACK:
        raise MoveUpRefused(_("This move of “%(site)s” was already rolled back.") % {"site": move.source.slug})
    if move.state in (MoveUp.State.PLANNED, MoveUp.State.COPYING):
        # Nothing was committed: only staged files can be left over.
        shutil.rmtree(move.staging_dir or staging_root() / f"move-{move.pk}", ignore_errors=True)
        MoveUp.objects.filter(pk=move.pk).update(state=MoveUp.State.ROLLED_BACK, rolled_back_at=timezone.now(),
                                                 url_map={})
        move.refresh_from_db()
        return move
    if rollback_expired(move):
        done_at = move.finished_at or move.verified_at
        raise MoveUpRefused(_("The move of “%(site)s” finished on %(date)s, more than %(days)s days ago: it can no "
                              "longer be rolled back.") % {"site": move.source.slug, "date": done_at.date().isoformat(),
                                                          "days": rollback_window().days})
    created = move.created
    url_map = dict(move.url_map)
    with transaction.atomic():
        with schema_context(move.target.schema_name):
            _remove_created(created)
        connection.set_schema_to_public()
        MoveUp.objects.filter(pk=move.pk).update(state=MoveUp.State.ROLLED_BACK, rolled_back_at=timezone.now(),
                                                 url_map={})
        source = Tenant.objects.get(pk=move.source_id)
        change_status(source, Tenant.Status.ACTIVE)

        def after_commit():
            media = Path(settings.MEDIA_ROOT) / move.target.schema_name
            for name in created.get("files", []):
                for path in (media / name, Path(move.staging_dir) / name):
                    path.unlink(missing_ok=True)
            shutil.rmtree(move.staging_dir, ignore_errors=True)
            _forget_notices(move.target.schema_name)
            site_move_rolled_back.send(sender=MoveUp, source=source, target=move.target,
                                       section_page_id=move.section_page_id, section_path=move.section_path,
                                       url_map=url_map, move=move)

        transaction.on_commit(after_commit)
    move.refresh_from_db()
    return move


def _remove_created(created):
    """Delete, in the parent's schema, every object a move created (ids recorded in MoveUp.created)."""
    Redirect.objects.filter(pk__in=created.get("redirects", [])).delete()
    FormSubmission.objects.filter(pk__in=created.get("form_submissions", [])).delete()
    PageViewRestriction.objects.filter(pk__in=created.get("view_restrictions", [])).delete()
    for label, ids in created.get("child_rows", {}).items():
        apps.get_model(label).objects.filter(pk__in=ids).delete()
    for page in Page.objects.filter(pk__in=created.get("top_page_ids", [])):
        page.delete()
    Revision.objects.filter(pk__in=created.get("revisions", [])).delete()
    for model, kind in ((get_image_model(), "images"), (get_document_model(), "documents")):
        # Rows only: the files are removed after commit (a rollback of this transaction keeps them).
        model.objects.filter(pk__in=created.get(kind, [])).delete()
    for collection in Collection.objects.filter(pk__in=created.get("collections", [])).order_by("-depth"):
        collection.refresh_from_db()
        collection.delete()
