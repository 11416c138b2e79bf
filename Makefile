# One command each, on a fresh machine:
#   make demo   set up .venv, index the corpus, answer a question with cited pages
#   make test   set up .venv, lint, type-check and run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/docs
INDEX ?= index
QUESTION ?= What makes section 60 weapons searches more contentious than other searches?

EVAL ?= ../shared/eval/dev.jsonl
ifeq ($(shell uname -m),x86_64)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
else
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF
endif

.PHONY: setup demo test lint system-deps bench eval clean

# the demo's corpus must exist: said at once, before anything is installed
ifneq ($(filter demo,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(CORPUS)/.),)
$(error the corpus folder $(CORPUS) does not exist; point the demo at a folder of PDFs: make demo CORPUS=path/to/pdfs)
endif
endif

# the main job: the package and what it needs to index and answer
$(BIN)/assistant: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU torch first: an unpinned torch would pull a multi-GB CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	touch $@

# the tests' tools besides: llama-cpp-python compiles llama.cpp (~4-8 min on 2 cores; pip
# caches the wheel). Not for this CPU only (-march=native crashed here: a general protection
# fault in ggml-cpu).
$(VENV)/.test-deps: $(BIN)/assistant
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.test-deps

demo: $(BIN)/assistant
	$(BIN)/assistant index $(CORPUS) --index $(INDEX)
	$(BIN)/assistant docs --index $(INDEX)
	$(BIN)/assistant ask "$(QUESTION)" --index $(INDEX) -k 3

lint: setup
	$(BIN)/ruff check assistant cli tests benchmarks
	$(BIN)/ruff format --check assistant cli tests benchmarks
	$(BIN)/mypy

system-deps:
	scripts/system-deps

test: lint system-deps
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/bench_index.py --corpus $(CORPUS)
	$(BIN)/python benchmarks/bench_retrieve.py --corpus $(CORPUS)
	$(BIN)/python benchmarks/bench_serve.py
	$(BIN)/python benchmarks/bench_generate.py

eval: setup
	for mode in hybrid dense lexical; do $(BIN)/assistant eval $(EVAL) --mode $$mode --index $(INDEX); done

clean:
	rm -rf $(VENV) $(INDEX)/v* $(INDEX)/CURRENT $(INDEX)/.lock
