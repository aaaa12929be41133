"""What the public sees: personal data nowhere; consultations with moderated comments and feedback."""
import datetime
import re

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import tenant_context

from interaction import handling
from interaction.models import ConsultationComment, ConsultationPage, Letter
from tests.identity.helpers import platform_client
from tests.interaction.helpers import LETTER, consultation, filled, mailbox, zh

CODE = re.compile(r'class="query-code">([0-9A-Z-]{19})<')


def test_personal_data_never_appears_in_public_pages_search_or_api(cluster, site_client):
    mailbox(cluster.peach)
    text = LETTER["body"] + "我的手机13912345678，身份证110105194912310021，邮箱zhang@example.cn。"
    site_client(cluster.peach).post("/mailbox/", filled(body=text))
    with tenant_context(cluster.peach):
        letter = Letter.objects.get()
        writer = get_user_model().objects.create(username="writer")
        reviewer = get_user_model().objects.create(username="reviewer")
        handling.draft_reply(letter, "已安排维修。", "镇城建办", writer, submit=True)
        handling.approve_reply(letter, reviewer)
    client = site_client(cluster.peach)
    pages = [client.get("/mailbox/"), client.get(f"/mailbox/letters/{letter.pk}/"), client.get("/mailbox/?q=路灯"),
             client.post("/mailbox/query/", {"code": "ABCD-EFGH-JKMN-PQRS"}),
             # Searches for words of the letter (searching for a name would only echo the query).
             client.get("/search/?q=路灯"), client.get("/api/search/?q=路灯"), client.get("/api/search/?q=领导信箱"),
             platform_client().get("/search/?q=幸福路"), platform_client().get("/api/search/?q=路灯")]
    detail = pages[1].content.decode()
    assert "已安排维修" in detail and "张**" in detail and "幸福路12号小区门口" in detail
    for response in pages:
        body = response.content.decode()
        for secret in ("张三丰", "13912345678", "zhang@example.cn", "110105194912310021"):
            assert secret not in body, (response.request["PATH_INFO"], secret)


def test_comments_are_moderated_and_feedback_is_required_before_closing(cluster, site_client):
    page = consultation(cluster.east)
    client = site_client(cluster.east)
    response = client.post("/consultation/", filled({"name": "陈七", "body": "建议增加夜间临时停车位。"}))
    assert response.status_code == 200 and zh("Thank you: your comment will be published after moderation.") in \
        response.content.decode()
    assert "增加夜间临时停车位" not in client.get("/consultation/").content.decode()
    with tenant_context(cluster.east):
        comment = ConsultationComment.objects.get()
        assert comment.status == ConsultationComment.Status.PENDING and comment.masked_name == "陈*"
        comment.status, comment.adopted, comment.adoption_note = "approved", True, "已采纳，见第五条"
        comment.save()
    shown = client.get("/consultation/").content.decode()
    assert "增加夜间临时停车位" in shown and "陈*" in shown and "陈七" not in shown
    # Closed without a feedback summary: shown as "feedback pending", not closed; no more comments.
    with tenant_context(cluster.east):
        ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
        page = ConsultationPage.objects.get(pk=page.pk)
        assert page.phase() == "feedback_pending"
    closed = client.get("/consultation/").content.decode()
    assert zh("Closed, feedback pending") in closed
    late = client.post("/consultation/", filled({"name": "", "body": "迟到的意见"}))
    assert late.status_code == 200
    with tenant_context(cluster.east):
        assert ConsultationComment.objects.count() == 1
        page.feedback = "<p>共收到意见1条，采纳1条。</p>"
        page.save_revision().publish()
        assert ConsultationPage.objects.get(pk=page.pk).phase() == "closed"
    published = client.get("/consultation/").content.decode()
    assert "共收到意见1条" in published and zh("Closed, feedback published") in published
    # Nothing of it on another district.
    with tenant_context(cluster.west):
        assert not ConsultationComment.objects.exists()


def test_spam_comments_are_held(cluster, site_client):
    consultation(cluster.west)
    spam = "澳门葡京赌场上线啦，百家乐、老虎机、真人娱乐，注册即送888彩金，加微信 xyz888 立即开户"
    site_client(cluster.west).post("/consultation/", filled({"name": "", "body": spam}))
    with tenant_context(cluster.west):
        assert ConsultationComment.objects.get().status == ConsultationComment.Status.HELD
