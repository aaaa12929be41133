"""The dry run lists conflicts, and the move refuses to start until they are resolved; bad moves are refused."""
import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tenants.models import MoveUp, Tenant
from tenants.moveup import MoveUpRefused, move_up, plan_move
from themes.models import ColumnPage

from .builders import add_section, build_township, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(cluster):
    township = build_township(cluster.peach)
    with tenant_context(cluster.east):
        disclosure = Page.objects.get(slug="disclosure", depth=3)
        # A column of the district that happens to share a slug with one of the township's.
        disclosure.add_child(instance=ColumnPage(title="新闻", slug="news"))
    return township


def test_dry_run_reports_what_moves_where_every_url_and_the_size(prepared, cluster):
    add_section(cluster.east)
    plan = plan_move("peach", "townships/peach")
    assert plan.ok and plan.mode == "new" and plan.section_path == "/townships/peach/"
    assert plan.counts["pages"] == 14 and plan.counts["images"] == 2 and plan.counts["documents"] == 1
    assert plan.counts["form_submissions"] == 2 and plan.counts["redirects"] == 1
    assert plan.counts["revisions"] == 9 and plan.bytes > 0  # the skeleton's columns have no revisions
    assert sum(plan.pages_by_type.values()) == 14
    assert ("/news/villages/festival/", "/townships/peach/news/villages/festival/") in [
        (old, new) for old, new, _kind, _title in plan.landing]
    changes = plan.url_changes()
    assert ("http://peach-alias.example.cn/news/villages/festival/",
            "http://east.localhost/townships/peach/news/villages/festival/") in changes
    assert ("http://peach.localhost/", "http://east.localhost/townships/peach/") in changes
    assert len(changes) == 14 * 2
    # A dry run changes nothing.
    assert not MoveUp.objects.exists()
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE


def test_dry_run_lists_slug_collisions_and_disallowed_types_and_the_move_refuses(prepared, cluster):
    east_before = snapshot(cluster.east)
    plan = plan_move("peach", "/disclosure/")
    assert plan.mode == "existing"
    conflicts = "\n".join(plan.conflicts)
    assert "/disclosure/news/" in conflicts                       # slug collision
    assert "意见征集" in conflicts and "政府信息公开" in conflicts  # a form / a catalogue may not go under a catalogue
    with pytest.raises(MoveUpRefused) as refused:
        move_up("peach", "/disclosure/")
    assert "/disclosure/news/" in str(refused.value)
    assert snapshot(cluster.east) == east_before and not MoveUp.objects.exists()
    with pytest.raises(CommandError):
        call_command("move_up", "peach", "--into-section", "/disclosure/", "--dry-run")

    plan = plan_move("peach", "/about/peach/")
    assert plan.ok, plan.conflicts  # a column may hold the section: no conflicts there

    plan = plan_move("peach", "/nowhere/peach/")
    assert any("/nowhere/" in c for c in plan.conflicts)        # missing parent section

    # Resolved: a place where nothing collides and every type is allowed.
    add_section(cluster.east)
    assert plan_move("peach", "/townships/peach/").ok
    move = move_up("peach", "/townships/peach/")
    assert move.state in (MoveUp.State.VERIFIED, MoveUp.State.DONE)


def test_a_type_the_landing_page_does_not_allow_is_a_conflict(prepared, cluster):
    with tenant_context(cluster.east):
        from themes.models import AboutPage

        about = Page.objects.get(slug="about", depth=3)
        about.add_child(instance=AboutPage(title="联系我们", slug="contact"))
    plan = plan_move("peach", "/about/contact/peach/")
    assert any("not allowed" in c or "不允许" in c for c in plan.conflicts), plan.conflicts


def test_moving_an_existing_section_merges_the_columns_under_it(prepared, cluster, django_capture_on_commit_callbacks):
    section = add_section(cluster.east, path_slug="peach-town", title="桃花镇")
    with django_capture_on_commit_callbacks(execute=True):
        move = move_up("peach", "/peach-town/")
    move.refresh_from_db()
    assert move.state == MoveUp.State.DONE and move.section_page_id == section.pk
    assert move.counts["before"] == move.counts["after"]
    with tenant_context(cluster.east):
        children = set(Page.objects.get(pk=section.pk).get_children().values_list("slug", flat=True))
        assert {"news", "notices", "policies", "festival-topic", "consultation"} <= children
        assert Page.find_problems() == ([], [], [], [], [])
    assert move.url_map["/"] == "/peach-town/"
    assert move.url_map["/news/villages/festival/"] == "/peach-town/news/villages/festival/"


def test_bad_moves_are_refused_with_a_clear_message(prepared, cluster, django_capture_on_commit_callbacks, english):
    add_section(cluster.east)
    with pytest.raises(MoveUpRefused, match="only township sites"):
        plan_move("east", "/townships/")
    with pytest.raises(MoveUpRefused, match="only move up into its parent site “east”"):
        plan_move("peach", "/townships/peach/", target="west")
    with pytest.raises(MoveUpRefused, match="No site with slug"):
        plan_move("nosuch", "/x/")
    with django_capture_on_commit_callbacks(execute=True):
        move_up("peach", "/townships/peach/")
    with pytest.raises(MoveUpRefused, match="already been moved up"):
        move_up("peach", "/townships/peach2/")
    with pytest.raises(CommandError, match="already been moved up"):
        call_command("move_up", "peach", "--into-section", "/townships/peach2/")
    with tenant_context(cluster.east):
        assert Page.objects.filter(url_path__startswith="/home/townships/").count() == 15


def test_bad_moves_are_refused_in_chinese_by_default(prepared, cluster):
    with pytest.raises(MoveUpRefused, match="乡镇"):
        plan_move("east", "/townships/")


def test_the_command_prints_the_dry_run_and_moves(prepared, cluster, capsys, english):
    add_section(cluster.east)
    call_command("move_up", "peach", "--into-section", "/townships/peach/", "--dry-run")
    out = capsys.readouterr().out
    assert "http://peach-alias.example.cn/news/villages/festival/ → " \
           "http://east.localhost/townships/peach/news/villages/festival/" in out
    assert "No conflicts." in out and "form_submissions: 2" in out and "bytes of files" in out
    assert not MoveUp.objects.exists()
    call_command("move_up", "peach", "--into-section", "/townships/peach/", "--notice-days", "7")
    out = capsys.readouterr().out
    assert "Checksums (before = after)" in out and "≠" not in out
    move = MoveUp.objects.get(source__slug="peach")
    assert move.notice_days == 7
