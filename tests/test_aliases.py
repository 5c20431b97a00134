"""actors.yml: validation with line and column, editing, atomic saving with backups."""
from __future__ import annotations

import pytest

from toolkit import aliases

SMALL = """\
actors:
  - name: Kem Sokha
    type: PERSON
    aliases: [Sokha]
    group: opposition
  - name: Hun Sen
    type: PERSON
    aliases: [Samdech Hun Sen]
    wikidata: Q214093
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text(SMALL, encoding="utf-8")
    return aliases.load_dictionary(path)


def test_default_dictionary_is_valid():
    d = aliases.load_dictionary()
    assert d.get("United States").wikidata == "Q30"
    assert d.lookup()[aliases.normalise("U.S.")].name == "United States"


def test_load_reads_entries(small):
    assert [a.name for a in small.actors] == ["Kem Sokha", "Hun Sen"]
    assert small.get("Kem Sokha").group == "opposition"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("actors:\n  - name: A\n    type: [PERSON\n", ":4:1:", "expected"),
        ("actors:\n  - name: A\n    type: PERSONS\n", ":2:5:", "not one of PERSON"),
        ("actors:\n  - name: A\n    type: ORG\n    colour: red\n", ":2:5:", "unknown key"),
        ("actors:\n  - name: A\n    type: ORG\n    aliases: B\n", ":4:14:", "list of names"),
        ("actors:\n  - name: A\n    type: ORG\n    wikidata: 42\n", ":4:15:", "like Q123"),
        ("actors:\n  - name: A\n    type: ORG\n  - name: B\n    type: ORG\n    aliases: [A]\n", ":4:5:", "both"),
        ("- just a list\n", ":1:1:", "'actors:'"),
    ],
)
def test_malformed_files_name_line_and_column_and_stay_untouched(tmp_path, text, where, message):
    path = tmp_path / "actors.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(aliases.ActorsFileError) as err:
        aliases.load_dictionary(path)
    assert f"{path}{where}" in str(err.value)
    assert message in str(err.value)
    assert path.read_text(encoding="utf-8") == text


def test_merge_folds_names_and_entries_into_one(small):
    merged = aliases.merge(small, ["Sokha Kem", "Hun Sen"], into="Kem Sokha")
    entry = merged.get("Kem Sokha")
    assert {"Sokha", "Sokha Kem", "Hun Sen", "Samdech Hun Sen"} <= set(entry.aliases)
    assert merged.get("Hun Sen") is None
    assert entry.wikidata == "Q214093" and entry.group == "opposition"
    assert small.get("Hun Sen") is not None  # the original is unchanged


def test_merge_creates_an_entry_for_names_found_only_by_ner(small):
    merged = aliases.merge(small, ["Samrin"], into="Heng Samrin", type="PERSON")
    assert merged.get("Heng Samrin").aliases == ("Samrin",)
    with pytest.raises(ValueError, match="PERSON, ORG"):
        aliases.merge(small, ["x"], into="y", type="people")


def test_rename_keeps_the_old_name_as_alias(small):
    renamed = aliases.rename(small, "Hun Sen", "Hun Sen (PM)")
    assert renamed.get("Hun Sen") is None
    assert "Hun Sen" in renamed.get("Hun Sen (PM)").aliases


def test_split_moves_aliases_to_a_new_actor(small):
    parted = aliases.split(small, "Hun Sen", aliases=["Samdech Hun Sen"], new_name="Samdech")
    assert parted.get("Hun Sen").aliases == ()
    assert parted.get("Samdech").aliases == ("Samdech Hun Sen",)
    with pytest.raises(ValueError, match="not aliases"):
        aliases.split(small, "Hun Sen", aliases=["Nobody"], new_name="X")
    with pytest.raises(KeyError):
        aliases.split(small, "Nobody", aliases=[], new_name="X")


def test_set_group(small):
    assert aliases.set_group(small, "Hun Sen", "Cambodian government").get("Hun Sen").group == "Cambodian government"


def test_edit_that_reuses_an_alias_is_refused(small):
    with pytest.raises(aliases.ActorsFileError, match="both"):
        aliases.merge(small, ["Sokha"], into="Hun Sen")


def test_save_round_trips_and_keeps_a_backup(small):
    edited = aliases.set_group(small, "Hun Sen", "government")
    saved = aliases.save_dictionary(edited)
    assert aliases.load_dictionary(small.path).get("Hun Sen").group == "government"
    backups = list(small.path.parent.glob("actors.yml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == SMALL
    # saving the returned dictionary again is not a conflict, and keeps a second backup
    aliases.save_dictionary(aliases.set_group(saved, "Hun Sen", "CPP"))
    assert len(list(small.path.parent.glob("actors.yml.*.bak"))) == 2


def test_save_refuses_to_overwrite_edits_made_on_disk_meanwhile(small):
    small.path.write_text(SMALL + "  - name: Sam Rainsy\n    type: PERSON\n", encoding="utf-8")
    with pytest.raises(aliases.ConflictError, match="changed on disk"):
        aliases.save_dictionary(aliases.set_group(small, "Hun Sen", "x"))
    assert "Sam Rainsy" in small.path.read_text(encoding="utf-8")


def test_save_leaves_no_temporary_files(small):
    aliases.save_dictionary(small)
    assert not [p for p in small.path.parent.iterdir() if p.name.startswith(".actors.yml.")]


def test_normalise():
    assert aliases.normalise("the Cambodian People’s  Party") == "cambodian people's party"
