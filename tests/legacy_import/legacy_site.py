"""The legacy fixture site (青石镇, written for this project), as a saved folder and as a live server.

The pages are kept in UTF-8 in `legacy_site/`; those listed in `legacy_site/ENCODINGS` are written
out in GB18030 (the superset of GBK/GB2312 they declare, or, for one page, do not declare at all),
and the images and attachments are made here, so the repository holds no binary files.
"""
import io
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image

SOURCE = Path(__file__).parent / "legacy_site"
OTHER_HOST = "http://www.other-host.example.invalid/"


def png(color, size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def materialise(target):
    """Write the fixture site into the folder `target` (as a saved copy of the legacy site)."""
    target = Path(target)
    shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns("ENCODINGS"), dirs_exist_ok=True)
    for line in (SOURCE / "ENCODINGS").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path = target / line.strip()
            path.write_bytes(path.read_text("utf-8").encode("gb18030"))
    files = {
        "picture/0/chungeng.png": png("green"),
        "picture/0/hedao.png": png("blue"),
        "module/download/downfile.jsp?filename=zhishu.pdf": b"%PDF-1.4\n% plan of the tree planting groups\n%%EOF\n",
        # A program saved under a document's name: the upload checks must refuse it.
        "uploads/renyuan.doc": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
    }
    for name, content in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(content)
    return target


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def translate_path(self, path):
        parts = urlsplit(path)
        relative = unquote(parts.path).lstrip("/") or "index.html"
        if parts.query:
            relative += "?" + parts.query
        return str(Path(self.directory) / relative)

    def guess_type(self, path):
        return super().guess_type(str(path).split("?")[0].replace("downfile.jsp", "downfile.pdf"))

    def do_GET(self):
        if self.path == "/redirect-away":
            self.send_response(302)
            self.send_header("Location", OTHER_HOST)
            self.end_headers()
            return
        self.server.requests.append(self.path)
        super().do_GET()


class LegacyServer:
    """The fixture site served on loopback, in a thread; `.url` is its home page."""

    def __init__(self, folder):
        handler = lambda *args, **kwargs: _Handler(*args, directory=str(folder), **kwargs)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.requests = []
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def requests(self):
        return self.httpd.requests

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
