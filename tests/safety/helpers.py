"""Publishing article pages on a test site, as an editor would (revision, publish)."""
from django_tenants.utils import tenant_context
from wagtail.models import Page

from themes.models import ArticlePage

INJECTED = "<p>本镇召开春季农业生产工作会议，鸿运88娱乐城注册送38元彩金，要求各村抓紧春耕备耕。</p>"
CLEAN = "<p>本镇召开春季农业生产工作会议，要求各村抓紧春耕备耕，确保粮食播种面积稳定。</p>"


def publish_article(site, title, body, slug=None):
    with tenant_context(site):
        news = Page.objects.get(depth=3, slug="news")
        page = news.add_child(instance=ArticlePage(title=title, slug=slug or f"a{abs(hash(title)) % 10**8}", body=body))
        page.save_revision().publish()
        page.refresh_from_db()
        return page
