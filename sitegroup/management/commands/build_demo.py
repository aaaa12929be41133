"""Build the demo cluster: a city, two districts, four townships, with content written for the demo.

Running it again reuses what exists: existing sites are kept, content is only added to
sites that have none yet.
"""
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context
from tqdm import tqdm

from sitegroup.demo import content
from tenants import template_schema
from tenants.models import Tenant
from tenants.provisioning import SiteSpec, provision_site

DEMO_ADMIN = "admin"
DEMO_PASSWORD = "sitegroup-demo"


class Command(BaseCommand):
    help = "Create (or complete) the demo cluster and print the URLs to open."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="Port the URLs printed at the end use.")

    def handle(self, *args, port, **options):
        template_schema.assert_ready()
        sites = []
        for data in tqdm(content.SITES, desc="Demo sites", unit="site", file=self.stderr._out):
            tenant = Tenant.objects.filter(slug=data["slug"]).first()
            if tenant is None:
                tenant = provision_site(SiteSpec(**data))
            with tenant_context(tenant), transaction.atomic():
                self.ensure_admin()
                self.ensure_content(tenant)
            connection.set_schema_to_public()
            sites.append(tenant)
        self.print_urls(sites, port)

    def ensure_admin(self):
        User = get_user_model()
        if not User.objects.filter(username=DEMO_ADMIN).exists():
            User.objects.create_superuser(DEMO_ADMIN, "admin@example.cn", DEMO_PASSWORD)

    def ensure_content(self, tenant):
        from wagtail.models import Locale, Page, Site

        from themes.models import ArticlePage

        if ArticlePage.objects.exists():
            return
        home = Site.objects.get(is_default_site=True).root_page.specific
        home.intro = content.HOME_INTRO.format(site=tenant.name)
        home.save_revision().publish()
        now = timezone.now()
        for column_slug, days_ago, title, summary, paragraphs, source in content.ITEMS:
            column = Page.objects.child_of(home).get(slug=column_slug)
            body = "".join(f"<p>{p.format(site=tenant.name)}</p>" for p in paragraphs)
            article = ArticlePage(
                title=title.format(site=tenant.name), summary=summary.format(site=tenant.name),
                body=body, source=source, publish_date=now - datetime.timedelta(days=days_ago, hours=days_ago),
                slug=f"{column_slug}-{days_ago}",
            )
            column.add_child(instance=article)
            article.save_revision().publish()
        if tenant.level == Tenant.Level.CITY:
            english = home.copy_for_translation(Locale.objects.get(language_code="en"))
            english.title = content.CITY_ENGLISH["title"]
            english.intro = content.CITY_ENGLISH["intro"]
            english.save_revision().publish()

    def print_urls(self, sites, port):
        suffix = f":{port}" if port not in ("80", "") else ""
        platform_host = settings.SITEGROUP_PLATFORM_HOSTS[0]
        self.stdout.write(self.style.SUCCESS("\nThe demo cluster is ready. Open:"))
        self.stdout.write(f"  Directory of all sites   http://{platform_host}{suffix}/")
        for tenant in sites:
            self.stdout.write(f"  {tenant.name:<12}{'':<4}http://{tenant.primary_domain_name()}{suffix}/")
        city = sites[0]
        self.stdout.write(f"  English city home        http://{city.primary_domain_name()}{suffix}/en/")
        self.stdout.write(f"  Admin of any site        http://<site>.localhost{suffix}/admin/  "
                          f"(user “{DEMO_ADMIN}”, password “{DEMO_PASSWORD}”)")
