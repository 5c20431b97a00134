"""Actors explorer: who is in the coverage, with whom, what they said, whom they back or condemn.

:class:`ActorsState` holds the settings and the working actor dictionary and
computes every table and figure without any widget; :class:`ActorsExplorer`
is the view wired to it. The alias editor edits the dictionary in memory
(merge, rename, split, group, undo) and writes it with :func:`toolkit.aliases.save_dictionary`
(atomic, with a backup, refusing to overwrite edits made meanwhile on disk).
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit import aliases
from toolkit.actors import MEASURES, TYPE_NAMES, UNITS, actors as actors_table, cooccurrence, mentions
from toolkit.plots.actors import plot_actor_network, plot_actor_timeline, plot_actors, plot_quotes_table
from toolkit.quotes import quotes
from toolkit.relations import relations
from toolkit.widgets.common import CorpusPicker, ErrorOutput, ExportControl, known_subset, replace_figure

SECTIONS = ("headline", "caption", "body")
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
FIGURES = ("actors", "network", "timeline", "quotes")
KWIC_WIDTH = 60


class ActorsState(traitlets.HasTraits):
    """What the actors explorer shows; no widgets here, so it can be tested and reused on its own."""

    corpus = traitlets.Instance("toolkit.corpus.Corpus")
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

    def __init__(self, *, dictionary_path=None, **kwargs):
        if "dictionary" not in kwargs:
            kwargs["dictionary"] = aliases.load_dictionary(dictionary_path)
        self._cache: dict = {}
        self._history: list[aliases.ActorDictionary] = []
        super().__init__(**kwargs)

    @traitlets.validate("sections", "types")
    def _known_choices(self, proposal):
        allowed = SECTIONS if proposal.trait.name == "sections" else ACTOR_TYPES
        return known_subset(proposal.value, allowed, proposal.trait.name)

    # ---- tables (cached per corpus, sections and dictionary) ----

    def _cached(self, name: str, compute):
        key = (name, id(self.corpus), self.sections, self.dictionary.fingerprint())
        if key not in self._cache:
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = compute()
        return self._cache[key]

    def view(self):
        """The corpus restricted to the chosen sections."""
        return self._cached("view", lambda: self.corpus.select(sections=self.sections))

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
        return m[m["actor"].isin(self.table()["actor"])]

    def cooccurrence_table(self) -> pd.DataFrame:
        return cooccurrence(self.view(), unit=self.unit, measure=self.measure, mentions_table=self.mentions_table())

    def relations_table(self) -> pd.DataFrame:
        return self._cached("relations", lambda: relations(self.view(), mentions_table=self.all_mentions()))

    def quotes_table(self) -> pd.DataFrame:
        return self._cached("quotes", lambda: quotes(self.view(), mentions_table=self.all_mentions()))

    # ---- one actor ----

    def actor_names(self) -> list[str]:
        return self.table()["actor"].tolist()

    def actor_kwic(self, actor: str | None = None) -> pd.DataFrame:
        """The actor's mentions in context: doc_id, section, left, mention, right."""
        actor = actor or self.selected
        m = self.all_mentions()
        m = m[m["actor"] == actor]
        texts = self.corpus.documents.set_index("doc_id")["text"]
        rows = []
        for r in m.itertuples(index=False):
            text = texts[r.doc_id]
            left = text[max(0, r.start - KWIC_WIDTH): r.start].replace("\n", " ")
            right = text[r.end: r.end + KWIC_WIDTH].replace("\n", " ")
            rows.append({"doc_id": r.doc_id, "section": r.section, "left": left, "mention": r.text, "right": right})
        return pd.DataFrame(rows, columns=["doc_id", "section", "left", "mention", "right"])

    def actor_quotes(self, actor: str | None = None) -> pd.DataFrame:
        actor = actor or self.selected
        q = self.quotes_table()
        return q[q["speaker"] == actor]

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
            q = self.quotes_table()
            return plot_quotes_table(self.actor_quotes() if self.selected else q)
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

    def params(self) -> dict:
        """The settings, for the export sidecar."""
        return {
            "types": list(self.types), "sections": list(self.sections), "min_mentions": self.min_mentions,
            "top": self.top, "query": self.query, "selected": self.selected, "unit": self.unit,
            "measure": self.measure, "color": self.color, "dictionary": str(self.dictionary.path),
            "dictionary_fingerprint": self.dictionary.fingerprint(),
        }


