# decruft — `make demo` and `make test` work on a fresh machine with python3 and make.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
BENCH ?= ../shared/bench

.PHONY: demo report-demo test browser lint bench bench-accuracy bench-meta bench-cv bench-short bench-speed bench-html bench-html-cv bench-markdown bench-dedup bench-host bench-memory bench-scale bench-startup bench-ab bench-adversarial bench-report fuzz train clean

# pip is upgraded first: the pip bundled with Python 3.11 (23.x) trips over the bench
# extra's two spellings of lxml's html_clean extra (an internal resolver assertion).
# The kernels (src/decruft/*/_*.pyx, with the inline functions of their .pxd files and the C
# of their .h files) are compiled by the install: a changed one installs again.
$(VENV)/.base: pyproject.toml setup.py $(wildcard src/decruft/*/_*.pyx src/decruft/*/_*.pxd src/decruft/*/_*.h)
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PIP) -e '.[dev]'
	touch $@

$(VENV)/.bench: $(VENV)/.base
	$(PIP) -e '.[dev,bench]'
	touch $@

$(VENV)/.train: $(VENV)/.base
	$(PIP) -e '.[dev,bench,train]'
	touch $@

demo: $(VENV)/.base
	$(VENV)/bin/decruft demo -o demo-out

# the demo's run as one HTML file: ledger, rules, each page before/after (docs/report.md)
report-demo: demo
	$(VENV)/bin/decruft report demo-out -o demo-out/report.html

test: $(VENV)/.dev browser
	$(PY) -m pytest

# The report's browser test opens it in headless Chromium (Debian's chromium package):
# installed here when missing and apt-get may (root); else the test says why it skips.
browser:
	@command -v chromium > /dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null \
	  && { apt-get update -q && apt-get install -y -q --no-install-recommends chromium; } \
	  || echo "chromium is not installed and cannot be installed here: the browser test will skip"; }

# the fuzz suite with 70x its make-test budget (about 54,000 inputs, ~8 minutes)
fuzz: $(VENV)/.dev
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz -p no:cacheprovider --hypothesis-show-statistics

lint: $(VENV)/.dev
	$(PY) -m ruff check src tests training bench
	$(PY) -m ruff format --check src tests
	$(PY) -m mypy

bench: bench-accuracy bench-meta bench-speed bench-html bench-dedup bench-host

bench-accuracy: $(VENV)/.bench
	$(PY) bench/accuracy.py --bench $(BENCH)

bench-meta: $(VENV)/.bench
	$(PY) bench/metadata.py --bench $(BENCH)

# plain 5-fold CV beside leave-one-source-out CV (HTML model; MODEL=text or both for the
# text model too, ~40 min each more), per source, page type and language
MODEL ?= html
bench-cv: $(VENV)/.train
	$(PY) bench/cv.py --bench $(BENCH) --model $(MODEL)

# pages that are all content (the dev articles' truth, 1-3 paragraphs or whole), text and HTML
bench-short: $(VENV)/.bench
	$(PY) bench/shortpages.py --bench $(BENCH)

bench-speed: $(VENV)/.bench
	$(PY) bench/speed.py --bench $(BENCH)

# decruft on HTML beside trafilatura, readability-lxml and resiliparse: accuracy, speed, WARC
bench-html: $(VENV)/.bench
	$(PY) bench/htmlbench.py --bench $(BENCH)

# decruft's Markdown beside trafilatura's on the dev HTML pages: headings, list items and table
# cells found as such, token F1, and what rendering costs beside cleaning
bench-markdown: $(VENV)/.bench
	$(PY) bench/markdown.py --bench $(BENCH)

bench-html-cv: $(VENV)/.train
	$(PY) bench/htmlbench.py --bench $(BENCH) --parts accuracy --cv

bench-dedup: $(VENV)/.bench
	$(PY) bench/dedup.py --bench $(BENCH)

# host boilerplate pass: dev articles dealt to six templated hosts, cleaned with/without
# --corpus (no peers, so only the base install)
bench-host: $(VENV)/.base
	$(PY) bench/hostpass.py --bench $(BENCH)

bench-memory: $(VENV)/.base
	$(PY) bench/memory.py --bench $(BENCH) --records 100000

# decruft clean end to end with 1 and 2 workers on generated corpora of three sizes
# a fresh venv: pip install ., the first run after it, warm starts beside trafilatura's CLI,
# and the install's size
bench-startup: $(VENV)/.bench
	$(PY) bench/startup.py --bench $(BENCH)

bench-scale: $(VENV)/.base
	$(PY) bench/scale.py --bench $(BENCH)

# two source trees cleaning the same records, interleaved (speed as a same-run ratio):
#   git worktree add /tmp/old <commit> && make bench-ab OLD=/tmp/old/src
bench-ab: $(VENV)/.base
	$(PY) bench/ab.py $(OLD) src --bench $(BENCH)

# decruft report on 10,000 pages (the dev records, kept bodies, repeated): build time and size
bench-report: $(VENV)/.base
	$(PY) bench/report.py --bench $(BENCH)

# seconds to clean pathological single pages (10 MB line, 100k nested divs, 50 MB attribute)
bench-adversarial: $(VENV)/.base
	$(PY) bench/adversarial.py

train: $(VENV)/.train
	$(PY) training/train.py --bench $(BENCH)
	$(PY) training/train.py --bench $(BENCH) --html
	$(PY) training/train_title.py --bench $(BENCH)

# numba caches compiled kernels next to the sources; a cached kernel does not notice edits to
# another module's kernel it calls, so clear the caches after editing kernels.
clean:
	rm -rf demo-out bench-out .pytest_cache .mypy_cache .ruff_cache
	find src -name '*.nbi' -delete -o -name '*.nbc' -delete
