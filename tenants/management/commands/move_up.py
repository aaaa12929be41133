"""manage.py move_up SLUG --into-section PATH [--dry-run] [--resume] [--rollback] [--notice-days N]"""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tenants.moveup import MoveUpFailed, MoveUpRefused, move_up, plan_move, resume_move, rollback_move_of


class Command(BaseCommand):
    help = _("Close a township site and move its content into a section of its parent site.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("the township site to move"))
        parser.add_argument("--into-section", dest="section", help=_(
            "path on the parent site: an existing section (the township's columns go under it) or a new one "
            "whose parent exists (the township home becomes it), e.g. /townships/peach/"))
        parser.add_argument("--into", dest="target", help=_("the receiving site (must be the parent; default)"))
        parser.add_argument("--dry-run", action="store_true", help=_("report what would move; change nothing"))
        parser.add_argument("--resume", action="store_true", help=_("complete an interrupted move"))
        parser.add_argument("--rollback", action="store_true", help=_("undo the move (within the rollback window)"))
        parser.add_argument("--notice-days", type=int, default=30,
                            help=_("days the new section tells visitors the site moved there (default 30)"))
        parser.add_argument("--limit-urls", type=int, default=0,
                            help=_("show at most this many changed URLs (0: all)"))

    def handle(self, *args, **options):
        slug = options["slug"]
        try:
            if options["rollback"]:
                move = rollback_move_of(slug)
                self.stdout.write(self.style.SUCCESS(_("Rolled back: “%(site)s” is active again and the section "
                                                       "%(path)s was removed from %(target)s.") % {
                    "site": slug, "path": move.section_path, "target": move.target.slug}))
                return
            if options["resume"]:
                move = resume_move(slug, progress=True)
                self.report_move(move)
                return
            if not options["section"]:
                raise CommandError(_("Say where the site goes: --into-section /path/on/the/parent/site/"))
            plan = plan_move(slug, options["section"], target=options["target"])
            self.report_plan(plan, options["limit_urls"])
            if options["dry_run"]:
                if plan.conflicts:
                    raise CommandError(_("%(count)d conflict(s): resolve them before moving.") % {
                        "count": len(plan.conflicts)})
                return
            move = move_up(slug, options["section"], target=options["target"], notice_days=options["notice_days"],
                           progress=True)
            self.report_move(move)
        except (MoveUpRefused, MoveUpFailed) as exc:
            raise CommandError(str(exc)) from exc

    def report_plan(self, plan, limit):
        w = self.stdout.write
        w(_("Move “%(site)s” into %(target)s%(path)s (%(mode)s)") % {
            "site": plan.source.slug, "target": plan.target.slug, "path": plan.section_path,
            "mode": _("new section") if plan.mode == "new" else _("existing section")})
        w(_("What moves:"))
        for key, value in plan.counts.items():
            w(f"  {key}: {value}")
        w(_("Pages by type:"))
        for name, count in sorted(plan.pages_by_type.items()):
            w(f"  {name}: {count}")
        w(_("Size: %(bytes)d bytes of files") % {"bytes": plan.bytes})
        w(_("Where each page lands:"))
        for old, new, kind, title in plan.landing[:limit or None]:
            w(f"  {old} → {new}  ({kind}: {title})")
        w(_("URLs that change (301 from every old domain):"))
        changes = plan.url_changes()
        for old, new in changes[:limit or None]:
            w(f"  {old} → {new}")
        if limit and len(changes) > limit:
            w(_("  … and %(count)d more") % {"count": len(changes) - limit})
        w(_("Document and image URLs change too; their new addresses are recorded by the move."))
        for note in plan.notes:
            w(_("Note: %(note)s") % {"note": note})
        if plan.conflicts:
            w(self.style.ERROR(_("Conflicts (the move refuses to start until they are resolved):")))
            for conflict in plan.conflicts:
                w(self.style.ERROR(f"  - {conflict}"))
        else:
            w(self.style.SUCCESS(_("No conflicts.")))

    def report_move(self, move):
        w = self.stdout.write
        before, after = move.counts.get("before", {}), move.counts.get("after", {})
        w(_("Counts (before → after):"))
        for key in before:
            w(f"  {key}: {before[key]} → {after.get(key)}")
        w(_("Checksums (before = after):"))
        for key, value in move.checksums.get("before", {}).items():
            w(f"  {key}: {value[:16]}… {'=' if move.checksums['after'].get(key) == value else '≠'}")
        w(self.style.SUCCESS(_("Done: “%(site)s” is closed; its content is at %(target)s%(path)s; %(urls)d old "
                               "URLs answer 301. Roll back within the window with --rollback.") % {
            "site": move.source.slug, "target": move.target.slug, "path": move.section_path,
            "urls": len(move.url_map)}))