def _table_html(frame: pd.DataFrame, columns, empty: str) -> str:
    if frame.empty:
        return f"<i>{html.escape(empty)}</i>"
    head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns) + "</tr>"
        for _, row in frame.iterrows()
    )
    return f"<table style='font-size:90%'><tr>{head}</tr>{body}</table>"


def _kwic_html(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<i>No mentions.</i>"
    rows = "".join(
        f"<tr><td style='color:#777'>{html.escape(r.doc_id)} · {r.section}</td>"
        f"<td style='text-align:right;white-space:pre'>{html.escape(r.left)}</td>"
        f"<td><b>{html.escape(r.mention)}</b></td><td style='white-space:pre'>{html.escape(r.right)}</td></tr>"
        for r in frame.itertuples(index=False)
    )
    return f"<table style='font-family:monospace;font-size:85%'>{rows}</table>"


class ActorsExplorer(widgets.VBox):
    """Corpus picker, filters, actor chart, actor detail, network, who said what, alias editor, export."""

    def __init__(self, src=None, *, cache: bool = True, dictionary_path=None, **kwargs):
        self.picker = CorpusPicker(src, cache=cache)
        self.state = ActorsState(corpus=self.picker.corpus, dictionary_path=dictionary_path)
        self.errors = ErrorOutput()
        short = widgets.Layout(width="300px")
        self.types = widgets.SelectMultiple(options=[(TYPE_NAMES[t], t) for t in ACTOR_TYPES], value=self.state.types, description="Types",
                                            rows=6, layout=widgets.Layout(width="220px"))
        wide_label = {"description_width": "initial"}
        self.min_mentions = widgets.IntSlider(value=1, min=1, max=20, description="Min mentions",
                                              continuous_update=False, layout=short, style=wide_label)
        self.top = widgets.IntSlider(value=self.state.top, min=5, max=100, step=5, description="Top N",
                                     continuous_update=False, layout=short)
        self.color = widgets.Dropdown(options=["type", "group"], value="type", description="Colour by", layout=short)
        self.section_boxes = {
            s: widgets.Checkbox(value=s in self.state.sections, description=s, indent=False,
                                layout=widgets.Layout(width="100px"))
            for s in SECTIONS
        }
        self.bars = go.FigureWidget()
        self.search = widgets.Text(description="Search actor", placeholder="e.g. sokha", continuous_update=False,
                                   layout=short, style=wide_label)
        self.actor = widgets.Dropdown(description="Actor", options=[("(none)", "")], layout=widgets.Layout(width="360px"))
        self.detail = widgets.HTML()
        self.timeline = go.FigureWidget()
        self.unit = widgets.Dropdown(options=UNITS, value=self.state.unit, description="Unit", layout=short)
        self.measure = widgets.Dropdown(options=MEASURES, value=self.state.measure, description="Measure",
                                        layout=short)
        self.network = go.FigureWidget()
        self.quotes_figure = go.FigureWidget()
        self._build_editor()
        self.export_figure = widgets.Dropdown(options=FIGURES, value="network", description="Figure", layout=short)
        self.export = ExportControl(
            lambda: self.state.figure(self.export_figure.value), get_data=self._export_data,
            get_params=self.state.params, get_corpus=lambda: self.state.corpus, name="actors",
        )
        header = lambda text: widgets.HTML(f"<h4 style='margin:8px 0 2px'>{text}</h4>")  # noqa: E731
        super().__init__([
            self.picker,
            widgets.HBox([self.types, widgets.VBox([self.min_mentions, self.top, self.color,
                                                    widgets.HBox([widgets.Label("Sections"), *self.section_boxes.values()])])]),
            self.bars,
            header("Actor"), widgets.HBox([self.search, self.actor]), self.detail,
            header("Network"), widgets.HBox([self.unit, self.measure]), self.network,
            header("Who said what"), self.quotes_figure,
            header("Mentions over time"), self.timeline,  # after the others: browser tests index figures by order
            header("Alias editor"), self.editor,
            header("Export"), self.export_figure, self.export,
            self.errors,
        ], **kwargs)
        self._wire()
        self.refresh()

    def _build_editor(self) -> None:
        self.edit_actors = widgets.SelectMultiple(description="Actors", rows=6, layout=widgets.Layout(width="360px"))
        self.edit_name = widgets.Text(description="Name", placeholder="canonical name / new name",
                                      layout=widgets.Layout(width="360px"))
        self.edit_forms = widgets.SelectMultiple(description="Aliases", rows=4, layout=widgets.Layout(width="360px"))
        self.edit_group = widgets.Text(description="Group", placeholder="e.g. opposition",
                                       layout=widgets.Layout(width="360px"))
        self.merge_button = widgets.Button(description="Merge", tooltip="merge the selected actors into Name")
        self.rename_button = widgets.Button(description="Rename", tooltip="rename the selected actor to Name")
        self.split_button = widgets.Button(description="Split", tooltip="move the selected aliases to a new actor Name")
        self.group_button = widgets.Button(description="Set group")
        self.undo_button = widgets.Button(description="Undo", icon="undo")
        self.save_button = widgets.Button(description="Save", icon="save", button_style="primary")
        self.editor_status = widgets.HTML("")
        self.editor = widgets.VBox([
            widgets.HBox([self.edit_actors, widgets.VBox([self.edit_name, self.edit_group, self.edit_forms])]),
            widgets.HBox([self.merge_button, self.rename_button, self.split_button, self.group_button,
                          self.undo_button, self.save_button]),
            self.editor_status,
        ])

    def _wire(self) -> None:
        guard = self.errors.guard
        self.picker.observe(guard(lambda c: setattr(self.state, "corpus", c.new)), "corpus")
        widgets.link((self.types, "value"), (self.state, "types"))
        widgets.link((self.min_mentions, "value"), (self.state, "min_mentions"))
        widgets.link((self.top, "value"), (self.state, "top"))
        widgets.link((self.color, "value"), (self.state, "color"))
        widgets.link((self.search, "value"), (self.state, "query"))
        widgets.link((self.unit, "value"), (self.state, "unit"))
        widgets.link((self.measure, "value"), (self.state, "measure"))
        for box in self.section_boxes.values():
            box.observe(guard(self._on_sections), "value")
        self.actor.observe(guard(lambda c: setattr(self.state, "selected", c.new or "")), "value")
        self.state.observe(guard(lambda _c: self.refresh()),
                           ["corpus", "types", "sections", "min_mentions", "top", "query", "color", "dictionary"])
        self.state.observe(guard(lambda _c: self._show_network()), ["unit", "measure"])
        self.state.observe(guard(lambda _c: self._show_actor()), "selected")
        self.state.observe(guard(lambda _c: self._say_saved()), "unsaved")
        self.edit_actors.observe(guard(self._on_edit_selection), "value")
        self.merge_button.on_click(guard(lambda _b: self.state.merge(list(self.edit_actors.value),
                                                                     into=self.edit_name.value)))
        self.rename_button.on_click(guard(self._rename))
        self.split_button.on_click(guard(self._split))
        self.group_button.on_click(guard(self._set_group))
        self.undo_button.on_click(guard(lambda _b: self.state.undo()))
        self.save_button.on_click(guard(self._save))

    def _on_sections(self, _change) -> None:
        self.state.sections = tuple(s for s, box in self.section_boxes.items() if box.value)

    def _one_actor(self) -> str:
        chosen = list(self.edit_actors.value)
        if len(chosen) != 1:
            raise ValueError(f"select exactly one actor in the editor (selected: {chosen or 'none'})")
        return chosen[0]

    def _rename(self, _button) -> None:
        self.state.rename(self._one_actor(), self.edit_name.value)

    def _split(self, _button) -> None:
        self.state.split(self._one_actor(), list(self.edit_forms.value), new_name=self.edit_name.value)

    def _set_group(self, _button) -> None:
        for actor in self.edit_actors.value:
            self.state.set_group(actor, self.edit_group.value)

    def _save(self, _button) -> None:
        path = self.state.save()
        self.editor_status.value = f"Saved to <code>{html.escape(str(path))}</code> (previous version kept as a .bak file)."

    def _say_saved(self) -> None:
        if self.state.unsaved:
            self.editor_status.value = "<span style='color:#a15c00'>Unsaved edits: press Save to keep them.</span>"

    def _on_edit_selection(self, change) -> None:
        chosen = list(change.new)
        table = self.state.all_actors().set_index("actor")
        forms = [f for a in chosen if a in table.index for f in table.loc[a, "aliases"]]
        self.edit_forms.options = list(dict.fromkeys(forms))
        if len(chosen) == 1:
            entry = self.state.dictionary.get(chosen[0])
            self.edit_group.value = (entry.group if entry else "") or ""

    def _export_data(self) -> pd.DataFrame:
        name = self.export_figure.value
        return {"actors": self.state.table, "network": self.state.cooccurrence_table,
                "timeline": self.state.mentions_table, "quotes": self.state.quotes_table}[name]()

    def refresh(self) -> None:
        """Recompute everything shown from the current state."""
        table = self.state.table()
        replace_figure(self.bars, self.state.figure("actors"))
        names = table["actor"].tolist()
        current = self.state.selected if self.state.selected in names else ""
        self.actor.options = [("(none)", "")] + [(n, n) for n in names]
        self.actor.value = current
        self.edit_actors.options = self.state.all_actors()["actor"].tolist()
        self._show_network()
        self._show_actor()

    def _show_network(self) -> None:
        replace_figure(self.network, self.state.figure("network"))

    def _show_actor(self) -> None:
        replace_figure(self.quotes_figure, self.state.figure("quotes"))
        replace_figure(self.timeline, self.state.figure("timeline"))
        actor = self.state.selected
        if not actor:
            self.detail.value = "<i>Choose an actor to see its mentions, quotes and relations.</i>"
            return
        rel = self.state.actor_relations()
        self.detail.value = (
            f"<h4>{html.escape(actor)}</h4><b>Mentions</b>{_kwic_html(self.state.actor_kwic())}"
            f"<b>Quotes</b>{_table_html(self.state.actor_quotes(), ['quote', 'cue', 'doc_id'], 'No quotes.')}"
            f"<b>Relations</b>{_table_html(rel, ['source', 'polarity', 'verb', 'target', 'sentence'], 'No relations.')}"
        )


def actors_explorer(src=None, *, cache: bool = True, dictionary_path=None) -> ActorsExplorer:
    """The actors explorer for a corpus (default the bundled seeds).

    Args:
        src: None (seeds), a known corpus name ("samples/wikinews"), a path, or a Corpus.
        cache: use the corpus cache.
        dictionary_path: the actors.yml to use and save to; default :func:`toolkit.aliases.default_path`.

    Example:
        >>> explorer = actors_explorer()  # doctest: +SKIP
        >>> explorer  # doctest: +SKIP
    """
    return ActorsExplorer(src, cache=cache, dictionary_path=dictionary_path)
