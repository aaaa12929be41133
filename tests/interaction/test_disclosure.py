"""Requests for government information: 20 working days, one extension, every outcome, the yearly table."""
import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from interaction import disclosure_handling, stats
from interaction.handling import HandlingError
from interaction.models import DisclosureRequest
from tests.identity.helpers import enrol_totp, enter, login, make_account
from tests.interaction.helpers import filled, request_page, zh

CODE = re.compile(r'class="query-code">([0-9A-Z-]{19})<')
REQUEST = {"requester": "王五", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13700001111",
           "information": "2024年本镇道路维修工程的招标文件", "purpose": "了解工程情况", "delivery": "online"}
LOCAL = timezone.get_current_timezone()


class Staff:
    def get_username(self):
        return "tester"


def make_request(tenant, received):
    received_at = datetime.datetime.combine(received, datetime.time(9), LOCAL)
    with tenant_context(tenant):
        return DisclosureRequest.objects.create(
            requester="赵六", id_type="resident_id", id_number="110105194912310021", phone="13700002222",
            information="某项信息", delivery="email", query_digest="z" * 64, received_at=received_at,
            due_date=disclosure_handling.due_date(received_at))


def test_twenty_working_days_and_one_extension(cluster):
    # Received Mon 23 Sep 2024: 20 working days across National Day (and its adjusted workdays 29 Sep, 12 Oct).
    item = make_request(cluster.peach, datetime.date(2024, 9, 23))
    assert item.due_date == datetime.date(2024, 10, 24)
    with tenant_context(cluster.peach):
        with pytest.raises(HandlingError):
            disclosure_handling.extend(item, "  ", Staff())
        disclosure_handling.extend(item, "需征求第三方意见", Staff())
        assert item.due_date == datetime.date(2024, 11, 21) and item.status == DisclosureRequest.Status.EXTENDED
        with pytest.raises(HandlingError):
            disclosure_handling.extend(item, "再次延期", Staff())


@pytest.mark.parametrize("outcome", DisclosureRequest.Outcome.values)
def test_each_outcome_is_recorded_with_what_it_needs(cluster, outcome):
    item = make_request(cluster.peach, datetime.date(2024, 3, 4))
    with tenant_context(cluster.peach):
        if outcome in DisclosureRequest.NEEDS_REASON or outcome in DisclosureRequest.NEEDS_REFERRAL:
            with pytest.raises(HandlingError):
                disclosure_handling.answer(item, outcome, Staff(), text="答复")
        disclosure_handling.answer(item, outcome, Staff(), text="答复", reason="《条例》第十四条",
                                   referral="区自然资源局")
        item.refresh_from_db()
        assert item.outcome == outcome and item.status == DisclosureRequest.Status.ANSWERED


def test_the_yearly_request_table_counts_per_site(cluster):
    D = datetime.date
    carried_in = make_request(cluster.peach, D(2023, 12, 20))
    answered = [make_request(cluster.peach, D(2024, month, 10)) for month in (2, 3, 4, 5)]
    open_at_year_end = make_request(cluster.peach, D(2024, 12, 25))
    make_request(cluster.willow, D(2024, 6, 3))
    with tenant_context(cluster.peach):
        when = datetime.datetime(2024, 6, 1, 10, tzinfo=LOCAL)
        disclosure_handling.answer(carried_in, "disclosed", Staff(), now=datetime.datetime(2024, 1, 5, tzinfo=LOCAL))
        disclosure_handling.answer(answered[0], "disclosed", Staff(), now=when)
        disclosure_handling.answer(answered[1], "partly", Staff(), reason="涉及个人隐私", now=when)
        disclosure_handling.answer(answered[2], "nonexistent", Staff(), now=when)
        disclosure_handling.answer(answered[3], "not_ours", Staff(), referral="区住建局", now=when)
        disclosure_handling.extend(open_at_year_end, "材料较多", Staff())
        DisclosureRequest.objects.filter(pk=open_at_year_end.pk).update(
            extended_at=datetime.datetime(2024, 12, 30, tzinfo=LOCAL))
    table = stats.disclosure_table(cluster.peach, 2024)
    assert table["received"] == 5 and table["carried_over_from_last_year"] == 1 and table["answered"] == 5
    assert table["outcomes"]["disclosed"] == 2 and table["outcomes"]["partly"] == 1
    assert table["outcomes"]["nonexistent"] == 1 and table["outcomes"]["not_ours"] == 1
    assert table["outcomes"]["refused"] == 0 and table["extended"] == 1 and table["carried_over_to_next_year"] == 1
    assert stats.disclosure_table(cluster.willow, 2024)["received"] == 1
    assert stats.disclosure_table(cluster.peach, 2023)["carried_over_to_next_year"] == 1


def test_online_request_query_code_and_answer_with_attachment(cluster, site_client):
    request_page(cluster.willow)
    bad = site_client(cluster.willow).post("/ysqgk/", filled(REQUEST, id_number="12345"))
    assert bad.status_code == 400 and zh("A resident identity card number has 18 characters.") in bad.content.decode()
    assert "2024年本镇道路维修工程的招标文件" in bad.content.decode()
    response = site_client(cluster.willow).post("/ysqgk/", filled(REQUEST))
    code = CODE.search(response.content.decode()).group(1)
    with tenant_context(cluster.willow):
        item = DisclosureRequest.objects.get()
        assert item.id_number == "11010519491231002X" and item.requester == "王五"
    account = enrol_totp(make_account("willow-gk", grants={cluster.willow: "editor"}))
    admin = enter(login("willow-gk", otp_account=account), cluster.willow)
    admin.post(f"/admin/interaction/requests/{item.pk}/", {"action": "register"})
    pdf = SimpleUploadedFile("招标文件.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    admin.post(f"/admin/interaction/requests/{item.pk}/",
               {"action": "answer", "outcome": "disclosed", "text": "现将招标文件提供如下。", "attachment": pdf})
    followed = site_client(cluster.willow).post("/ysqgk/query/", {"code": code}).content.decode()
    assert "现将招标文件提供如下。" in followed and "王五" not in followed and "11010519491231002X" not in followed
    link = re.search(r'href="(/ysqgk/answer/\?t=[^"]+)"', followed).group(1)
    download = site_client(cluster.willow).get(html.unescape(link))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert site_client(cluster.willow).get("/ysqgk/answer/?t=forged:token").status_code == 404
    request_page(cluster.peach)
    elsewhere = site_client(cluster.peach).post("/ysqgk/query/", {"code": code}).content.decode()
    assert zh("No request was found for this query code.") in elsewhere
