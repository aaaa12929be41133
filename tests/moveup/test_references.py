"""Reference rewriting on its own: rich text and StreamField data (block definitions, no page type)."""
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock

from tenants.moveup.references import IdMaps, rewrite_richtext, rewrite_stream


def maps():
    m = IdMaps()
    m.pages, m.images, m.documents = {3: 103, 4: 104}, {7: 207}, {9: 309}
    return m


def test_rich_text_links_and_embeds_follow_the_map_and_unknown_targets_are_neutralised():
    m = maps()
    html = ('<p><a id="3" linktype="page">a</a> <a linktype="page" id="99">gone</a> '
            '<a linktype="document" id="9">d</a> <a href="https://gov.cn/?id=3">ext</a></p>'
            '<embed embedtype="image" format="left" id="7" alt="x"/><embed embedtype="image" id="8"/>')
    out = rewrite_richtext(html, m)
    assert '<a id="103" linktype="page">a</a>' in out
    assert "<a>gone</a>" in out and 'id="99"' not in out
    assert '<a linktype="document" id="309">d</a>' in out
    assert 'href="https://gov.cn/?id=3"' in out
    assert '<embed embedtype="image" format="left" id="207" alt="x"/>' in out and 'id="8"' not in out
    assert m.dangling == 2


def test_stream_field_choosers_rich_text_and_lists_are_rewritten():
    field = StreamField([
        ("card", blocks.StructBlock([("page", blocks.PageChooserBlock()), ("image", ImageChooserBlock()),
                                     ("text", blocks.RichTextBlock())])),
        ("files", blocks.ListBlock(DocumentChooserBlock())),
        ("plain", blocks.CharBlock()),
    ])
    raw = [
        {"type": "card", "id": "a", "value": {"page": 4, "image": 7, "text": '<a linktype="page" id="3">x</a>'}},
        {"type": "files", "id": "b", "value": [{"type": "item", "id": "c", "value": 9}]},
        {"type": "plain", "id": "d", "value": "id=3"},
    ]
    out = rewrite_stream(field, raw, maps())
    assert out[0]["value"] == {"page": 104, "image": 207, "text": '<a linktype="page" id="103">x</a>'}
    assert out[1]["value"][0]["value"] == 309
    assert out[2]["value"] == "id=3"
    # Revisions keep StreamField data as a JSON string: rewritten the same way.
    import json

    as_text = rewrite_stream(field, json.dumps([{"type": "files", "id": "b", "value": [9]}]), maps())
    assert json.loads(as_text)[0]["value"] == [309]
