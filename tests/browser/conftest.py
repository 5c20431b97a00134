"""Real-browser fixtures: a JupyterLab (or Voilà) server on 127.0.0.1 and Debian's Chromium via Playwright.

Nothing is downloaded: Playwright drives ``/usr/bin/chromium`` (never ``playwright
install``). Without Chromium the browser tests are skipped with the install command,
except in CI (``CI=true``), where they fail instead.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from toolkit import config

CHROMIUM = os.environ.get("NEWSLENS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
INSTALL_HINT = "apt-get install --no-install-recommends chromium fonts-liberation"
SCREENSHOTS = config.PROJECT_ROOT / "exports" / "screenshots"
TIMEOUT_MS = 60_000  # a cold kernel plus the plotly bundle take about 5 s; the machine may be busy
SERVER_START_S = 90


@dataclass
class Server:
    """A running Jupyter server: where it is, its token, its folders."""

    url: str
    token: str
    root: Path  # the notebooks' working copies
    exports: Path  # NEWSLENS_EXPORTS of its kernels
    process: subprocess.Popen

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() and os.access(CHROMIUM, os.X_OK):
        return
    message = f"browser tests need Chromium at {CHROMIUM}; install it with `{INSTALL_HINT}` (as root)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}. CI must run the browser tests, not skip them.")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _jupyter_env(base: Path, exports: Path) -> dict[str, str]:
    """Jupyter's config, data, runtime, settings and workspace dirs under ``base``; news and update checks off."""
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "config", "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime", "JUPYTERLAB_SETTINGS_DIR": base / "settings",
        "JUPYTERLAB_WORKSPACES_DIR": base / "workspaces", "IPYTHONDIR": base / "ipython",
    }
    for var, folder in dirs.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    notification = dirs["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env.update(NEWSLENS_EXPORTS=str(exports), JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    # The kernels import the checkout under test (a worktree run with PYTHONPATH=., or the editable
    # install's own folder), whatever the kernel's working folder is: relative entries would not do.
    given = [str(Path(p).resolve()) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    paths = [str(config.PROJECT_ROOT), *given]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _start(command: list[str], *, env: dict, log: Path, ready) -> subprocess.Popen:
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[2]} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if ready():
            return process
        time.sleep(0.3)
    _stop(process)
    raise RuntimeError(f"{command[2]} did not start within {SERVER_START_S} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # SIGINT is ignored by a background job of a non-interactive shell
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _copy_notebooks(root: Path) -> None:
    # Work on copies: JupyterLab autosaves, and the committed notebooks must stay clean.
    root.mkdir(parents=True, exist_ok=True)
    for notebook in (config.PROJECT_ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy2(notebook, root / notebook.name)


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Server:
    """JupyterLab on 127.0.0.1: a free port, a token, Jupyter dirs under tmp, copies of the notebooks."""
    _require_chromium()
    base = tmp_path_factory.mktemp("lab")
    root, exports = base / "notebooks", base / "exports"
    _copy_notebooks(root)
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", *_root_flag(),
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly", "--LabApp.expose_app_in_browser=True",
    ]
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    process = _start(command, env=_jupyter_env(base, exports), log=base / "lab.log", ready=ready)
    yield Server(url, token, root, exports, process)
    _stop(process)


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory, request) -> Server:
    """A Voilà server for one notebook (dashboard mode); the test module names it in ``VOILA_NOTEBOOK``."""
    _require_chromium()
    base = tmp_path_factory.mktemp("voila")
    root, exports = base / "notebooks", base / "exports"
    _copy_notebooks(root)
    port, token = _free_port(), secrets.token_hex(16)
    notebook = root / request.module.VOILA_NOTEBOOK
    command = [
        sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1",
        f"--port={port}", f"--token={token}",
    ]
    process = _start(command, env=_jupyter_env(base, exports), log=base / "voila.log",
                     ready=lambda: _port_open(port))
    yield Server(f"http://127.0.0.1:{port}", token, root, exports, process)
    _stop(process)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; Playwright's own browsers are never downloaded."""
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser_context(chromium):
    """One context for the session, so JupyterLab's scripts are fetched once and then cached."""
    context = chromium.new_context()
    yield context
    context.close()


def _new_page(browser_context):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _shot_if_failed(page, request) -> None:
    """Save what the page showed when the test failed, next to the screenshots."""
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"failed-{request.node.name}.png"), full_page=True)


@pytest.fixture
def page(browser_context, request):
    """A fresh page; when the test fails, what the page showed is saved next to the screenshots."""
    (SCREENSHOTS / f"failed-{request.node.name}.png").unlink(missing_ok=True)
    page = _new_page(browser_context)
    yield page
    _shot_if_failed(page, request)
    page.close()


@pytest.fixture(scope="module")
def module_page(browser_context):
    """One page for a whole module, whose tests are steps of one session (use it through ``step``)."""
    page = _new_page(browser_context)
    yield page
    page.close()


@pytest.fixture
def step(module_page, request):
    """The module's page for one test; when the test fails, what the page showed is saved."""
    (SCREENSHOTS / f"failed-{request.node.name}.png").unlink(missing_ok=True)
    yield module_page
    _shot_if_failed(module_page, request)


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
