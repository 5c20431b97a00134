"""The disk cache: unchanged files reused, changed ones redone, damaged or rewritten files still read."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

import toolkit as tk
from toolkit.corpus import loading


def test_cache_reuses_unchanged_files_and_redoes_changed(tmp_path, monkeypatch):
    folder, cache = tmp_path / "c", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\n\nFirst body.")
    (folder / "b.txt").write_text("Beta\n\nSecond body.")
    cold = tk.load_corpus(folder, cache_dir=cache)
    calls = []
    real = loading.process_unit
    monkeypatch.setattr(loading, "process_unit", lambda unit: calls.append(unit.label) or real(unit))
    warm = tk.load_corpus(folder, cache_dir=cache)
    assert calls == []
    pd.testing.assert_frame_equal(cold.tokens, warm.tokens)
    pd.testing.assert_frame_equal(cold.documents, warm.documents)
    (folder / "b.txt").write_text("Beta\n\nSecond body, changed.")
    changed = tk.load_corpus(folder, cache_dir=cache)
    assert calls == ["b.txt"]
    assert "changed" in changed.documents.set_index("doc_id").loc["b", "text"]


def test_damaged_cache_is_rebuilt(tmp_path):
    folder, cache = tmp_path / "c", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\n\nFirst body.")
    tk.load_corpus(folder, cache_dir=cache)
    for parquet in cache.rglob("tokens.parquet"):
        parquet.write_bytes(b"garbage")
    assert len(tk.load_corpus(folder, cache_dir=cache).tokens) > 0


def test_cache_written_with_large_strings_still_mixes_with_fresh_rows(tmp_path):
    """Parquet files written from pandas hold large_string columns; reuse must not break on them."""
    import pyarrow.parquet as pq

    folder, cache = tmp_path / "c", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\n\nFirst body.")
    (folder / "b.txt").write_text("Beta\n\nSecond body.")
    tk.load_corpus(folder, cache_dir=cache)
    for name in ("sentences", "tokens"):
        for path in cache.rglob(f"{name}.parquet"):
            table = pq.read_table(path)
            pq.write_table(table.cast(pa.schema([f.with_type(pa.large_string()) if pa.types.is_string(f.type) else f for f in table.schema])), path)
    (folder / "b.txt").write_text("Beta\n\nSecond body, changed.")
    corpus = tk.load_corpus(folder, cache_dir=cache)
    assert corpus.documents.doc_id.tolist() == ["a", "b"] and "changed" in corpus.documents.text[1]
