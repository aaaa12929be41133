"""Rich text keeps only the allowed features and safe link schemes: no javascript:, no <script>."""
import json

import pytest
from django.conf import settings
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.rich_text import expand_db_html

pytestmark = pytest.mark.django_db


def contentstate(text, url):
    return json.dumps({
        "blocks": [
            {"key": "a1", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [],
             "entityRanges": [{"offset": 0, "length": 5, "key": 0}]},
            {"key": "a2", "type": "code-block", "depth": 0, "text": "not an allowed feature",
             "inlineStyleRanges": [{"offset": 0, "length": 3, "style": "CODE"}], "entityRanges": []},
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
    })


def stored_html(raw):
    widget = get_rich_text_editor_widget()
    return widget.value_from_datadict({"body": raw}, {}, "body")


def test_the_editor_is_limited_to_the_configured_features():
    widget = get_rich_text_editor_widget()
    assert set(widget.features) == set(settings.WAGTAILADMIN_RICH_TEXT_EDITORS["default"]["OPTIONS"]["features"])
    assert "code" not in widget.features and "embed" not in widget.features


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>"])
def test_unsafe_links_and_script_text_are_never_stored_or_rendered(url):
    html = stored_html(contentstate("click<script>alert(1)</script>", url))
    assert "javascript" not in html.lower() and "vbscript" not in html.lower() and "data:" not in html
    assert "<script" not in html.lower() and "&lt;script&gt;" in html
    assert "<code" not in html and "<pre" not in html  # feature not allowed: dropped
    rendered = str(expand_db_html(html))
    assert "<script" not in rendered.lower() and "javascript:" not in rendered.lower()


def test_safe_links_are_kept():
    html = stored_html(contentstate("hello world", "https://www.gov.cn/"))
    assert '<a href="https://www.gov.cn/">hello</a>' in html
