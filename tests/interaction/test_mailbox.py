"""Writing to the mailbox: query codes, bad input, spam held, rate limits, nothing across sites."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django_tenants.utils import tenant_context

from interaction.models import Letter, LetterEvent
from tests.interaction.helpers import LETTER, filled, mailbox, zh

CODE = re.compile(r'class="query-code">([0-9A-Z-]{19})<')


def send(client, page_url, data, **extra):
    return client.post(page_url, data, **extra)


@pytest.fixture
def peach_mailbox(cluster):
    return mailbox(cluster.peach)


def test_a_letter_gets_a_query_code_and_a_deadline_and_stays_in_its_site(cluster, peach_mailbox, site_client):
    response = send(site_client(cluster.peach), "/mailbox/", filled())
    assert response.status_code == 200, response.content.decode()[:3000]
    code = CODE.search(response.content.decode()).group(1)
    with tenant_context(cluster.peach):
        letter = Letter.objects.get()
        assert letter.status == Letter.Status.NEW and letter.masked_name == "张**"
        assert letter.due_date > letter.received_at.date()
        assert letter.query_digest and code.replace("-", "") not in letter.query_digest
        assert [e.action for e in LetterEvent.objects.all()] == ["received"]
    with tenant_context(cluster.willow):
        assert not Letter.objects.exists()
    # The code follows the letter on its own site, and finds nothing on another site.
    looked_up = site_client(cluster.peach).post("/mailbox/query/", {"code": code.lower().replace("-", " ")})
    assert "小区路灯不亮" in looked_up.content.decode()
    mailbox(cluster.willow)
    elsewhere = site_client(cluster.willow).post("/mailbox/query/", {"code": code})
    assert "小区路灯不亮" not in elsewhere.content.decode()
    assert zh("No letter was found for this query code.") in elsewhere.content.decode()


def test_an_unknown_code_is_plainly_not_found(cluster, peach_mailbox, site_client):
    send(site_client(cluster.peach), "/mailbox/", filled())
    response = site_client(cluster.peach).post("/mailbox/query/", {"code": "ABCD-EFGH-JKMN-PQRS"})
    assert response.status_code == 200 and zh("No letter was found for this query code.") in response.content.decode()
    assert "小区路灯不亮" not in response.content.decode()


@pytest.mark.parametrize("change, reason", [
    ({"body": "   "}, "Write your letter."),
    ({"phone": "call me maybe"}, "Enter a mobile number (11 digits) or a landline with its area code."),
])
def test_bad_input_is_refused_with_the_reason_and_the_typing_kept(cluster, peach_mailbox, site_client,
                                                                   change, reason):
    response = send(site_client(cluster.peach), "/mailbox/", filled(**change))
    page = response.content.decode()
    assert response.status_code == 400 and zh(reason) in page
    assert "幸福路12号小区门口的路灯坏了一个月" in page or change.get("body") == "   "
    assert "小区路灯不亮" in page  # the subject the person typed is still there
    with tenant_context(cluster.peach):
        assert not Letter.objects.exists()


def test_a_disguised_or_oversized_attachment_is_refused(cluster, peach_mailbox, site_client, settings):
    disguised = SimpleUploadedFile("photo.png", b"MZ\x90\x00 this is a program", content_type="image/png")
    response = send(site_client(cluster.peach), "/mailbox/", {**filled(), "attachment": disguised})
    assert response.status_code == 400
    assert zh("The content of this file is not a .%(ext)s image.", ext="png") in response.content.decode()
    settings.SITEGROUP_INTERACTION_MAX_ATTACHMENT = 10
    big = SimpleUploadedFile("note.txt", b"plain text, but far too long", content_type="text/plain")
    response = send(site_client(cluster.peach), "/mailbox/", {**filled(), "attachment": big})
    with translation.override("zh-hans"):
        expected = zh("The attachment is too big (%(size)s); the largest allowed is %(limit)s.",
                      size=filesizeformat(big.size), limit=filesizeformat(10))
    assert response.status_code == 400 and expected in response.content.decode()
    with tenant_context(cluster.peach):
        assert not Letter.objects.exists()


def test_a_good_attachment_is_kept_with_the_letter_not_in_public_media(cluster, peach_mailbox, site_client):
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                             content_type="application/pdf")
    response = send(site_client(cluster.peach), "/mailbox/", {**filled(), "attachment": pdf})
    assert response.status_code == 200
    with tenant_context(cluster.peach):
        letter = Letter.objects.get()
        assert letter.attachment_name == "证明.pdf" and bytes(letter.attachment_data).startswith(b"%PDF")


def test_honeypot_and_a_form_sent_too_fast_store_nothing(cluster, peach_mailbox, site_client):
    client = site_client(cluster.peach)
    bot = send(client, "/mailbox/", filled(website="http://spam.example"))
    fast = send(client, "/mailbox/", filled(seconds_ago=1))
    assert bot.status_code == fast.status_code == 400
    assert zh("The form was sent too quickly after it was opened. Please check it and send it again.") in \
        fast.content.decode() and "小区路灯不亮" in fast.content.decode()
    with tenant_context(cluster.peach):
        assert not Letter.objects.exists()


def test_spam_is_held_not_published_and_not_lost(cluster, peach_mailbox, site_client):
    spam = {**LETTER, "subject": "澳门葡京赌场 百家乐 真人娱乐 注册送彩金",
            "body": "澳门葡京赌场上线啦，百家乐、老虎机、真人娱乐，注册即送888彩金，加微信 xyz888 立即开户"}
    response = send(site_client(cluster.peach), "/mailbox/", filled(spam))
    assert response.status_code == 200  # the writer is not told it was held
    with tenant_context(cluster.peach):
        letter = Letter.objects.get()
        assert letter.status == Letter.Status.HELD and letter.held_reason
        assert not Letter.objects.published().exists()
    assert "葡京" not in site_client(cluster.peach).get("/mailbox/").content.decode()


def test_a_reload_does_not_send_twice(cluster, peach_mailbox, site_client):
    data = filled()
    client = site_client(cluster.peach)
    send(client, "/mailbox/", data)
    again = send(client, "/mailbox/", data)
    assert again.status_code == 200 and not CODE.search(again.content.decode())
    with tenant_context(cluster.peach):
        assert Letter.objects.count() == 1


def test_the_rate_limit_refuses_with_the_form_kept(cluster, peach_mailbox, site_client, settings):
    settings.SITEGROUP_INTERACTION_RATES = {**settings.SITEGROUP_INTERACTION_RATES,
                                            "letter": {"address": "2/h", "site": "100/h"}}
    client = site_client(cluster.peach)
    for _ in range(2):
        assert send(client, "/mailbox/", filled()).status_code == 200
    refused = send(client, "/mailbox/", filled(subject="第三封信"))
    page = refused.content.decode()
    assert refused.status_code == 429 and zh(
        "Too many submissions from your network or to this site just now. "
        "Please try again later; what you typed is kept below.") in page
    assert "第三封信" in page and "幸福路12号小区门口的路灯坏了一个月" in page and "13912345678" in page
    with tenant_context(cluster.peach):
        assert Letter.objects.count() == 2
    # The counter is per site: the same address may still write to another township.
    mailbox(cluster.willow)
    assert send(site_client(cluster.willow), "/mailbox/", filled()).status_code == 200


def test_query_code_look_ups_are_rate_limited(cluster, peach_mailbox, site_client, settings):
    settings.SITEGROUP_INTERACTION_RATES = {**settings.SITEGROUP_INTERACTION_RATES,
                                            "lookup": {"address": "3/h", "site": "100/h"}}
    client = site_client(cluster.peach)
    statuses = [client.post("/mailbox/query/", {"code": f"ABCD-EFGH-JKMN-PQR{i}"}).status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_personal_data_is_encrypted_at_rest(cluster, peach_mailbox, site_client):
    from django.db import connection

    send(site_client(cluster.peach), "/mailbox/", filled())
    with tenant_context(cluster.peach), connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, email FROM interaction_letter")
        stored = " ".join(cursor.fetchone())
    assert "张三丰" not in stored and "13912345678" not in stored and "zhang@example.cn" not in stored
    assert stored.startswith("fernet:")


def test_form_pages_are_never_cached_and_answered_letters_may_be(cluster, peach_mailbox, site_client):
    response = site_client(cluster.peach).get("/mailbox/")
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" in response.content.decode()
