"""Lexicons: operators edit the platform list, sites add their own words; versioned, audited,
and bad input is refused with the line number while the previous list stays in force."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitegroup.identity.models import AuditLogEntry, Role
from sitegroup.safety import lexicon, versions
from sitegroup.safety.detector import Context, detect_text
from sitegroup.safety.models import ContentFinding, LexiconVersion

from ..identity.helpers import enrol_totp, login, make_account
from .helpers import publish_article

pytestmark = pytest.mark.django_db
NEW_WORD = "[gambling]\n星海棋局 = 5\n"


@pytest.fixture
def operator():
    return login("ops", otp_account=enrol_totp(make_account("ops", operator=True)))


def test_parse_refuses_bad_lines_with_their_number():
    with pytest.raises(lexicon.LexiconError) as error:
        lexicon.parse("[gambling]\n百家乐\nre: (unclosed\n")
    assert error.value.line == 3
    with pytest.raises(lexicon.LexiconError) as error:
        lexicon.parse("# comment\n[nonsense]\n")
    assert error.value.line == 2
    with pytest.raises(lexicon.LexiconError) as error:
        lexicon.parse("百家乐\n")
    assert error.value.line == 1
    with pytest.raises(lexicon.LexiconError) as error:
        lexicon.decode_upload("[fraud]\n代开发票\n".encode("gb18030"))
    assert error.value.line == 2


def test_every_shipped_entry_is_valid_and_brands_get_their_variants():
    shipped = lexicon.shipped()
    terms = {entry.term for entry in shipped.section("brands")}
    assert {"鸿运88", "88鸿运", "hy88", "88hy"} <= terms
    findings = detect_text("推进春耕，88HY最新网址，提款秒到", Context(lexicon=shipped))
    assert findings and findings[0].category == "gambling"


def test_an_operator_saves_a_new_platform_version_and_scans_use_it(cluster, operator):
    assert not detect_text("本周末星海棋局开业", Context(lexicon=versions.current_lexicon()))
    text = versions.platform_text() + "\n" + NEW_WORD
    response = operator.post("/console/safety/lexicon/", {"text": text, "comment": "新增品牌"})
    assert response.status_code == 302
    version = LexiconVersion.objects.get(site=None)
    assert (version.number, version.created_by, version.comment) == (1, "ops", "新增品牌")
    assert AuditLogEntry.objects.filter(action="lexicon_saved", actor="ops").exists()
    page = publish_article(cluster.willow, "开业", "<p>本周末星海棋局开业。</p>")
    assert ContentFinding.open().filter(site=cluster.willow, page_id=page.pk, matched__contains="星海棋局").exists()


def test_bad_uploads_are_refused_with_the_line_and_the_previous_version_stays(cluster, operator):
    versions.save(versions.platform_text(), by="ops")
    bad_encoding = SimpleUploadedFile("words.txt", "[fraud]\n代开发票\n".encode("gb18030"))
    response = operator.post("/console/safety/lexicon/", {"upload": bad_encoding, "text": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "UTF-8" in html and ("Line 2" in html or "第 2 行" in html)
    bad_pattern = SimpleUploadedFile("words.txt", "[gambling]\n百家乐\nre: ([a-z\n".encode())
    html = operator.post("/console/safety/lexicon/", {"upload": bad_pattern, "text": ""}).content.decode()
    assert "Line 3" in html or "第 3 行" in html
    assert list(LexiconVersion.objects.filter(site=None).values_list("number", flat=True)) == [1]
    good = SimpleUploadedFile("words.txt", (versions.platform_text() + "\n" + NEW_WORD).encode("utf-8-sig"))
    assert operator.post("/console/safety/lexicon/", {"upload": good, "text": ""}).status_code == 302
    assert LexiconVersion.objects.filter(site=None).count() == 2


def test_site_additions_apply_to_that_site_only(cluster):
    account = enrol_totp(make_account("peachadmin", grants={cluster.peach: Role.SITE_ADMIN}))
    client = login("peachadmin", otp_account=account)
    assert client.post("/console/safety/sites/peach/lexicon/", {"text": NEW_WORD}).status_code == 302
    assert client.post("/console/safety/sites/willow/lexicon/", {"text": NEW_WORD}).status_code == 403
    assert client.get("/console/safety/lexicon/").status_code == 403  # the platform list is the operators'
    peach = publish_article(cluster.peach, "开业", "<p>本周末星海棋局开业。</p>")
    willow = publish_article(cluster.willow, "开业", "<p>本周末星海棋局开业。</p>")
    assert ContentFinding.open().filter(site=cluster.peach, page_id=peach.pk).exists()
    assert not ContentFinding.open().filter(site=cluster.willow, page_id=willow.pk).exists()


def test_an_earlier_version_can_be_restored(cluster, operator):
    first = versions.save(versions.platform_text(), by="ops", comment="one")
    versions.save(versions.platform_text() + "\n" + NEW_WORD, by="ops", comment="two")
    assert operator.post(f"/console/safety/lexicon/versions/{first.pk}/").status_code == 302
    latest = versions.latest()
    assert latest.number == 3 and latest.text == first.text


def test_configured_sensitive_words_still_count(settings):
    settings.SITEGROUP_SENSITIVE_WORDS = ["反动标语"]
    findings = detect_text("墙上出现反动标语", Context(lexicon=versions.current_lexicon()))
    assert [f.rule for f in findings] == ["sensitive_word"]
