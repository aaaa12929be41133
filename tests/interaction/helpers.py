"""Mailbox, request and consultation pages on test sites, and form posts the way a person sends them."""
import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from interaction import abuse
from interaction.models import ConsultationPage, DisclosureRequestPage, MailboxPage
from themes.models import HomePage

LETTER = {"kind": "consult", "subject": "小区路灯不亮",
          "body": "幸福路12号小区门口的路灯坏了一个月，晚上出行不便，请尽快修复。",
          "name": "张三丰", "phone": "13912345678", "email": "zhang@example.cn", "consent_public": "on"}


def home(tenant):
    with tenant_context(tenant):
        return HomePage.objects.get()


def add_page(tenant, page_class, **fields):
    with tenant_context(tenant):
        page = page_class(**fields)
        parent = HomePage.objects.get()
        parent.add_child(instance=page)
        page.save_revision().publish()
        return Page.objects.get(pk=page.pk).specific


def mailbox(tenant, slug="mailbox"):
    return add_page(tenant, MailboxPage, title="领导信箱", slug=slug)


def request_page(tenant):
    return add_page(tenant, DisclosureRequestPage, title="依申请公开", slug="ysqgk")


def consultation(tenant, opens=-5, closes=5, **fields):
    now = timezone.now()
    return add_page(tenant, ConsultationPage, title="关于修订停车管理办法的意见征集", slug="consultation",
                    draft="<p>第一条 为规范停车管理……</p>", opens_at=now + datetime.timedelta(days=opens),
                    closes_at=now + datetime.timedelta(days=closes), **fields)


def filled(data=None, seconds_ago=60, **changes):
    """Form data with a token issued `seconds_ago` (people take a while to write)."""
    token = abuse.new_form_token(timezone.now() - datetime.timedelta(seconds=seconds_ago))
    return {**(data or LETTER), "form_token": token, "website": "", **changes}


def zh(message, **params):
    """A message as the site shows it (public pages are served in Simplified Chinese)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text
