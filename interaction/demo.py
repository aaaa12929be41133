"""Demo content for 互动交流 (called by `manage.py build_demo` inside each demo site's schema):
a leader mailbox with answered and pending letters on every site, a letter a township passed up to
its district, a request for government information and an open consultation on the city site.
Written for this project."""
import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from . import disclosure_handling, handling, querycodes
from .masking import mask_name
from .models import (
    ConsultationComment,
    ConsultationPage,
    Department,
    DisclosureRequest,
    DisclosureRequestPage,
    Letter,
    MailboxPage,
)

ANSWERED = {
    "kind": "consult", "subject": "老年人乘坐公交车优惠如何办理？", "name": "刘建国", "phone": "13600000001",
    "body": "我今年满六十五周岁，想了解在本地办理老年人公交优惠卡需要带哪些材料，到哪里办理。",
    "reply": "您好！年满65周岁的本地户籍老年人，可携带身份证和一寸照片到就近的社区服务中心申请老年人公交卡，"
             "现场受理，十个工作日内制卡完成。感谢您的来信。",
    "office": "民政办", "days_ago": 20, "answered_after": 3,
}
PENDING = {
    "kind": "suggest", "subject": "建议在菜市场门口增设非机动车停放点", "name": "周敏", "phone": "13600000002",
    "body": "菜市场门口早上电动车乱停，行人通行困难，建议划定非机动车停放区域并安排人员引导。", "days_ago": 2,
}
PASSED_UP = {
    "kind": "complain", "subject": "县道路段夜间施工噪音扰民", "name": "吴海", "phone": "13600000003",
    "body": "镇北县道拓宽工程最近每天施工到夜里十一点以后，附近居民无法休息，希望有关部门协调调整施工时间。",
    "reply": "您反映的问题已转交施工单位整改，自即日起夜间22时后停止产生噪音的作业。如仍有扰民情况，请再次来信。",
    "office": "区交通运输局", "days_ago": 12,
}


def _staff(username="interaction-demo", name="值班员"):
    user, _created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": name})
    return user


def _letter(data, received_at, status=Letter.Status.NEW):
    return Letter.objects.create(
        kind=data["kind"], subject=data["subject"], body=data["body"], name=data["name"], phone=data["phone"],
        masked_name=mask_name(data["name"]), consent_public=True, query_digest=querycodes.new_code()[1],
        received_at=received_at, due_date=handling.due_date_for(data["kind"], received_at), status=status)


def _answer(letter, data, user, when):
    handling.draft_reply(letter, data["reply"], data["office"], user, submit=True)
    handling.approve_reply(letter, _staff("interaction-demo-reviewer", "审核员"), now=when)


def build(tenant, home, columns):
    """Runs in the site's schema. `columns`: {slug: Page} of the home page's columns."""
    now = timezone.now()
    column = columns.get("interaction")
    if column is None:  # townships start without the column; the demo gives them one
        from themes.models import ColumnPage

        column = ColumnPage(title="互动交流", slug="interaction", column_type="general", show_in_menus=True)
        home.add_child(instance=column)
        column.save_revision().publish()
    mailbox = MailboxPage(title="领导信箱", slug="mailbox",
                          intro=f"<p>欢迎您给{tenant.name}写信。来信将在7个工作日内答复，个人信息不会公开。</p>")
    column.add_child(instance=mailbox)
    mailbox.save_revision().publish()
    Department.objects.get_or_create(name="党政办公室")
    Department.objects.get_or_create(name=ANSWERED["office"])
    user = _staff()
    received = now - datetime.timedelta(days=ANSWERED["days_ago"])
    _answer(_letter(ANSWERED, received), ANSWERED, user, received + datetime.timedelta(days=ANSWERED["answered_after"]))
    _letter(PENDING, now - datetime.timedelta(days=PENDING["days_ago"]))
    request_page = DisclosureRequestPage(title="依申请公开", slug=slugify("ysqgk"),
                                         intro="<p>公民、法人或者其他组织可以依法申请获取政府信息。</p>")
    column.add_child(instance=request_page)
    request_page.save_revision().publish()
    if tenant.level == "city":
        _city_extras(tenant, column, user, now)


def _city_extras(tenant, column, user, now):
    received = now - datetime.timedelta(days=5)
    item = DisclosureRequest.objects.create(
        requester="郑丽", id_type="resident_id", id_number="110105199001010021", phone="13600000004",
        information="本市2025年度老旧小区改造项目的实施清单", purpose="了解所住小区是否列入改造计划",
        delivery="online", query_digest=querycodes.new_code()[1], received_at=received,
        due_date=disclosure_handling.due_date(received))
    disclosure_handling.register(item, user)
    page = ConsultationPage(
        title="关于《青川市城市绿地养护管理办法（征求意见稿）》公开征求意见的公告", slug="consultation-greenspace",
        intro="<p>为提高城市绿地养护水平，现将征求意见稿全文公布，欢迎社会各界提出意见建议。</p>",
        draft="<p>第一条 为加强城市绿地养护管理，改善人居环境，制定本办法。</p>"
              "<p>第二条 本办法适用于本市城区范围内公园绿地、道路绿地和附属绿地的养护管理。</p>",
        opens_at=now - datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=27))
    column.add_child(instance=page)
    page.save_revision().publish()
    ConsultationComment.objects.create(page=page, masked_name="孙*", body="建议明确社区小游园的养护责任单位。",
                                       status=ConsultationComment.Status.APPROVED)


def build_transfer(township, district):
    """A township letter passed up to its district, which accepted and answered it (both schemas)."""
    from django_tenants.utils import tenant_context

    with tenant_context(township):
        user = _staff()
        letter = _letter(PASSED_UP, timezone.now() - datetime.timedelta(days=PASSED_UP["days_ago"]))
        row = handling.transfer(letter, district, "县道施工由区交通运输局监管", user)
    with tenant_context(district):
        user = _staff()
        accepted = handling.accept_transfer(row, user)
        _answer(accepted, PASSED_UP, user, timezone.now() - datetime.timedelta(days=PASSED_UP["days_ago"] - 4))
