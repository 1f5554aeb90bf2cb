# Backroom: `make run` starts the app, `make test` runs the tests, `make bench` the benchmarks.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PACKAGE_STAMP := $(VENV)/.installed-package

# Qt's xcb plugin (a real window, also under xvfb-run) needs these Debian libraries;
# libpulse0 lets QtMultimedia play the packing sounds (without it they stay silent).
XCB_LIBS := libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 \
	libegl1 libgl1 libfontconfig1 libdbus-1-3 libpulse0

# pytest-xdist: one test process per core (XDIST= runs them in one process); a process that
# runs out of tests takes half of the other's, so a slow test does not finish last alone.
XDIST ?= -n auto --dist worksteal
# The slowest tests are named at the end of each pass, so a creeping suite shows where.
PYTEST_ARGS ?= --durations=15

.PHONY: run test bench lint xcb-libs clean package package-smoke translations ts

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The window's languages: each translations/*.ts (what translators edit, committed) becomes
# the .qm file the app loads at start (app/ui/common/i18n.py), with pyside6-lrelease from the
# PySide6 wheel. `make ts` adds new source strings to the .ts files (pyside6-lupdate reads
# translate("context", "text") and QT_TRANSLATE_NOOP calls in app/ and main.py).
TS_FILES := $(wildcard translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

translations: $(QM_FILES)

translations/%.qm: translations/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

ts: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -extensions py -no-obsolete -locations none app main.py \
		-source-language en -ts $(TS_FILES)

# Installs the Debian libraries only when one is missing and we may (root or sudo).
xcb-libs:
	@missing=$$(for p in $(XCB_LIBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
		echo "Installing Qt's display libraries: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null \
		|| echo "Could not install $$missing; install them to see the window."; \
	fi

run: $(STAMP) xcb-libs translations
	$(PY) main.py $(ARGS)

# ruff, mypy (strict on models and services), the whole suite on SQLite files, then the
# service and end-to-end tests again on a throwaway PostgreSQL server.
test: $(TEST_STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m ruff check app tests bench main.py
	$(PY) -m mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)
	QT_QPA_PLATFORM=offscreen scripts/with-postgres.sh $(PY) -m pytest $(XDIST) tests/unit \
		tests/e2e $(PYTEST_ARGS)

# PostgreSQL figures beside SQLite's when a server can be had (a throwaway one, fsync on).
# Big demo stores are built once into BENCH_CACHE and copied from there on later runs.
BENCH_CACHE ?= $(HOME)/.cache/backroom-bench
bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen BACKROOM_PG_DURABLE=1 BACKROOM_PG_OPTIONAL=1 BENCH_CACHE=$(BENCH_CACHE) \
		scripts/with-postgres.sh $(PY) -m bench $(ONLY)

lint: $(TEST_STAMP)
	$(PY) -m ruff check app tests bench main.py
	$(PY) -m mypy

$(PACKAGE_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[package]'
	touch $@

# The window as one folder, dist/backroom/ (program dist/backroom/backroom), built by
# PyInstaller from packaging/backroom.spec; the icons are drawn first. Windows and macOS:
# packaging/README.md.
package: $(PACKAGE_STAMP) translations
	$(PY) packaging/icons/draw_icon.py
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/backroom.spec

# The built program starts offscreen on a new demo store, builds the window, backs it up
# and quits with exit 0 (main.py --smoke-test).
package-smoke: package
	QT_QPA_PLATFORM=offscreen dist/backroom/backroom --smoke-test

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
