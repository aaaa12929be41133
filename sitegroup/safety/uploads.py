"""Upload checks for Wagtail images and documents: size, and type by content, never by name.

Images: Wagtail's image field already refuses files whose content is not the image format
their extension names, checks WAGTAILIMAGES_MAX_UPLOAD_SIZE, and refuses more pixels than
WAGTAILIMAGES_MAX_IMAGE_PIXELS (40 MP here, below Pillow's ~89 MP bomb warning) by reading
only the header. SafeImageForm adds: no SVG/markup in any disguise, and a full decode
under Pillow's own bomb guard for formats whose header Wagtail cannot size.

Documents: Wagtail checks only the extension (WAGTAILDOCS_EXTENSIONS). SafeDocumentForm
checks the size and that the bytes are what the extension says (PDF, OOXML/ODF zip, OLE2,
RTF, plain text), and refuses markup (HTML, SVG, XML with scripts) and executables whatever
they are called.
"""
import io
import re
import zipfile

import filetype
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

SNIFF_BYTES = 8192
MARKUP = re.compile(rb"<\s*(script|svg|html|!doctype\s+html|iframe|object|embed|body|\?xml)\b|javascript:",
                    re.IGNORECASE)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"#!")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")

# What the bytes of each allowed extension must look like.
OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp", "key", "ofd", "zip"}
OLE_BASED = {"doc", "xls", "ppt", "wps"}
TEXT_BASED = {"txt", "csv"}


def _read_head(uploaded):
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    return head


def _refuse(message):
    raise forms.ValidationError(message, code="file_type_mismatch")


def looks_like_markup(head):
    return bool(MARKUP.search(head[:SNIFF_BYTES]))


def check_document(uploaded):
    name = uploaded.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = settings.SITEGROUP_MAX_DOCUMENT_SIZE
    if uploaded.size is not None and uploaded.size > limit:
        raise forms.ValidationError(
            _("This file is too big (%(size)s). The largest document allowed is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}, code="file_too_large")
    head = _read_head(uploaded)
    if not head:
        _refuse(_("This file is empty."))
    if head.startswith(EXECUTABLE_MAGIC):
        _refuse(_("Programs and scripts cannot be uploaded."))
    mismatch = _("The content of “%(name)s” is not a .%(ext)s file; rename it only if it really is one.") % {
        "name": name, "ext": extension}
    if extension == "pdf":
        if not head.lstrip()[:5] == b"%PDF-":
            _refuse(mismatch)
    elif extension in ZIP_BASED:
        if not head.startswith(ZIP):
            _refuse(mismatch)
        _check_zip(uploaded, extension, mismatch)
    elif extension in OLE_BASED:
        if not head.startswith(OLE2):
            # WPS and newer Office formats may also be zip-based.
            if not (extension == "wps" and head.startswith(ZIP)):
                _refuse(mismatch)
    elif extension == "rtf":
        if not head.startswith(b"{\\rtf"):
            _refuse(mismatch)
    elif extension in TEXT_BASED:
        if filetype.guess(head) is not None or b"\x00" in head:
            _refuse(mismatch)
        if looks_like_markup(head):
            _refuse(_("Web pages, SVG and scripts cannot be uploaded as text files."))
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
                break
            except UnicodeDecodeError as error:
                if error.start > len(head) - 4:  # cut in the middle of a character
                    break
        else:
            _refuse(mismatch)
    else:
        _refuse(_("Files of type .%(ext)s cannot be uploaded.") % {"ext": extension or "?"})


def _check_zip(uploaded, extension, mismatch):
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse(mismatch)
    finally:
        uploaded.seek(0)
    if total > 20 * settings.SITEGROUP_MAX_DOCUMENT_SIZE:
        _refuse(_("This archive would unpack to more than %(limit)s.")
                % {"limit": filesizeformat(20 * settings.SITEGROUP_MAX_DOCUMENT_SIZE)})
    if extension in OOXML and not ("[Content_Types].xml" in names
                                   and any(n.startswith(OOXML[extension]) for n in names)):
        _refuse(mismatch)
    if extension in {"odt", "ods", "odp"} and "mimetype" not in names:
        _refuse(mismatch)


class SafeDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "read") and not getattr(uploaded, "_committed", False):
            check_document(uploaded)
        return uploaded


class SafeImageForm(BaseImageForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "read") and not getattr(uploaded, "_committed", False):
            head = _read_head(uploaded)
            if looks_like_markup(head):
                _refuse(_("SVG and web pages cannot be uploaded as images: scripts inside them could run."))
            _check_pixels(uploaded)
        return uploaded


def _check_pixels(uploaded):
    """Refuse images whose pixel count (times frames) is over the limit, from the header only."""
    from PIL import Image as PILImage

    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    refusal = forms.ValidationError(
        _("This image has too many pixels (a decompression bomb?); the limit is %(limit)s million pixels.")
        % {"limit": limit // 1_000_000}, code="file_too_many_pixels")
    uploaded.seek(0)
    try:
        with PILImage.open(io.BytesIO(uploaded.read())) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
    except PILImage.DecompressionBombError:
        raise refusal from None
    except Exception:
        return  # not decodable: Wagtail's own field check reports the format error
    finally:
        uploaded.seek(0)
    if width * height > limit or width * height * frames > 4 * limit:
        raise refusal
