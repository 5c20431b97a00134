"""The command line: info and tokens (lens sub-commands are tested with each lens)."""
import subprocess
import sys

import pandas as pd

from toolkit import cli, config


def run(*args):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=120)


def test_info_on_seeds():
    result = run("info", "--no-cache")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "documents:  1" in out
    assert "China Announces Support for Cambodia’s Crackdown" in out
    assert "2017-09-08" in out and "caption 3" in out
    n_sentences = int(out.split("sentences:")[1].split()[0])
    assert 20 <= n_sentences <= 28


def test_tokens_to_parquet_and_csv(tmp_path):
    for name in ("t.parquet", "t.csv"):
        assert cli.main(["tokens", "--no-cache", "--out", str(tmp_path / name)]) == 0
    parquet = pd.read_parquet(tmp_path / "t.parquet")
    csv = pd.read_csv(tmp_path / "t.csv", keep_default_na=False)
    assert len(parquet) == len(csv) > 600
    assert "Sokha" in set(parquet["text"])


def test_missing_path_is_an_error_not_a_traceback():
    result = run("info", "/no/such/corpus")
    assert result.returncode == 2 and "no such corpus" in result.stderr and "Traceback" not in result.stderr


def test_bad_out_extension(tmp_path):
    import pytest

    with pytest.raises(SystemExit, match="unsupported extension"):
        cli.main(["tokens", "--no-cache", "--out", str(tmp_path / "t.xlsx")])


def test_lens_commands_write_their_tables(tmp_path):
    import toolkit as tk

    cases = {
        "events.csv": ["timeline", "--no-cache"],
        "timexes.csv": ["timeline", "--no-cache", "--table", "expressions"],
        "kw.csv": ["keywords", "seeds", "--no-cache", "--method", "keyness"],
        "kwic.csv": ["kwic", "seeds", "Sokha", "--no-cache"],
        "actors.csv": ["actors", "seeds", "--no-cache"],
        "relations.csv": ["actors", "seeds", "--no-cache", "--table", "relations"],
        "quotes.csv": ["quotes", "seeds", "--no-cache"],
    }
    tables = {}
    for name, args in cases.items():
        args = [a if a != "seeds" else str(config.SEEDS_DIR) for a in args]
        assert cli.main([*args, "--out", str(tmp_path / name)]) == 0
        tables[name] = pd.read_csv(tmp_path / name, keep_default_na=False)
    assert {"2017-09-03", "2017-09-07"} <= set(tables["timexes.csv"]["value"])
    assert set(tk.SCHEMAS["events"][i].name for i in range(3)) <= set(tables["events.csv"].columns)
    assert "crackdown" in set(tables["kw.csv"]["term"])
    assert len(tables["kwic.csv"]) == 5
    assert {"Kem Sokha", "Hun Sen"} <= set(tables["actors.csv"]["actor"])
    assert "condemn" in set(tables["relations.csv"]["polarity"])
    assert tables["quotes.csv"]["speaker"].tolist() == ["San Sarana", "Prak Sokhon", "San Sarana"]


def test_keywords_phrases_and_min_count_options(tmp_path):
    seeds = str(config.SEEDS_DIR)
    for name, extra in {"clean.csv": [], "all.csv": ["--phrases", "all", "--min-count", "1"]}.items():
        assert cli.main(["keywords", seeds, "--no-cache", "--top-n", "100", *extra, "--out", str(tmp_path / name)]) == 0
    clean, every = (pd.read_csv(tmp_path / n, keep_default_na=False) for n in ("clean.csv", "all.csv"))
    assert "cambodia ahead" in set(every["term"]) and "cambodia ahead" not in set(clean["term"])
    assert clean["count"].min() >= 2 and every["count"].min() == 1
