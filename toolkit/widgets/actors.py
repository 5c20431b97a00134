"""Actors explorer: who is in the coverage, with whom, what they said, whom they back or condemn.

:class:`ActorsState` (:mod:`toolkit.widgets.state.actors`) holds the settings and the working actor dictionary and
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

from toolkit.actors import MEASURES, TYPE_NAMES, UNITS
from toolkit.labels import shorten
from toolkit.schemas import SECTIONS
from toolkit.widgets.common import CheckboxGroup, ErrorOutput, ExportControl, fit_labels, replace_figure
from toolkit.widgets.filters import PublishedFilter, lens_picker
from toolkit.widgets.html import mention_lines_html, quotes_html, table_html
from toolkit.widgets.state.actors import ACTOR_TYPES, FIGURES, ActorsState


class ActorsExplorer(widgets.VBox):
    """Corpus picker, filters, actor chart, actor detail, network, who said what, alias editor, export."""

    def __init__(self, src=None, *, cache: bool = True, dictionary_path=None, workspace=None, **kwargs):
        self.picker, shared = lens_picker(src, workspace, cache=cache)
        self.state = ActorsState(corpus=self.picker.corpus, dictionary_path=dictionary_path, workspace=shared)
        self.errors = ErrorOutput()
        self.published = PublishedFilter(self.state.workspace, errors=self.errors)  # the workspace's filter
        short = widgets.Layout(width="300px")
        self.types = widgets.SelectMultiple(options=[(TYPE_NAMES[t], t) for t in ACTOR_TYPES], value=self.state.types,
                                            description="Types",
                                            rows=6, layout=widgets.Layout(width="220px"))
        wide_label = {"description_width": "initial"}
        self.min_mentions = widgets.IntSlider(value=1, min=1, max=20, description="Min mentions",
                                              continuous_update=False, layout=short, style=wide_label)
        self.top = widgets.IntSlider(value=self.state.top, min=5, max=100, step=5, description="Top N",
                                     continuous_update=False, layout=short)
        self.color = widgets.Dropdown(options=["type", "group"], value="type", description="Colour by", layout=short)
        self.sections = CheckboxGroup(SECTIONS, label="Sections", value=self.state.sections, width="100px")
        self.section_boxes = self.sections.boxes
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
        self.quote_pick = widgets.Dropdown(description="Quote", options=[], layout=widgets.Layout(width="560px"))
        self.quote_speaker = widgets.Text(description="Speaker", placeholder="who really said it", layout=short)
        self.correct_button = widgets.Button(description="Correct speaker",
                                             tooltip="credit the chosen quote to Speaker; Save keeps it in the dictionary")
        self._build_editor()
        self.export_figure = widgets.Dropdown(options=FIGURES, value="network", description="Figure", layout=short)
        self.export = ExportControl(
            lambda: self.state.figure(self.export_figure.value), get_data=self._export_data,
            get_params=self.state.params, get_corpus=lambda: self.state.corpus, name="actors",
        )
        header = lambda text: widgets.HTML(f"<h4 style='margin:8px 0 2px'>{text}</h4>")  # noqa: E731
        super().__init__([
            self.picker,
            self.published,
            widgets.HBox([self.types, widgets.VBox([self.min_mentions, self.top, self.color,
                                                    self.sections])]),
            self.bars,
            header("Actor"), widgets.HBox([self.search, self.actor]), self.detail,
            header("Network"), widgets.HBox([self.unit, self.measure]), self.network,
            header("Who said what"), self.quotes_figure,
            widgets.HBox([self.quote_pick, self.quote_speaker, self.correct_button]),
            header("Mentions over time"), self.timeline,  # after the others: browser tests index figures by order
            header("Alias editor"), self.editor,
            header("Export"), self.export_figure, self.export,
            self.errors,
        ], **kwargs)
        fit_labels(self)
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
        widgets.link((self.sections, "value"), (self.state, "sections"))
        self.actor.observe(guard(self._on_actor), "value")
        self.state.observe(guard(lambda _c: self.refresh()),
                           ["revision", "types", "min_mentions", "top", "query", "color", "dictionary"])
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
        self.correct_button.on_click(guard(self._correct_speaker))

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

    def _correct_speaker(self, _button) -> None:
        if not self.quote_pick.value:
            raise ValueError("choose a quote to correct")
        doc_id, start = self.quote_pick.value
        self.state.correct_speaker(doc_id, start, self.quote_speaker.value)
        self.editor_status.value = ("<span style='color:#a15c00'>Speaker corrected: press Save (alias editor) "
                                    "to keep it in the actor dictionary.</span>")

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
        chosen = self.state.selected  # chosen here or in the workspace: offered even when the filters hide it
        if chosen and chosen not in names and chosen in set(self.state.all_actors()["actor"]):
            names.append(chosen)
        current = chosen if chosen in names else ""
        self._filling = True  # new options reset the value for a moment: that is no choice of the user's
        try:
            self.actor.options = [("(none)", "")] + [(n, n) for n in names]
        finally:
            self._filling = False
        self.actor.value = current
        self.edit_actors.options = self.state.all_actors()["actor"].tolist()
        self._show_network()
        self._show_actor()

    def _on_actor(self, change) -> None:
        if not getattr(self, "_filling", False):
            self.state.selected = change.new or ""

    def _show_network(self) -> None:
        replace_figure(self.network, self.state.figure("network"))

    def _show_actor(self) -> None:
        replace_figure(self.quotes_figure, self.state.figure("quotes"))
        shown = self.state.actor_quotes() if self.state.selected else self.state.quotes_table()
        self.quote_pick.options = [
            (f"{r.speaker or '(unknown)'}: {r.quote[:70]}{'…' if len(r.quote) > 70 else ''} "
             f"({shorten(r.title or r.doc_id, max_chars=40)})",
             (r.doc_id, int(r.start)))
            for r in shown.itertuples(index=False)
        ]
        replace_figure(self.timeline, self.state.figure("timeline"))
        actor = self.state.selected
        if not actor:
            self.detail.value = "<i>Choose an actor to see its mentions, quotes and relations.</i>"
            return
        rel = self.state.actor_relations()
        self.detail.value = (
            f"<h4>{html.escape(actor)}</h4><b>Mentions</b>{mention_lines_html(self.state.actor_kwic())}"
            f"<b>Quotes, direct and reported</b>{quotes_html(self.state.actor_quotes())}"
            f"<b>Relations</b>{table_html(rel, ['source', 'polarity', 'verb', 'target', 'sentence'], 'No relations.')}"
        )


def actors_explorer(src=None, *, cache: bool = True, dictionary_path=None, workspace=None) -> ActorsExplorer:
    """The actors explorer for a corpus (default the bundled seeds).

    Args:
        src: None (seeds), a known corpus name ("samples/wikinews"), a path, or a Corpus.
        cache: use the corpus cache.
        dictionary_path: the actors.yml to use and save to; default :func:`toolkit.aliases.default_path`.

    Example:
        >>> explorer = actors_explorer()  # doctest: +SKIP
        >>> explorer  # doctest: +SKIP
        workspace: a :class:`~toolkit.widgets.workspace.Workspace` (or its state) to share the corpus, filter and
            selection with: the two views then follow each other.
    """
    return ActorsExplorer(src, cache=cache, dictionary_path=dictionary_path, workspace=workspace)
