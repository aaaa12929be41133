"""The site tree: city → districts → townships, enforced with clear messages."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tenants.models import Tenant
from tenants.provisioning import SiteSpec, build_tenant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def messages_of(spec):
    with pytest.raises(ValidationError) as excinfo:
        build_tenant(spec)
    return excinfo.value.message_dict


def test_valid_specs_pass(cluster):
    build_tenant(SiteSpec(slug="newcity", name="新市", level="city"))
    build_tenant(SiteSpec(slug="newdistrict", name="新区", level="district", parent="testcity"))
    build_tenant(SiteSpec(slug="newtown", name="新镇", level="township", parent="east"))


def test_a_city_has_no_parent(cluster):
    assert messages_of(SiteSpec(slug="c2", name="x", level="city", parent="testcity")) == {
        "parent": ["A city site has no parent site."]}


def test_a_district_needs_a_city_parent(cluster):
    assert "needs a parent" in messages_of(SiteSpec(slug="d2", name="x", level="district"))["parent"][0]
    message = messages_of(SiteSpec(slug="d2", name="x", level="district", parent="east"))["parent"][0]
    assert "must be a City site" in message and "东区人民政府" in message


def test_a_township_needs_a_district_parent(cluster):
    assert "needs a parent" in messages_of(SiteSpec(slug="t2", name="x", level="township"))["parent"][0]
    message = messages_of(SiteSpec(slug="t2", name="x", level="township", parent="testcity"))["parent"][0]
    assert "must be a District / county site" in message


def test_a_township_cannot_have_children(cluster):
    message = messages_of(SiteSpec(slug="village", name="x", level="township", parent="peach"))["parent"][0]
    assert "must be a District / county site" in message and "Township" in message


def test_changing_a_level_that_would_orphan_children_is_refused(cluster):
    cluster.east.level = Tenant.Level.TOWNSHIP
    cluster.east.parent = cluster.west
    with pytest.raises(ValidationError) as excinfo:
        cluster.east.full_clean()
    assert "cannot have sites below it" in str(excinfo.value)


def test_unknown_parent_and_bad_slug_and_domain_are_reported_together(cluster):
    errors = messages_of(SiteSpec(slug="Bad Slug", name="x", level="township", parent="nowhere",
                                  domains=["http://x.cn/"]))
    assert "No site with slug “nowhere”" in errors["parent"][0]
    assert "not a valid site slug" in errors["slug"][0]
    assert "not a valid domain" in errors["domains"][0]


def test_duplicate_slug_and_domain_are_refused(cluster):
    errors = messages_of(SiteSpec(slug="peach", name="x", level="township", parent="east",
                                  domains=["willow.localhost"]))
    assert "slug" in errors and "domains" in errors


def test_reserved_slug_and_platform_host_are_refused(cluster):
    errors = messages_of(SiteSpec(slug="admin", name="x", level="city", domains=["platform.localhost"]))
    assert "reserved" in errors["slug"][0]
    assert "platform's own host" in errors["domains"][0]


def test_the_database_refuses_a_parentless_district_even_without_clean(cluster):
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.create(slug="rogue", name="x", level="district", schema_name="site_rogue")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.create(slug="rogue2", name="x", level="city", parent=cluster.city,
                              schema_name="site_rogue2")


def test_messages_are_in_chinese_by_default(cluster):
    from django.utils import translation

    with translation.override("zh-hans"):
        message = messages_of(SiteSpec(slug="t3", name="x", level="township", parent="testcity"))["parent"][0]
    assert message == "乡镇街道级站点的上级必须是区县级站点；“测试市人民政府”是市级站点。"
