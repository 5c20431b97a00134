"""Load a corpus (folder, file or records) into tidy tables: documents, sentences, tokens.

Loading runs in three steps: each source file (or record) becomes raw documents
(:mod:`toolkit.corpus.readers`), each document is tokenized on its own
(:func:`toolkit.tokenize.annotate_text`), then the rows are assembled into
tables. The first two steps are pure, per file, and cached on disk as Parquet,
keyed by the file's content hash, its metadata row and the toolkit version.

:mod:`~toolkit.corpus.model` holds :class:`Corpus` and :func:`select`,
:mod:`~toolkit.corpus.loading` the three steps, :mod:`~toolkit.corpus.cache` the
Parquet cache and :mod:`~toolkit.corpus.chunks` the rows passed between them.
"""
from toolkit.corpus.loading import load_corpus
from toolkit.corpus.model import Corpus, CorpusWarning, select

__all__ = ["Corpus", "CorpusWarning", "load_corpus", "select"]
