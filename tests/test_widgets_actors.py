"""The actors explorer (toolkit.widgets.actors), headless (set widget values, check state, figures, the
dictionary file), and its plots. The state alone is tested in test_widgets_state_actors."""
from __future__ import annotations

import pytest

import toolkit as tk
from toolkit import aliases
from toolkit.plots.actors import POLARITY_COLOURS
from toolkit.widgets.actors import ActorsExplorer, ActorsState, actors_explorer


@pytest.fixture
def explorer(seed, dictionary_path):
    return actors_explorer(seed, dictionary_path=dictionary_path)


def _bar_names(explorer):
    return {name for trace in explorer.bars.data for name in trace.y}


def test_builds_with_figures_and_no_error(explorer):
    assert isinstance(explorer, ActorsExplorer)
    assert explorer.errors.message == ""
    assert "Kem Sokha" in _bar_names(explorer)
    assert explorer.network.layout.title.text.startswith("Who appears with whom")
    assert len(explorer.quotes_figure.data) == 1


def test_captions_are_left_out_until_ticked(explorer):
    assert "Vladimir Putin" not in _bar_names(explorer)
    explorer.section_boxes["caption"].value = True
    assert explorer.state.sections == ("headline", "caption", "body")
    assert "Vladimir Putin" in set(explorer.state.table()["actor"])


def test_type_filter_and_min_mentions(explorer):
    explorer.types.value = ("PERSON",)
    assert set(explorer.state.table()["type"]) == {"PERSON"}
    explorer.min_mentions.value = 4  # the caption's Hun Sen is left out: 3 mentions
    assert set(explorer.state.table()["actor"]) == {"Kem Sokha"}
    assert _bar_names(explorer) == {"Kem Sokha"}


def test_search_and_select_show_mentions_quotes_and_relations(explorer):
    explorer.search.value = "sarana"
    assert [name for _, name in explorer.actor.options] == ["", "San Sarana"]
    explorer.actor.value = "San Sarana"
    assert explorer.state.selected == "San Sarana"
    assert "China will cooperate" in explorer.detail.value
    said = explorer.state.actor_quotes()
    assert said["kind"].tolist().count("direct") == 2 and "indirect" in set(said["kind"])  # direct and reported
    assert "told reporters" in explorer.detail.value and "title='" in explorer.detail.value
    explorer.search.value = ""
    explorer.actor.value = "Wang Jiarui"
    assert "praised" in explorer.detail.value
    assert explorer.timeline.layout.title.text == "Mentions per month: Wang Jiarui"
    kwic = explorer.state.actor_kwic()
    assert set(kwic["mention"]) == {"Wang Jiarui", "Wang"}


def test_network_unit_dropdown_changes_the_figure(explorer):
    before = explorer.network.layout.title.text
    explorer.unit.value = "paragraph"
    assert explorer.state.unit == "paragraph"
    assert explorer.network.layout.title.text != before
    assert "paragraph" in explorer.network.layout.title.text
    legend = {trace.name for trace in explorer.network.data}
    assert {f"→ {verb} (source → target)" for verb in ("supports", "condemns", "coerces")} <= legend


def test_alias_editor_merge_undo_rename_split_and_save(explorer, dictionary_path):
    explorer.edit_actors.value = ("Prak Sokhon",)
    explorer.edit_name.value = "Foreign Minister Prak Sokhon"
    explorer.rename_button.click()
    assert "Foreign Minister Prak Sokhon" in set(explorer.state.table()["actor"])
    assert explorer.state.unsaved
    explorer.undo_button.click()
    assert "Prak Sokhon" in set(explorer.state.table()["actor"])

    explorer.edit_actors.value = ("Heng Samrin", "National Assembly")
    explorer.edit_name.value = "Heng Samrin"
    explorer.merge_button.click()
    assert "National Assembly" not in set(explorer.state.table()["actor"])

    explorer.edit_actors.value = ("Kem Sokha",)
    explorer.edit_forms.value = ("Sokha",)
    explorer.edit_name.value = "Sokha (unresolved)"
    explorer.split_button.click()
    assert "Sokha (unresolved)" in set(explorer.state.table()["actor"])

    explorer.save_button.click()
    assert explorer.errors.message == ""
    saved = aliases.load_dictionary(dictionary_path)
    assert "National Assembly" in saved.get("Heng Samrin").aliases
    assert saved.get("Sokha (unresolved)").aliases == ("Sokha",)
    assert list(dictionary_path.parent.glob("actors.yml.*.bak"))
    assert "Saved to" in explorer.editor_status.value


def test_editor_errors_are_shown_not_raised(explorer):
    explorer.edit_actors.value = ("Kem Sokha", "Hun Sen")
    explorer.rename_button.click()
    assert "exactly one actor" in explorer.errors.message


