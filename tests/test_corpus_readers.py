"""Files and records turned into raw documents (toolkit.corpus.readers): decoding, page furniture, headlines
and captions, front matter, record files, and titles made from the first words."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit as tk
from toolkit.corpus.readers import (SkipFile, decode, find_sections, parse_records, split_front_matter,
                                    strip_boilerplate, title_from_text)


def test_decoding_reads_utf16_with_its_mark_and_refuses_binary_bytes():
    assert decode("Café in Phnom Penh".encode("utf-16")) == "Café in Phnom Penh"
    assert decode(b"\xef\xbb\xbfHeadline") == "Headline"  # the UTF-8 mark is not text
    with pytest.raises(SkipFile, match="binary file"):
        decode(b"PK\x03\x04\x00\x00 zipped")


def test_page_furniture_is_dropped_at_the_edges_only():
    page = ("Skip to main content\nMenu\n\nReal news here.\nSearch stays in the middle.\n\n\n\nSecond.\n\n"
            "Advertisement\n© 2017 Wire")
    assert strip_boilerplate(page) == "Real news here.\nSearch stays in the middle.\n\nSecond."


def test_a_short_first_line_is_the_headline_and_credited_paragraphs_are_captions():
    text = "Storm Hits Coast\n\nThe storm hit.\n\nA man walks (AP Photo/John Doe)\n\nFILE - an old picture."
    assert find_sections(text, None) == ({0: "headline", 2: "caption", 3: "caption"}, "Storm Hits Coast")
    assert find_sections(text, "Another Title")[0] == {2: "caption", 3: "caption"}  # not the given title
    assert find_sections("The storm hit the coast.\n\nBody.", None) == ({}, None)  # a sentence, not a headline


def test_front_matter_gives_the_metadata_and_anything_but_a_mapping_is_refused():
    assert split_front_matter("---\ntitle: Bee\npublished: 2019-05-01\n---\nBody") == (
        {"title": "Bee", "published": dt.date(2019, 5, 1)}, "Body")
    assert split_front_matter("No front matter.\n---\n") == ({}, "No front matter.\n---\n")
    with pytest.raises(SkipFile, match="not a mapping"):
        split_front_matter("---\n- a list\n---\nBody")


def test_records_come_from_every_json_shape_and_broken_lines_are_problems():
    assert parse_records('{"articles": [{"text": "x"}]}', ".json") == ([{"text": "x"}], [])
    assert parse_records('{"text": "x"}', ".json") == ([{"text": "x"}], [])
    records, problems = parse_records('{"text": "x"}\n\n{broken\n', ".jsonl")
    assert records == [{"text": "x"}] and problems[0].startswith("line 3: broken JSON")
    assert parse_records("id,text\n1,Hello\n", ".csv") == ([{"id": "1", "text": "Hello"}], [])
    with pytest.raises(SkipFile, match="no 'text' column"):
        parse_records("id,body\n1,Hello\n", ".csv")


@given(st.text(alphabet="ab ,.-", max_size=200), st.integers(1, 12), st.integers(5, 60))
def test_a_title_from_text_is_its_first_words_cut_with_an_ellipsis(text, words, max_chars):
    title = title_from_text(text, words=words, max_chars=max_chars)
    whole = " ".join(text.split())
    assert whole.startswith(title.removesuffix("…"))
    assert title.endswith("…") == (title.removesuffix("…") != whole)  # "…" only where words were cut
    assert len(title) <= max_chars + 1


def test_legacy_encodings_and_bom(tmp_path, load_quiet):
    (tmp_path / "bom.txt").write_bytes("\ufeffHeadline\n\nCafé in Phnom Penh.".encode("utf-8"))
    (tmp_path / "latin.txt").write_bytes("Headline\n\nThe café’s owner said “hello” to the crowd. Déjà vu for the naïve reporters, again and again.".encode("cp1252"))
    corpus, problems = load_quiet(tmp_path, cache=False)
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["bom", "text"].startswith("Headline")
    assert "café’s owner said “hello”" in docs.loc["latin", "text"]
    assert problems == []


def test_an_untitled_article_is_named_by_its_first_words_not_its_id(tmp_path, make_corpus):
    (tmp_path / "20170908-raid.txt").write_text(
        "Police raided the offices of the Cambodia Daily on Monday, and witnesses said dozens were held.\n\n"
        "More text.\n", encoding="utf-8")
    (tmp_path / "titled.md").write_text("---\ntitle: Real Headline\n---\nThe body.\n", encoding="utf-8")
    docs = tk.load_corpus(tmp_path, cache=False).documents.set_index("doc_id")
    assert docs.loc["20170908-raid", "title"] == "Police raided the offices of the Cambodia Daily on Monday…"
    assert docs.loc["20170908-raid", "title_from_text"]
    assert docs.loc["titled", "title"] == "Real Headline" and not docs.loc["titled", "title_from_text"]
    tk.validate(docs.reset_index(), "documents")

    records = make_corpus({"id": "r1", "text": "Short note."}, {"id": "r2", "text": "Headline\n\nBody."}).documents
    assert records["title"].tolist() == ["Short note.", "Headline"]
    assert records["title_from_text"].tolist() == [True, False]  # a headline line is a real title


@pytest.mark.parametrize("max_chars", [8, 20, 33, 34, 80])
def test_a_title_from_text_keeps_its_ellipsis_within_the_length(max_chars):
    text = "Police raided the offices of the newspaper on Monday, witnesses said."
    title = title_from_text(text, words=6, max_chars=max_chars)
    assert len(title) <= max_chars and title.endswith("…") and text.startswith(title[:-1].rstrip())
