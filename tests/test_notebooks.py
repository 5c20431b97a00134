"""Every notebook runs top to bottom in the project's kernel, and is committed clean."""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from toolkit import config

NOTEBOOKS = sorted((config.PROJECT_ROOT / "notebooks").glob("*.ipynb"))
PROBE = "import sys; print(sys.prefix)"


def _ids(paths):
    return [path.stem for path in paths]


@pytest.fixture
def jupyter_dirs(tmp_path, monkeypatch):
    """Jupyter's own dirs under tmp, so no user kernelspec or config can replace the venv's kernel."""
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        folder = tmp_path / var.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(var, str(folder))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets a debugger warning on stderr
    return tmp_path


def test_there_are_notebooks():
    assert any(path.name.startswith("00-") for path in NOTEBOOKS)


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs_top_to_bottom(path: Path, jupyter_dirs):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError with the cell and traceback on any error
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
    probe_output = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    assert probe_output.strip() == sys.prefix  # the project's venv ran it, not some other kernel


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        index for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert dirty == [], f"{path.name}: cells {dirty} keep outputs; run `make strip` (nbstripout) before committing"
    assert "widgets" not in nb.metadata, f"{path.name} keeps widget state; run `make strip` (nbstripout)"
    assert path.stat().st_size < 100_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_thin(path: Path):
    """Imports and one explorer call: a table computed in a later cell would show the corpus the notebook was run
    on, not the one picked afterwards (in Voilà it cannot even be re-run)."""
    nb = nbformat.read(path, as_version=4)
    code = [cell.source.strip() for cell in nb.cells if cell.cell_type == "code"]
    assert code[0] == "import toolkit as tk"
    assert len(code) == 2 and "tk." in code[1] and ("explore" in code[1] or "_explorer(" in code[1])
