"""The HTML the toolkit renders (toolkit.widgets.html): aligned KWIC lines, escaped text, row limits."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.widgets.html import documents_html


def test_kwic_html_escapes_document_text(make_corpus):
    corpus = make_corpus("Beware <script>alert('x')</script> of the script & co.")
    html = tk.kwic_html(tk.kwic(corpus, "script"))
    assert "<script>" not in html
    assert "Beware &lt;" in html and "&lt;/script&gt; of the" in html
    assert html.count("<mark>") == 3
    assert "&amp;" in html


def test_kwic_html_limits_rows_and_rejects_other_tables(seed):
    html = tk.kwic_html(tk.kwic(seed, "Cambodia"), max_rows=3)
    assert html.count("<tr>") == 3 and "Showing 3 of" in html
    assert "No matches" in tk.kwic_html(tk.kwic(seed, "zebra"))
    with pytest.raises(ValueError, match="missing columns"):
        tk.kwic_html(seed.documents)


def test_documents_table_escapes_text():
    docs = pd.DataFrame({
        "doc_id": ["x"], "title": ["<script>alert(1)</script>"], "published": pd.to_datetime([None]),
        "source": [""], "n_sentences": [1], "n_tokens": [3],
    })
    assert "<script>" not in documents_html(docs) and "&lt;script&gt;" in documents_html(docs)


# ---- the reader

def _reader_doc(text, **extra):
    return {"doc_id": "d1", "title": "A title", "published": pd.Timestamp("2021-02-03"), "source": "wire",
            "url": "https://example.org/a", "text": text, **extra}


def test_reader_marks_nest_and_every_piece_of_text_is_escaped():
    from toolkit.widgets.html import reader_html

    text = 'Ana Reis said "we <b>win</b>" on Monday.'
    marks = pd.DataFrame({"start": [0, 14, 33], "end": [8, 28, 39], "kind": ["entity", "quote", "date"],
                          "label": ["PERSON", "direct", "DATE"], "note": ["Ana Reis (PERSON)", "said by Ana Reis",
                                                                          "2021-02-01"]})
    page = reader_html(_reader_doc(text), marks=marks, term="win")
    assert "<b>win</b>" not in page and "&lt;b&gt;" in page
    assert page.count('class="tk-entity" data-label="PERSON"') == 1 and 'title="2021-02-01"' in page and 'title="said by Ana Reis"' in page
    assert '<span class="tk-term"' in page
    assert 'href="https://example.org/a"' in page and "2021-02-03" in page


def test_reader_opens_at_the_focus_sentence_and_folds_what_comes_before():
    from toolkit.widgets.html import reader_html

    text = "First sentence here. Second sentence. Third one."
    page = reader_html(_reader_doc(text), focus=(21, 37))
    assert "<details>" in page and '<span class="tk-focus" id="tk-focus">Second sentence.</span>' in page


def test_reader_cuts_a_huge_text_and_says_so_and_refuses_no_unsafe_url():
    from toolkit.widgets.html import reader_html

    page = reader_html(_reader_doc("word " * 1000, url="javascript:alert(1)"), max_chars=100)
    assert "Showing the first 100 of 5,000 characters" in page
    assert "href=" not in page


def test_reader_without_a_document():
    from toolkit.widgets.html import reader_html

    assert "No document" in reader_html(None)
