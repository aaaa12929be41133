"""Building blocks for the syndication tests: a demo-shaped cluster, published items, site users."""
import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page

from sitegroup.demo import content
from syndication.models import SyndicationSettings
from tenants.models import Tenant
from tenants.provisioning import SiteSpec, provision_site
from themes.models import ArticlePage, NoticePage


def provision_demo_sites():
    """The seven sites of the demo cluster (no content): {slug: Tenant}. Rolled back with the test."""
    sites = {}
    for data in content.SITES:
        sites[data["slug"]] = Tenant.objects.filter(slug=data["slug"]).first() or provision_site(SiteSpec(**data))
    return sites


_serial = itertools.count(1)


def column(slug):
    return Page.objects.get(slug=slug, depth=3).specific


def publish_item(tenant, title, body, *, model=NoticePage, column_slug="notices", **fields):
    """A published item of `tenant` (the page, refreshed), made the way an editor would."""
    with tenant_context(tenant):
        fields.setdefault("slug", f"item-{next(_serial)}")
        page = model(title=title, body=body, publish_date=timezone.now() - datetime.timedelta(minutes=5),
                     **fields)
        column(column_slug).add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page


def publish_article(tenant, title, body, **fields):
    return publish_item(tenant, title, body, model=ArticlePage, column_slug="news", **fields)


def republish(tenant, page, **changes):
    with tenant_context(tenant):
        page = Page.objects.get(pk=page.pk).specific
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page


def standing_rule(tenant, receive_as, after_receiving="publish"):
    with tenant_context(tenant):
        rule = SyndicationSettings.load()
        rule.receive_as, rule.after_receiving = receive_as, after_receiving
        rule.save()


def site_user(tenant, username, *, superuser=False, groups=("Editors",)):
    """A local user of `tenant` (superuser, or in Wagtail's default groups)."""
    with tenant_context(tenant):
        User = get_user_model()
        if superuser:
            return User.objects.create_superuser(username, f"{username}@example.cn", "pw-Syndication-1")
        user = User.objects.create_user(username, f"{username}@example.cn", "pw-Syndication-1", is_staff=False)
        user.groups.set(Group.objects.filter(name__in=groups))
        return user


def png_image(tenant, title="地图", color="red"):
    with tenant_context(tenant):
        buffer = io.BytesIO()
        PILImage.new("RGB", (30, 20), color).save(buffer, "PNG")
        return Image.objects.create(title=title, file=ImageFile(buffer, name="map.png"))
