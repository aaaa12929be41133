"""Files in a login- or password-restricted collection are not served by their /media/ URL to
people the collection's view restriction refuses: in development (Django sends the file) and in
production (Django answers with X-Accel-Redirect and nginx sends it)."""
import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from sitegroup.identity.models import Role
from tests.identity.helpers import enter, login, make_account

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4 internal budget draft"


@dataclass
class Files:
    document: str  # media URLs
    image: str
    rendition: str
    password_document: str
    public_document: str
    public_image: str
    document_view: str
    password_restriction_id: int


def _png(colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer


@pytest.fixture
def files(cluster):
    with tenant_context(cluster.peach):
        root = Collection.get_first_root_node()
        internal = root.add_child(name="内部资料")
        CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
        # a sub-collection inherits the restriction of its parent
        drafts = internal.add_child(name="草稿")
        protected = root.add_child(name="密码资料")
        password = CollectionViewRestriction.objects.create(
            collection=protected, restriction_type=CollectionViewRestriction.PASSWORD, password="river-bank-7")
        document = Document.objects.create(title="内部预算", collection=drafts,
                                           file=ContentFile(SECRET, name="budget.pdf"))
        image = Image.objects.create(title="内部图", collection=internal,
                                     file=ImageFile(_png("red"), name="plan.png"))
        rendition = image.get_rendition("fill-4x4")
        password_document = Document.objects.create(title="密码文件", collection=protected,
                                                    file=ContentFile(SECRET, name="minutes.pdf"))
        public_document = Document.objects.create(title="公开", file=ContentFile(b"%PDF-1.4 open", name="open.pdf"))
        public_image = Image.objects.create(title="公开图", file=ImageFile(_png("blue"), name="open.png"))
        return Files(document=document.file.url, image=image.file.url, rendition=rendition.file.url,
                     password_document=password_document.file.url, public_document=public_document.file.url,
                     public_image=public_image.file.url, document_view=document.url,
                     password_restriction_id=password.pk)


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_refused(response):
    """The login redirect, or (a password collection) Wagtail's password form: never the file."""
    assert "X-Accel-Redirect" not in response
    assert SECRET not in _body(response)
    if response.status_code == 200:
        assert "/documents/authenticate_with_password/" in response.content.decode()
    else:
        assert response.status_code == 302 and "/login/" in response["Location"], response.status_code
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("production", [False, True], ids=["dev-serving", "x-accel-redirect"])
def test_restricted_files_are_refused_to_anonymous_visitors(cluster, files, settings, production):
    settings.SITEGROUP_MEDIA_ACCEL_PREFIX = "/_protected_media" if production else ""
    anonymous = Client(HTTP_HOST=cluster.peach.primary_domain_name())
    for url in (files.document, files.image, files.rendition, files.password_document):
        assert url.startswith(f"/media/{cluster.peach.schema_name}/")
        assert_refused(anonymous.get(url))
    # Wagtail's own document view asks for login too (it always did)
    assert anonymous.get(files.document_view).status_code == 302
    # public files are served as before
    for url in (files.public_document, files.public_image):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        if production:
            assert response["X-Accel-Redirect"] == "/_protected_media" + url.removeprefix("/media")
        else:
            assert _body(response)


@pytest.mark.parametrize("production", [False, True], ids=["dev-serving", "x-accel-redirect"])
def test_signed_in_staff_get_restricted_files_and_no_shared_cache_keeps_them(cluster, files, settings, production):
    settings.SITEGROUP_MEDIA_ACCEL_PREFIX = "/_protected_media" if production else ""
    make_account("zhou", grants={cluster.peach: Role.EDITOR})
    staff = enter(login("zhou"), cluster.peach)
    for url in (files.document, files.image, files.rendition):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"]
        if production:
            assert response["X-Accel-Redirect"] == "/_protected_media" + url.removeprefix("/media")
        elif url == files.document:
            assert _body(response) == SECRET
    # the password collection still wants its password, even from staff
    assert staff.get(files.password_document).status_code == 200
    assert SECRET not in _body(staff.get(files.password_document))


def test_a_password_collection_serves_its_files_after_the_password(cluster, files):
    visitor = Client(HTTP_HOST=cluster.peach.primary_domain_name())
    response = visitor.get(files.password_document)
    assert response.status_code == 200 and SECRET not in _body(response)
    assert f"/documents/authenticate_with_password/{files.password_restriction_id}/" in response.content.decode()
    response = visitor.post(f"/documents/authenticate_with_password/{files.password_restriction_id}/",
                            {"password": "river-bank-7", "return_url": files.password_document})
    assert response.status_code == 302 and response["Location"] == files.password_document
    assert _body(visitor.get(files.password_document)) == SECRET


def test_another_sites_host_never_serves_the_files(cluster, files):
    other = Client(HTTP_HOST=cluster.willow.primary_domain_name())
    for url in (files.document, files.public_document):
        assert other.get(url).status_code == 404
