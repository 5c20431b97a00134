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
