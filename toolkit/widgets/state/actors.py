"""The actors explorer's state: the settings, the working actor dictionary, and every table and figure of them."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit import aliases
from toolkit.actors import MEASURES, UNITS, actors as actors_table, cooccurrence, mentions
from toolkit.concordance import span_kwic
from toolkit.frames import is_in
from toolkit.plots.actors import plot_actor_network, plot_actor_timeline, plot_actors, plot_quotes_table
from toolkit.quotes import quotes, with_corrections
from toolkit.relations import relations
from toolkit.widgets.state import known_subset
from toolkit.widgets.state.lens import LensState

ACTOR_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
FIGURES = ("actors", "network", "timeline", "quotes")
KWIC_WINDOW = 10  # tokens on each side of a mention


class ActorsState(LensState):
    """What the actors explorer shows; no widgets here, so it can be tested and reused on its own.

    The corpus, the sections, the document filter and the selected actor are the workspace's (see
    :class:`~toolkit.widgets.state.lens.LensState`).
    """

    ACTOR_TRAIT = "selected"
    dictionary = traitlets.Instance(aliases.ActorDictionary)
    types = traitlets.Tuple(default_value=ACTOR_TYPES)
    sections = traitlets.Tuple(default_value=("headline", "body"))  # captions list people who are not the story
    min_mentions = traitlets.Int(1, min=1)
    top = traitlets.Int(25, min=1)
    query = traitlets.Unicode("")
    selected = traitlets.Unicode("")
    unit = traitlets.Enum(UNITS, default_value="sentence")
    measure = traitlets.Enum(MEASURES, default_value="count")
    color = traitlets.Enum(("type", "group"), default_value="type")
    unsaved = traitlets.Bool(False)

    def __init__(self, *, dictionary_path=None, workspace=None, **kwargs):
        if "dictionary" not in kwargs:
            kwargs["dictionary"] = aliases.load_dictionary(dictionary_path)
        self._cache: dict = {}
        self._history: list[aliases.ActorDictionary] = []
        super().__init__(workspace=workspace, **kwargs)

    @traitlets.validate("types")
    def _known_types(self, proposal):
        return known_subset(proposal.value, ACTOR_TYPES, "types")

    # ---- tables (cached per corpus, filter, sections and dictionary) ----

    @traitlets.observe("corpus")
    def _forget_tables(self, _change):
        self._cache.clear()  # the tables belong to the corpus they came from

    def _cached(self, name: str, compute):
        key = (name, self.workspace.filter, self.sections, self.dictionary.fingerprint())
        if key not in self._cache:
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = compute()
        return self._cache[key]

    def all_mentions(self) -> pd.DataFrame:
        """Every mention in the chosen sections, before the type and count filters."""
        return self._cached("mentions", lambda: mentions(self.view(), dictionary=self.dictionary))

    def all_actors(self) -> pd.DataFrame:
        return self._cached(
            "actors", lambda: actors_table(self.view(), dictionary=self.dictionary, mentions_table=self.all_mentions())
        )

    def table(self) -> pd.DataFrame:
        """The actors table after the type, minimum-mentions and search filters."""
        table = self.all_actors()
        keep = table["type"].isin(self.types) & (table["mentions"] >= self.min_mentions)
        needle = self.query.strip().casefold()
        if needle:
            keep &= table.apply(
                lambda r: needle in r["actor"].casefold() or any(needle in a.casefold() for a in r["aliases"]), axis=1
            ).astype(bool)
        return table[keep].reset_index(drop=True)

    def mentions_table(self) -> pd.DataFrame:
        """Mentions of the actors that pass the filters."""
        m = self.all_mentions()
        return m[is_in(m["actor"], self.table()["actor"])]

    def cooccurrence_table(self) -> pd.DataFrame:
        return cooccurrence(self.view(), unit=self.unit, measure=self.measure, mentions_table=self.mentions_table())

    def relations_table(self) -> pd.DataFrame:
        return self._cached("relations", lambda: relations(self.view(), mentions_table=self.all_mentions()))

    def quotes_table(self) -> pd.DataFrame:
        """Every quote and report in the chosen sections, with its document's title and the user's corrections."""
        found = self._cached("quotes", self._found_quotes)
        return with_corrections(found, self.dictionary.speakers)

    def _found_quotes(self) -> pd.DataFrame:
        import dataclasses

        uncorrected = dataclasses.replace(self.dictionary, speakers=())  # corrections apply after the cache
        table = quotes(self.view(), mentions_table=self.all_mentions(), dictionary=uncorrected, indirect=True)
        titles = self.corpus.documents.set_index("doc_id")["title"]
        return table.assign(title=table["doc_id"].map(titles).fillna(""))

    # ---- one actor ----

    def actor_names(self) -> list[str]:
        return self.table()["actor"].tolist()

    def actor_kwic(self, actor: str | None = None) -> pd.DataFrame:
        """The actor's mentions in context: doc_id, section, left, mention, right."""
        actor = actor or self.selected
        m = self.all_mentions()
        m = m[m["actor"] == actor].reset_index(drop=True)
        lines = span_kwic(self.corpus, m, window=KWIC_WINDOW)  # context from the whole document, captions too
        return pd.DataFrame({"doc_id": m["doc_id"], "section": m["section"], "left": lines["left"],
                             "mention": lines["match"], "right": lines["right"]},
                            columns=["doc_id", "section", "left", "mention", "right"])

    def actor_quotes(self, actor: str | None = None) -> pd.DataFrame:
        """The actor's quotes, direct and reported."""
        actor = actor or self.selected
        q = self.quotes_table()
        return q[q["speaker"] == actor]

    def correct_speaker(self, doc_id: str, start: int, speaker: str | None) -> None:
        """Credit the quote at (``doc_id``, ``start``) to ``speaker`` (None or "" drops the correction).

        The correction is kept in the actor dictionary and written with it by :meth:`save`.
        """
        q = self.quotes_table()
        if not ((q["doc_id"] == doc_id) & (q["start"] == int(start))).any():
            raise ValueError(f"no quote starts at {start} in {doc_id!r}")
        self._edit(aliases.correct_speaker(self.dictionary, doc_id, int(start), speaker))

    def actor_relations(self, actor: str | None = None) -> pd.DataFrame:
        actor = actor or self.selected
        r = self.relations_table()
        return r[(r["source"] == actor) | (r["target"] == actor)]

    # ---- figures ----

    def figure(self, name: str = "actors") -> go.Figure:
        """One of the explorer's figures: "actors", "network", "timeline" or "quotes"."""
        if name == "actors":
            return plot_actors(self.table(), top=self.top, color=self.color,
                               title=f"Most mentioned actors: {self.corpus.name}")
        if name == "network":
            return plot_actor_network(
                self.cooccurrence_table(), self.table(), self.relations_table(), color=self.color, top=self.top,
                title=f"Who appears with whom (same {self.unit}, {self.measure})",
            )
        if name == "timeline":
            chosen = [self.selected] if self.selected else None
            return plot_actor_timeline(self.mentions_table(), self.corpus.documents, actors=chosen, freq="month",
                                       title=f"Mentions per month: {self.selected or 'top actors'}")
        if name == "quotes":
            if self.selected:
                return plot_quotes_table(self.actor_quotes(), title=f"What {self.selected} said")
            q = self.quotes_table()
            return plot_quotes_table(q[q["kind"] != "indirect"])
        raise ValueError(f"figure {name!r} is not one of {', '.join(FIGURES)}")

    # ---- the alias editor ----

    def _edit(self, dictionary: aliases.ActorDictionary) -> None:
        self._history.append(self.dictionary)
        self.dictionary = dictionary
        self.unsaved = True

    def type_of(self, actor: str) -> str:
        rows = self.all_actors()
        found = rows.loc[rows["actor"] == actor, "type"]
        entry = self.dictionary.get(actor)
        return entry.type if entry else (found.iloc[0] if len(found) else "PERSON")

    def merge(self, names, *, into: str) -> None:
        """Make ``names`` aliases of ``into`` (see :func:`toolkit.aliases.merge`)."""
        names = [n for n in names if n]
        if not into.strip():
            raise ValueError("give the name to merge into")
        self._edit(aliases.merge(self.dictionary, names, into=into.strip(), type=self.type_of(names[0] if names else into)))

    def rename(self, old: str, new: str) -> None:
        """Give ``old`` the canonical name ``new``."""
        if not new.strip():
            raise ValueError("give the new name")
        self._edit(aliases.rename(self.dictionary, old, new.strip(), type=self.type_of(old)))

    def split(self, actor: str, forms, *, new_name: str) -> None:
        """Move surface forms ``forms`` of ``actor`` to a new actor ``new_name``."""
        dictionary = self.dictionary
        if dictionary.get(actor) is None:  # an actor found by NER only: make it an entry first
            seen = self.all_actors().set_index("actor").loc[actor, "aliases"] if actor in set(self.all_actors()["actor"]) else []
            dictionary = aliases.merge(dictionary, [a for a in seen if a != actor], into=actor, type=self.type_of(actor))
        self._edit(aliases.split(dictionary, actor, aliases=list(forms), new_name=new_name.strip()))

    def set_group(self, actor: str, group: str) -> None:
        self._edit(aliases.set_group(self.dictionary, actor, group.strip() or None, type=self.type_of(actor)))

    def undo(self) -> bool:
        """Go back one edit; False when there is nothing to undo."""
        if not self._history:
            return False
        self.dictionary = self._history.pop()
        self.unsaved = bool(self._history)
        return True

    def save(self, path=None):
        """Write the dictionary (atomic, with a backup); returns the path written."""
        self.dictionary = aliases.save_dictionary(self.dictionary, path)
        self.unsaved = False
        return self.dictionary.path

    def settings(self) -> dict:
        """The lens's own settings (:meth:`params` adds the workspace's filter and selection)."""
        return {
            "types": list(self.types), "sections": list(self.sections), "min_mentions": self.min_mentions,
            "top": self.top, "query": self.query, "selected": self.selected, "unit": self.unit,
            "measure": self.measure, "color": self.color, "dictionary": str(self.dictionary.path),
            "dictionary_fingerprint": self.dictionary.fingerprint(),
        }
