"""The per-document annotation step (toolkit.annotate.document): pieces for NER, rows keyed by the document,
rows that depend on that document alone, and texts past spaCy's length limit or without sentences."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.annotate.document import STORED_TABLES, DocumentInput, annotate_documents, ner_chunks, parse_scope
from toolkit.schemas import STORE_SCHEMAS


def _document(text: str, sentences: list[str], *, key: str = "k", published=None) -> DocumentInput:
    """One body paragraph of ``sentences``, each found in ``text`` in order."""
    starts, at = [], 0
    for s in sentences:
        at = text.index(s, at)
        starts.append(at)
    n = len(sentences)
    return DocumentInput(key, text, published, tuple(range(n)), tuple(starts),
                         tuple(a + len(s) for a, s in zip(starts, sentences)), ("body",) * n, (0,) * n)


def test_no_documents_give_every_stored_table_empty_with_its_columns():
    tables = annotate_documents([])
    assert list(tables) == list(STORED_TABLES)
    for name, frame in tables.items():
        assert frame.empty and list(frame.columns) == [c.name for c in STORE_SCHEMAS[name]], name


def test_the_parse_scope_is_lens_unless_set_and_an_unknown_one_is_refused(monkeypatch):
    monkeypatch.delenv("NEWSLENS_PARSE", raising=False)
    assert parse_scope() == "lens"
    monkeypatch.setenv("NEWSLENS_PARSE", "everything")
    with pytest.raises(ValueError, match="NEWSLENS_PARSE must be one of lens, all, not 'everything'"):
        parse_scope()


def test_ner_pieces_of_a_short_text_are_its_lines_without_the_blank_ones():
    text = "Storm hits coast\n\nThe storm hit. Roads closed.\n \nEnd."
    doc = _document(text, ["Storm hits coast", "The storm hit.", "Roads closed.", "End."])
    assert [text[a:b] for a, b in ner_chunks(doc)] == ["Storm hits coast", "The storm hit. Roads closed.", "End."]


def test_one_document_gives_rows_of_its_key_with_offsets_into_its_text():
    text = "Hun Sen met Kem Sokha in Phnom Penh on Sunday. Hun Sen spoke."
    tables = annotate_documents([_document(text, ["Hun Sen met Kem Sokha in Phnom Penh on Sunday.", "Hun Sen spoke."],
                                           key="doc-1", published=pd.Timestamp("2017-09-08"))])
    for name, frame in tables.items():
        assert set(frame["doc_key"]) <= {"doc-1"}, name
    entities = {(text[r.start:r.end], r.label) for r in tables["entities"].itertuples()}
    assert {("Hun Sen", "PERSON"), ("Kem Sokha", "PERSON"), ("Phnom Penh", "GPE")} <= entities
    timexes = tables["timexes"]
    assert timexes[["text", "value"]].values.tolist() == [["Sunday", "2017-09-03"]]
    counts = dict(zip(tables["term_counts"]["term"], tables["term_counts"]["count"]))
    assert counts["hun"] == 2 and counts["spoke"] == 1 and "on" not in counts and "." not in counts  # no stop words


def test_a_documents_rows_do_not_depend_on_the_other_documents(tmp_path, annotation_corpus, stored_tables,
                                                               assert_same_stored_tables):
    alone = annotation_corpus(tmp_path / "alone", ids=("a",))
    together = annotation_corpus(tmp_path / "together", ids=("b", "a", "c"))
    mine = {k: v[v["doc_id"] == "a"].reset_index(drop=True) for k, v in stored_tables(together).items()}
    assert_same_stored_tables(stored_tables(alone), mine)


def test_ner_pieces_keep_offsets_and_stay_short():
    from toolkit.annotate.document import CHUNK_CHARS, DocumentInput

    sentence = "Hun Sen met Kem Sokha in Phnom Penh. "
    text = sentence * 4000  # one paragraph of 148,000 characters
    starts = list(range(0, len(text), len(sentence)))
    doc = DocumentInput("k", text, None, tuple(range(len(starts))), tuple(starts),
                        tuple(s + len(sentence) - 1 for s in starts), ("body",) * len(starts), (0,) * len(starts))
    pieces = ner_chunks(doc)
    assert all(b - a <= CHUNK_CHARS for a, b in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text) - 1
    assert all(text[a:a + 3] == "Hun" for a, _ in pieces)  # cut at sentence starts


@pytest.mark.slow
def test_a_text_longer_than_spacys_limit_goes_through_every_lens(tmp_path, monkeypatch, annotation_corpus):
    """Over spaCy's max_length: processed in sentence-aligned pieces, offsets kept.

    spaCy's limit is lowered to 120,000 characters on the pipelines the pass loads, so a
    130,000-character text is over it (as a 1 MB text is over the real limit) at a
    ninth of the cost; spaCy raises E088 for any text past the limit it is given.
    """
    from toolkit.annotate.document import CHUNK_CHARS, ner_model, parse_model

    limit = 120_000
    assert CHUNK_CHARS < limit
    for nlp in (ner_model(), parse_model().nlp):
        monkeypatch.setattr(nlp, "max_length", limit)
    with pytest.raises(ValueError, match="E088"):
        ner_model()("x" * (limit + 1))  # the lowered limit is the one spaCy enforces
    sentence = "Hun Sen spoke in Phnom Penh on Sunday while Kem Sokha stayed in jail. "
    text = sentence * (130_000 // len(sentence))
    corpus = annotation_corpus(tmp_path, ids=("big",), texts={"big": text})
    for lens in (tk.timeline, tk.events, tk.mentions, tk.actors, tk.cooccurrence, tk.quotes, tk.relations,
                 tk.keyterms):
        lens(corpus)
    m = tk.mentions(corpus)
    last = m.iloc[-1]
    assert text[last.start:last.end] == last.text and last.start > limit
    assert {"Hun Sen", "Kem Sokha"} <= set(m["actor"])


@pytest.mark.slow
def test_the_five_megabyte_single_line_file_goes_through_every_lens(tmp_path):
    """The bad-input file of test_corpus: one 5 MB line without sentence punctuation (not prose)."""
    line = ("Hun Sen spoke in Phnom Penh on Sunday while Kem Sokha stayed in jail " * 75_000)[: 5_000_000]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "big.txt").write_text(line)
    corpus = tk.load_corpus(tmp_path / "docs", cache_dir=tmp_path / "cache")
    assert len(tk.timeline(corpus)) > 70_000  # every "Sunday"
    for lens in (tk.events, tk.mentions, tk.actors, tk.cooccurrence, tk.quotes, tk.relations, tk.keyterms,
                 tk.keywords):
        tk.validate(lens(corpus), lens.__name__) if lens.__name__ in tk.SCHEMAS else lens(corpus)
