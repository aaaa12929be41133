"""Answered letters in the site and cluster search (the interaction app offers them through the
`register_search_sources` hook): published ones are found, pending and private ones and personal
data never, and one site's letters stay out of another site's search."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import tenant_context

from interaction import handling
from interaction.models import Letter
from search.backends.base import SearchRequest, get_backend
from search.models import SearchDocument
from tests.interaction.helpers import mailbox

pytestmark = pytest.mark.django_db

PERSONAL = ["张三丰", "13912345678", "zhang@example.cn", "13800001111"]


def write(tenant, subject, body, answer=None, consent=True, approve=True):
    """A letter from the public form; answered (drafted by one user, approved by another) if `answer`."""
    with tenant_context(tenant):
        letter, _code = handling.receive_letter({
            "kind": "consult", "subject": subject, "body": body, "name": "张三丰", "phone": "13912345678",
            "email": "zhang@example.cn", "consent_public": consent})
        if answer:
            users = get_user_model().objects
            writer, reviewer = (users.get_or_create(username=name)[0] for name in ("writer", "reviewer"))
            handling.draft_reply(letter, answer, "镇建设办", writer, submit=True)
            if approve:
                handling.approve_reply(Letter.objects.get(pk=letter.pk), reviewer)
        return letter


def found(q, **filters):
    results = get_backend().search(SearchRequest(q=q, **filters))
    return {(hit.site_slug, hit.title, hit.url_path) for hit in results.hits}


@pytest.fixture
def letters(cluster, search_backend):
    mailbox(cluster.peach)
    mailbox(cluster.willow)
    return {
        "peach": write(cluster.peach, "幸福路路灯维修", "幸福路路灯坏了，电话13912345678联系我。",
                       "路灯已修好，感谢来信。"),
        "pending": write(cluster.peach, "河堤排水沟堵塞", "河堤排水沟堵塞，雨天积水。", "正在清理排水沟。",
                         approve=False),
        "private": write(cluster.peach, "夜间施工噪音", "夜间施工噪音扰民。", "已责令停止夜间施工。", consent=False),
        "new": write(cluster.peach, "菜市场秤不准", "菜市场秤不准，缺斤少两。"),
        "willow": write(cluster.willow, "柳树街路灯更换", "柳树街路灯太暗，建议更换。", "路灯更换已列入计划。"),
    }


def test_a_published_answered_letter_is_found_in_its_site_at_its_public_page(letters, cluster):
    hits = found("路灯")
    assert hits == {("peach", "幸福路路灯维修", f"/mailbox/letters/{letters['peach'].pk}/"),
                    ("willow", "柳树街路灯更换", f"/mailbox/letters/{letters['willow'].pk}/")}
    assert found("感谢来信") == {("peach", "幸福路路灯维修", f"/mailbox/letters/{letters['peach'].pk}/")}  # the reply
    assert {title for _site, title, _url in found("路灯", sites=["willow"])} == {"柳树街路灯更换"}
    assert {title for _site, title, _url in found("路灯", content_types=["interaction.letter"])} == {
        "幸福路路灯维修", "柳树街路灯更换"}


def test_pending_private_and_new_letters_and_personal_data_are_never_found(letters, cluster):
    assert found("排水沟") == set() and found("噪音") == set() and found("缺斤少两") == set()
    for value in PERSONAL:
        assert found(value) == set(), value
    stored = SearchDocument.objects.filter(source="interaction.letter")
    assert stored.count() == 2
    for document in stored:
        text = " ".join([document.title, document.summary, document.keywords, document.body, document.url_path])
        assert not any(value in text for value in PERSONAL), text


def test_site_search_pages_keep_each_sites_letters_apart_and_the_cluster_search_has_both(letters, cluster,
                                                                                          site_client):
    peach = site_client(cluster.peach).get("/search/", {"q": "路灯"}).content.decode()
    assert "幸福路路灯维修" in peach and "柳树街路灯更换" not in peach
    widened = site_client(cluster.peach).get("/search/", {"q": "路灯", "site": "willow"}).content.decode()
    assert "柳树街路灯更换" not in widened
    willow = site_client(cluster.willow).get("/search/", {"q": "路灯"}).content.decode()
    assert "柳树街路灯更换" in willow and "幸福路路灯维修" not in willow
    whole = site_client("localhost").get("/search/", {"q": "路灯"}).content.decode()
    assert f'href="http://willow.localhost/mailbox/letters/{letters["willow"].pk}/"' in whole
    assert f'href="http://peach.localhost/mailbox/letters/{letters["peach"].pk}/"' in whole
    assert not any(value in page for value in PERSONAL for page in (peach, willow, whole))
    # The hit leads to the letter's public page, which shows it with the name masked.
    page = site_client(cluster.peach).get(f"/mailbox/letters/{letters['peach'].pk}/").content.decode()
    assert "幸福路路灯维修" in page and "张**" in page and "张三丰" not in page


def test_approval_deletion_unpublishing_and_rebuilds_keep_the_index_in_step(letters, cluster):
    with tenant_context(cluster.peach):
        handling.approve_reply(Letter.objects.get(pk=letters["pending"].pk),
                               get_user_model().objects.get(username="reviewer"))
    assert {title for _s, title, _u in found("排水沟")} == {"河堤排水沟堵塞"}
    with tenant_context(cluster.peach):
        Letter.objects.filter(pk=letters["pending"].pk).delete()
    assert found("排水沟") == set()
    for tenant in (cluster.peach, cluster.willow):
        get_backend().delete_site(tenant)
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    assert {site for site, _title, _url in found("路灯")} == {"peach", "willow"}
    assert found("噪音") == set()
    with tenant_context(cluster.willow):
        from interaction.models import MailboxPage

        MailboxPage.objects.get().unpublish()   # no public list: its letters have no page to be found at
    assert {site for site, _title, _url in found("路灯")} == {"peach"}
