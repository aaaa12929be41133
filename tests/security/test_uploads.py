"""Bad uploads are refused with a reason, and nothing is stored: no row, no file."""
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from sitegroup.identity.models import Role
from sitegroup.safety.uploads import check_document
from tests.identity.helpers import enter, login, make_account

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                   b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>')


def png(width=8, height=8, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width, height):
    """A few hundred bytes that claim width × height pixels (1-bit grey, all zero)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    raw = zlib.compress(row * 64, 9)  # only the first rows: a decoder would still allocate everything
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + png_chunk(b"IDAT", raw) + png_chunk(b"IEND", b""))


@pytest.fixture
def editor(cluster):
    make_account("uploader", grants={cluster.peach: Role.EDITOR})
    return enter(login("uploader"), cluster.peach)


def stored_files(site, folder):
    path = Path(settings.MEDIA_ROOT) / site.schema_name / folder
    return sorted(p.name for p in path.rglob("*") if p.is_file()) if path.exists() else []


def assert_nothing_stored(site, model, folder, before_files):
    with tenant_context(site):
        assert model.objects.count() == 0
    assert stored_files(site, folder) == before_files


def upload_image(client, name, content):
    return client.post("/admin/images/add/", {"title": "测试", "file": SimpleUploadedFile(name, content)})


def upload_document(client, name, content):
    return client.post("/admin/documents/add/", {"title": "测试", "file": SimpleUploadedFile(name, content)})


def test_a_good_image_and_document_are_accepted(cluster, editor):
    response = upload_image(editor, "ok.png", png())
    assert response.status_code == 302, response.content.decode()[:3000]
    response = upload_document(editor, "ok.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(cluster.peach):
        assert Image.objects.count() == 1 and Document.objects.count() == 1


@pytest.mark.parametrize("name,content,reason", [
    ("big.png", None, "file_too_large"),
    ("bomb.png", "50mp", "file_too_many_pixels"),
    ("mega-bomb.png", "400mp", "file_too_many_pixels"),
    ("logo.svg", SVG_WITH_SCRIPT, "invalid_image_extension"),
    ("logo.png", SVG_WITH_SCRIPT, "invalid_image_known_format"),
    ("photo.jpg", png(), "invalid_image_known_format"),
])
def test_bad_images_are_refused_and_nothing_is_stored(cluster, editor, settings, name, content, reason):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50_000
    if content is None:
        content = png(400, 400, "RGB")
        noise = PILImage.frombytes("RGB", (400, 400), bytes(range(256)) * 1875)
        buffer = io.BytesIO()
        noise.save(buffer, "PNG", compress_level=0)
        content = buffer.getvalue()
        assert len(content) > 50_000
    elif content == "50mp":
        content = png(10_000, 5_000, "1")  # 50 MP: above our 40 MP limit, below Pillow's bomb warning
        assert len(content) < 50_000
    elif content == "400mp":
        content = bomb_png(20_000, 20_000)  # Pillow itself would call this a bomb
    before = stored_files(cluster.peach, "original_images")
    response = upload_image(editor, name, content)
    assert response.status_code == 200  # the form again, with the reason
    errors = response.context["form"].errors.as_data()["file"]
    assert reason in [e.code for e in errors], errors
    message = " ".join(str(m) for e in errors for m in e.messages)
    assert message and message in response.content.decode()  # shown to the editor
    assert_nothing_stored(cluster.peach, Image, "original_images", before)


@pytest.mark.parametrize("name,content", [
    ("report.pdf", SVG_WITH_SCRIPT),                          # SVG calling itself a PDF
    ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),       # a Windows program
    ("notes.txt", b"<html><body><script>alert(1)</script></body></html>"),
    ("notes.txt", png()),                                     # binary image called text
    ("table.xlsx", b"PK\x03\x04" + b"\x00" * 60),             # not a real workbook
    ("letter.doc", b"%PDF-1.4 pretending to be Word"),
    ("drawing.svg", SVG_WITH_SCRIPT),                        # not an allowed type at all
    ("page.html", b"<html></html>"),
])
def test_documents_whose_content_is_not_what_the_name_says_are_refused(cluster, editor, name, content):
    before = stored_files(cluster.peach, "documents")
    response = upload_document(editor, name, content)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    message = " ".join(str(m) for e in errors for m in e.messages)
    assert message and message in response.content.decode()
    assert_nothing_stored(cluster.peach, Document, "documents", before)


def test_document_refusals_say_why(english):
    with pytest.raises(Exception) as error:
        check_document(SimpleUploadedFile("report.pdf", SVG_WITH_SCRIPT))
    assert "is not a .pdf file" in str(error.value)
    with override_settings(SITEGROUP_MAX_DOCUMENT_SIZE=100), pytest.raises(Exception) as error:
        check_document(SimpleUploadedFile("big.txt", b"a" * 101))
    assert "too big" in str(error.value)


def test_oversized_document_is_refused_and_nothing_stored(cluster, editor, settings):
    settings.SITEGROUP_MAX_DOCUMENT_SIZE = 1000
    before = stored_files(cluster.peach, "documents")
    response = upload_document(editor, "big.txt", b"x" * 1001)
    assert response.status_code == 200
    assert_nothing_stored(cluster.peach, Document, "documents", before)


def test_a_stored_svg_would_be_served_as_an_inert_download(cluster, site_client):
    """Defence in depth: even an SVG that got into the media folder cannot run its script."""
    folder = Path(settings.MEDIA_ROOT) / cluster.peach.schema_name / "stray"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.svg").write_bytes(SVG_WITH_SCRIPT)
    response = site_client(cluster.peach).get(f"/media/{cluster.peach.schema_name}/stray/x.svg")
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["Content-Disposition"] == "attachment"
