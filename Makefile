# Wijkteam Desk — everything a fresh machine needs goes through here.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run demo test bench installer lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Before Qt starts: the X11/xcb system libraries its window plugin needs (installed as root
# with apt, else the one apt-get line is printed); src/wijkteam_desk/qtlibs.py.
run: $(STAMP)
	$(PY) -m wijkteam_desk.qtlibs
	PYTHONDONTWRITEBYTECODE= $(PY) -m wijkteam_desk gui

demo: $(STAMP)
	$(PY) -m wijkteam_desk.qtlibs
	PYTHONDONTWRITEBYTECODE= $(PY) -m wijkteam_desk gui --demo

# On every core (pytest-xdist; a worker steals queued tests from a busy one). Bytecode is written
# even where the environment says not to (PYTHONDONTWRITEBYTECODE): every command-line test
# starts Python again, and compiling our 150 modules each time costs more than the command.
# PYTEST_WORKERS=0 runs in one process (e.g. to debug with -x --pdb).
PYTEST_WORKERS ?= auto
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(PYTEST_WORKERS) \
		--dist worksteal $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE= $(PY) -m bench

# The one-folder bundle in dist/wijkteam-desk/ (installer/README.md); PyInstaller only goes into
# the venv here, not for `make run`/`make test`.
installer: $(STAMP)
	$(PY) -m pip install --quiet -e '.[installer]'
	$(PY) installer/build.py

lint: $(STAMP)
	$(PY) -m ruff check src tests bench installer

clean:
	rm -rf $(VENV) build dist *.egg-info
