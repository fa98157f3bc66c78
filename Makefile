# feedback-seg: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo/feedback_seg.db
PORT ?= 8765
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: demo test install venv data ingest segment serve bench clean browser-deps postgres

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, pinned: it takes the CPU build on disk. An unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,postgres,onnx,baselines]' torch==2.13.0
	touch $@

install: $(VENV)/.installed

venv: install

data: install
	$(BIN)/python data/generate.py --out demo/data --seed 7

ingest: data
	rm -f $(DB)
	$(BIN)/feedback-seg --db $(DB) init
	$(BIN)/feedback-seg --db $(DB) ingest demo/data/brand_survey_qualtrics.csv --project demo
	$(BIN)/feedback-seg --db $(DB) ingest-attributes demo/data/crm_customers.csv --project demo --key customer_id
	$(BIN)/feedback-seg --db $(DB) status --project demo

segment: ingest
	$(BIN)/feedback-seg --db $(DB) segment --project demo --seed 7
	$(BIN)/feedback-seg --db $(DB) show --project demo

demo: segment
	@echo "Starting the review UI on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(BIN)/feedback-seg --db $(DB) serve --port $(PORT) --demo-admin

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: browser tests will be skipped (run as root to install it)"; fi; fi

postgres:
	@command -v pg_ctlcluster >/dev/null && (pg_lsclusters | grep -q online || pg_ctlcluster 15 main start) || echo "PostgreSQL not installed: PostgreSQL tests will be skipped"

test: install browser-deps postgres
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

bench: install
	$(BIN)/python benchmarks/embed.py
	$(BIN)/python benchmarks/pii_recall.py

clean:
	rm -rf demo build dist *.egg-info
