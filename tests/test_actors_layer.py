"""The actor layer on one document: spans, types and names decided within the document."""
from __future__ import annotations

import pandas as pd

from toolkit.actors.layer import document_mentions


def test_label_lines_and_lone_titles_are_not_people():
    text = "Breaking News\n\nSamdech Hun Sen met the press on Monday. Samdech said nothing more."
    sentences = pd.DataFrame([
        {"doc_id": "doc", "sent_id": 0, "par_id": 0, "section": "headline", "start": 0, "end": 13},
        {"doc_id": "doc", "sent_id": 1, "par_id": 1, "section": "body", "start": 15, "end": len(text)},
    ])
    m = document_mentions(text, sentences)
    people = set(m.loc[m["type"] == "PERSON", "text"])
    assert people == {"Hun Sen"}


def test_a_mention_that_runs_past_its_sentence_is_dropped():
    text = "Zorvan Kelt met Mira Osk in Veldria. Mira Osk left."
    cut = text.index("Osk") + 1  # a sentence boundary inside "Mira Osk"
    sentences = pd.DataFrame([
        {"doc_id": "doc", "sent_id": 0, "par_id": 0, "section": "body", "start": 0, "end": cut},
        {"doc_id": "doc", "sent_id": 1, "par_id": 0, "section": "body", "start": cut, "end": len(text)},
    ])
    entities = [(0, 11, "PERSON"), (16, 24, "PERSON"), (37, 45, "PERSON")]
    m = document_mentions(text, sentences, entities=entities)
    assert (m["end"] <= m["sent_id"].map({0: cut, 1: len(text)})).all()
    assert "Zorvan Kelt" in set(m["text"]) and (16, 24) not in set(zip(m["start"], m["end"]))


def test_a_name_written_before_party_is_the_party_even_where_spacy_says_person():
    """"the royalist VELMAR party" and "Velmar Party" elsewhere: one organisation, whatever spaCy called it."""
    from toolkit import resolve
    from toolkit.actors import knowledge

    def one(doc_id, text, entities):
        sentences = pd.DataFrame([{"doc_id": doc_id, "sent_id": 0, "par_id": 0, "section": "body",
                                   "start": 0, "end": len(text)}])
        spans = [(text.index(name), text.index(name) + len(name), label) for name, label in entities]
        return document_mentions(text, sentences, doc_id=doc_id, entities=spans, across_documents=False)

    docs = [
        one("d1", "The royalist VELMAR party won 12 seats on Sunday.", [("VELMAR", "PERSON")]),
        one("d2", "Officials said the Velmar Party would not boycott parliament.", [("Velmar Party", "ORG")]),
        one("d3", "The Velmar party split in May, a year after the vote.", [("Velmar", "PERSON")]),
    ]
    out = resolve.resolve_mentions(pd.concat(docs, ignore_index=True), know=knowledge())
    assert set(out["actor"]) == {"Velmar Party"} and set(out["type"]) == {"ORG"}
