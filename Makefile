# Two commands on a fresh machine (each installs what it needs into .venv):
#   make reports   execute every notebook and render reports/*.html (+ index.html)
#   make test      run the test suite (notebooks included)
# Point the reports at your own corpus with:  make reports CORPUS=path/to/corpus

PYTHON ?= python3
VENV   ?= .venv
# stanza needs torch; this pin takes a CPU build where one is available locally.
TORCH  ?= torch==2.13.0
BIN    := $(VENV)/bin

.PHONY: reports test fuzz lint benchmark tagger clean

reports: $(VENV)/.installed-notebooks
	$(BIN)/python -m corpus_tools.report.reports $(if $(CORPUS),"$(CORPUS)") $(if $(LIMIT),--limit $(LIMIT)) $(if $(JOBS),--jobs $(JOBS))

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

# The extractors' fuzz suite with the long profile (50,000 examples per extractor);
# make test runs the same suite with a fixed 2,000 each.
fuzz: $(VENV)/.installed-dev
	CORPUS_TOOLS_FUZZ=long $(BIN)/python -m pytest tests/test_fuzz.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# Rebuild the entity tagger (word clusters from SaudiNewsNet, then the CRF from
# ANERcorp's training part) into the package: the same bytes as the shipped files.
tagger: $(VENV)/.installed-dev
	$(BIN)/corpus-tools train-tagger --unlabelled ../shared/corpora/saudinewsnet-2015/articles.jsonl.gz

benchmark: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/bench_load_clean.py
	$(BIN)/python benchmarks/bench_entities.py
	$(BIN)/python benchmarks/bench_tagger.py
	$(BIN)/python benchmarks/score_entities.py
	$(BIN)/python benchmarks/attribution_coverage.py
	$(BIN)/python benchmarks/score_timeline.py
	$(BIN)/python benchmarks/bench_dateparser.py
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_pathological.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-notebooks: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[notebooks]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(TORCH)
	$(BIN)/python -m pip install --quiet -e ".[notebooks,stanza,dask,train,dev]"
	touch $@ $(VENV)/.installed-notebooks

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
