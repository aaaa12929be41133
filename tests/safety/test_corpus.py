"""The quality bar on the labelled corpus (tests/safety/corpus): recall ≥ 95 %, false positives ≤ 2 %,
on the part the detector was tuned on and on the held-out part written after it."""
from collections import Counter
from pathlib import Path

import pytest

from sitegroup.safety.detector import Context, detect, detect_text
from sitegroup.safety.evaluation import evaluate, load
from sitegroup.safety.lexicon import shipped

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_recall_and_false_positive_rate(part):
    result = evaluate(part, load(CORPUS / f"{part}.yaml"), shipped())
    assert result.recall >= 0.95, (result.line(), result.missed)
    assert result.false_positive_rate <= 0.02, (result.line(), result.wrongly_flagged)


def test_the_corpus_covers_the_categories_and_evasions_it_must():
    samples = load(CORPUS / "dev.yaml") + load(CORPUS / "heldout.yaml")
    labels = Counter(s.label for s in samples)
    assert labels["spam"] >= 60 and labels["clean"] >= 60
    assert len({s.id for s in samples}) == len(samples)
    spam_tags = Counter(tag for s in samples if s.label == "spam" for tag in s.tags)
    for tag in ("traditional", "pipe-stuffing", "title-only", "mid-sentence", "hidden-link", "inserted-symbols",
                "unknown-brand", "digits-letters", "letters-digits"):
        assert spam_tags[tag] or spam_tags[tag.replace("-", "_")] or any(tag in t for t in spam_tags), tag
    categories = Counter(s.category for s in samples if s.label == "spam")
    assert {"gambling", "lottery", "porn", "fraud", "seo"} <= set(categories)
    clean_tags = Counter(tag for s in samples if s.label == "clean" for tag in s.tags)
    for tag in ("sports", "lottery-admin", "anti-gambling", "english"):
        assert clean_tags[tag] >= 5, tag


def test_a_finding_says_what_where_and_quotes_the_original():
    text = "本镇召开春季农业生产工作会议，鸿運８８娛樂城注 册 送彩金，要求抓紧春耕。"
    finding = detect_text(text, Context(lexicon=shipped()))[0]
    assert (finding.rule, finding.category, finding.severity, finding.part) == ("spam_text", "gambling", "high", "text")
    assert text[finding.start:finding.end] == finding.matched and finding.matched.startswith("鸿運８８娛樂城")
    assert finding.before.endswith("会议，") and finding.after.startswith("，要求")
    assert finding.excerpt in text


def test_detect_tells_html_from_text():
    lexicon = shipped()
    assert detect("<p>正文</p><div hidden><a href='http://x.example/'>百家乐</a></div>",
                  Context(lexicon=lexicon))[0].rule == "hidden_link"
    as_text = detect("规则：a < b 且 b > c，百家乐注册送彩金", Context(lexicon=lexicon))
    assert [(f.rule, f.part) for f in as_text] == [("spam_text", "text")]
    assert detect("<p>a &lt; b</p>", Context(lexicon=lexicon)) == []


def test_a_collapsed_menu_of_government_links_is_not_a_hidden_link():
    menu = ('<ul hidden><li><a href="https://www.gov.cn/">中国政府网</a></li>'
            '<li><a href="http://www.zj.gov.cn/">省政府</a></li></ul>')
    assert detect(menu, Context(lexicon=shipped())) == []
    assert detect(menu.replace("www.zj.gov.cn", "zj-gov.cn.hy88.example"), Context(lexicon=shipped()))
