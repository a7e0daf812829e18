# Bimtek: `make run` sets up and serves the app; `make test` installs what the tests need and runs them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
export FLASK_APP := wsgi

.PHONY: run setup test test-only system-deps browser-deps test-tools bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# The Indonesian catalogue is compiled here, at build time: the app never writes into its package.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard bimtek/translations/*/LC_MESSAGES/*.po))
%.mo: %.po | $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# WeasyPrint subsets fonts ~8x faster with HarfBuzz's subsetter; DejaVu is the PDF font.
system-deps:
	@missing=""; \
	ldconfig -p | grep -q libharfbuzz-subset.so.0 || missing="$$missing libharfbuzz-subset0"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing from Debian's packages"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing (run as root once, or: sudo apt-get install$$missing)"; \
	  fi; \
	fi

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2; exit 1; \
	  fi; \
	fi

# The certificate tests rasterise a PDF page with Ghostscript and decode its QR code with zbarimg.
test-tools:
	@missing=""; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	command -v gs >/dev/null || missing="$$missing ghostscript"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing from Debian's packages for the certificate tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The certificate tests need:$$missing (sudo apt-get install$$missing)" >&2; exit 1; \
	  fi; \
	fi

setup: $(VENV)/.installed $(CATALOGUES) system-deps
	$(BIN)/flask db upgrade
	$(BIN)/flask regions import
	@if $(BIN)/flask content --help >/dev/null 2>&1; then $(BIN)/flask content sync; fi
	$(BIN)/flask demo seed

run: setup
	@echo "Bimtek berjalan di http://$(HOST):$(PORT)"
	BIMTEK_INSECURE_COOKIES=1 $(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - wsgi:app

test: $(VENV)/.installed-test $(CATALOGUES) system-deps browser-deps test-tools
	$(BIN)/lint-imports
	$(BIN)/pytest

test-only: $(CATALOGUES)
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(VENV)/.installed-test
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Extract every wrapped string into a template catalogue for translators (Indonesian is the source language).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o bimtek/translations/messages.pot .

clean:
	rm -rf $(VENV) instance .pytest_cache
