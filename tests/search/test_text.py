"""Folding, segmentation, query parsing and highlighting: the text rules every backend shares."""
import pytest

from search.analysis import fold, lexemes, tokens
from search.highlight import excerpt, highlight
from search.query import parse


def test_traditional_and_full_width_fold_to_simplified_half_width_of_the_same_length():
    for text, folded in [("一網通辦", "一网通办"), ("ＡＢＣ１２３４５熱線", "abc12345热线"),
                         ("政務服務　中心", "政务服务 中心"), ("Online SERVICES", "online services")]:
        assert fold(text) == folded
        assert len(fold(text)) == len(text)   # offsets in the folded text mark the original's characters


def test_government_terms_stay_whole_and_long_words_carry_their_parts():
    assert "一网通办" in lexemes("推行政务服务一网通办改革")
    assert "集约化" in lexemes("政府网站集约化建设")
    [centre] = tokens("政务服务中心")
    assert centre.lexeme == "政务服务中心" and {"政务服务", "服务", "中心"} <= set(centre.inner)


def test_english_is_stemmed_and_keeps_the_word_as_typed():
    [token] = tokens("Services")
    assert token.lexeme == "servic" and token.inner == ["services"]
    assert lexemes("portals") == lexemes("portal") == ["portal"]


def test_a_query_becomes_groups_with_synonyms_single_characters_and_no_stopwords():
    synonyms = {"医保": ("医保", "医疗保险"), "医疗保险": ("医保", "医疗保险")}
    query = parse("医保的报销", synonyms=synonyms)
    assert [group.text for group in query.groups] == ["医保", "报销"]      # 的 dropped
    phrases = {alt.lexemes for alt in query.groups[0].alternatives}
    assert ("医保",) in phrases and tuple(lexemes("医疗保险")) in phrases
    single = parse("政", synonyms={}).groups[0]
    assert single.single_character and single.weight < 1 and single.alternatives[0].prefix
    assert [g.text for g in parse("the portal", synonyms={}).groups] == ["portal"]
    assert [g.text for g in parse("的", synonyms={}).groups] == ["的"]       # alone, a stopword is kept


def test_synonyms_match_only_on_word_boundaries_of_the_query():
    synonyms = {"社保": ("社保", "社会保险"), "社会保险": ("社保", "社会保险")}
    assert len(parse("社保卡", synonyms=synonyms).groups[0].alternatives) == 1


@pytest.mark.parametrize("query, text, marked, not_marked", [
    ("市长之窗", "市长在市长之窗栏目回复网友，市长表示感谢", ["市长之窗"], ["市长</mark>在"]),
    ("网络问政接地气", "网络问政接地气，不能碰碰运气", ["网络问政接地气"], ["<mark>气</mark>"]),
    ("网络问政接地气", "碰碰运气", [], ["<mark>"]),
    ("让数据多跑路，让群众少跑腿", "改革让数据多跑路，让群众少跑腿。", ["让数据多跑路", "让群众少跑腿"], []),
    ("让数据多跑路，让群众少跑腿", "要把数据用好，服务群众。", ["数据", "群众"], ["<mark>让", "<mark>多"]),
    ("一网通办", "推行「一網通辦」", ["一網通辦"], []),
    ("services", "Online services and a service desk", ["services", "service"], []),
    ("集约", "政府网站集约化建设", ["集约"], ["集约化</mark>"]),
])
def test_whole_terms_are_marked_longest_first_never_stray_characters(query, text, marked, not_marked):
    html = highlight(text, parse(query, synonyms={}))
    for word in marked:
        assert f"<mark>{word}</mark>" in html, html
    for fragment in not_marked:
        assert fragment not in html, html


def test_the_excerpt_is_taken_where_most_query_terms_are():
    text = "开头讲了安全。" + "无关的内容。" * 40 + "这里同时说到安全生产和隐患排查。" + "其他内容。" * 40
    html, marks = excerpt(text, parse("安全生产 隐患排查", synonyms={}), length=40)
    assert "<mark>安全生产</mark>" in html and "<mark>隐患排查</mark>" in html and marks == 2
    assert html.startswith("…")