def test_export_writes_the_chosen_figure_and_its_data(explorer, tmp_path):
    explorer.export._out_dir = tmp_path
    explorer.export_figure.value = "actors"
    for fmt, box in explorer.export.checkboxes.items():
        box.value = fmt == "html"
    written = explorer.export.export()
    assert "html" in written and written["html"].exists()
    assert list(tmp_path.glob("*.csv"))


# ---- the plot functions on their own ----


@pytest.fixture(scope="module")
def seed_tables(seed):
    m = tk.mentions(seed)
    return m, tk.actors(seed, mentions_table=m), tk.cooccurrence(seed, mentions_table=m), tk.relations(seed, mentions_table=m)


def test_plot_actors_orders_bars_and_checks_its_input(seed_tables):
    _, table, _, _ = seed_tables
    fig = tk.plot_actors(table, top=5)
    assert list(fig.layout.yaxis.categoryarray) == table["actor"].head(5).tolist()[::-1]
    with pytest.raises(ValueError, match="type, group"):
        tk.plot_actors(table, color="size")
    with pytest.raises(ValueError, match="missing|needs columns"):
        tk.plot_actors(table.drop(columns=["mentions"]))


def test_network_edges_take_the_polarity_colour(seed_tables):
    _, table, pairs, rel = seed_tables
    fig = tk.plot_actor_network(pairs, table, rel)
    # stances are arrows in their polarity's colour, each kind named in the legend
    legend = {t.name: t.line.color for t in fig.data if t.mode == "lines+markers"}
    assert legend["→ condemns (source → target)"] == POLARITY_COLOURS["condemn"]
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert POLARITY_COLOURS["condemn"] in {a.arrowcolor for a in arrows}
    nodes = [name for t in fig.data if t.mode == "markers+text" for name in t.text]
    assert "Kem Sokha" in nodes


def test_plots_of_empty_tables_say_so(seed_tables):
    m, table, pairs, _ = seed_tables
    assert tk.plot_actors(table.iloc[:0]).layout.annotations[0].text == "No actors found"
    assert tk.plot_quotes_table(tk.quotes(tk.load_corpus([{"text": "no quotes here."}], cache=False))
                                ).layout.annotations[0].text == "No quotes found"
    with pytest.raises(ValueError, match="day, week, month, year"):
        tk.plot_actor_timeline(m, tk.load_corpus().documents, freq="hour")


# ---- who said what: speakers as written and as actors, corrected from the table ----


def test_who_said_what_shows_the_speaker_as_written_as_actor_and_the_title(explorer, seed):
    fig = explorer.quotes_figure
    written, actor, _cue, _quote, document = (list(v) for v in fig.data[0].cells.values)
    assert written == ["he", "Prak Sokhon", "he"]
    assert actor == ["San Sarana", "Prak Sokhon", "San Sarana"]
    title = seed.documents["title"].iloc[0]
    assert all(d.startswith(title) and seed.documents["doc_id"].iloc[0] in d for d in document)  # never cut off


def test_correcting_a_speaker_is_saved_with_the_dictionary_and_a_backup(explorer, dictionary_path):
    doc_id, start = explorer.quote_pick.options[0][1]
    explorer.quote_pick.value = (doc_id, start)
    explorer.quote_speaker.value = "Kem Sokha"
    explorer.correct_button.click()
    assert explorer.errors.message == ""
    table = explorer.state.quotes_table()
    row = table[(table["doc_id"] == doc_id) & (table["start"] == start)].iloc[0]
    assert (row.speaker, row.speaker_via, row.confidence) == ("Kem Sokha", "corrected", 1.0)
    assert explorer.state.unsaved
    explorer.save_button.click()
    assert list(dictionary_path.parent.glob("actors.yml.*.bak"))
    reloaded = aliases.load_dictionary(dictionary_path)
    assert reloaded.speakers == (aliases.SpeakerCorrection(doc_id, start, "Kem Sokha"),)
    assert reloaded.actors == aliases.load_dictionary(aliases.DEFAULT_PATH).actors
    again = ActorsState(corpus=explorer.state.corpus, dictionary_path=dictionary_path)
    assert "Kem Sokha" in set(again.actor_quotes("Kem Sokha")["speaker"])
    explorer.state.undo()
    assert explorer.state.quotes_table()["speaker"].iloc[0] != "Kem Sokha" or start != table["start"].iloc[0]


def test_malformed_speaker_corrections_name_the_line(tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text("actors: []\nspeakers:\n  - {doc_id: a, start: x, speaker: B}\n", encoding="utf-8")
    with pytest.raises(aliases.ActorsFileError, match=r"actors.yml:3:5: a speaker correction needs"):
        aliases.load_dictionary(path)


def test_no_control_label_is_cut(explorer):
    from widget_helpers import cut_labels

    assert cut_labels(explorer) == []
