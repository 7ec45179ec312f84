# Every routine task is one command. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run index chat test test-deps eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of PyTorch first, so nothing later pulls the multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

index: setup
	$(BIN)/qa index --corpus seeds

chat: setup
	$(BIN)/python app.py

# The main job on the embedded defaults: index seeds/, then open the chat on http://127.0.0.1:7860
run: index chat

# Debian's Chromium drives the browser tests (a test tool's own browser download fails offline).
test-deps: setup
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: test-deps
	$(BIN)/python -m pytest -q
	$(BIN)/qa eval --no-progress --index $(VENV)/eval-index

eval: setup
	$(BIN)/qa eval --compare

bench: setup
	$(BIN)/qa bench

clean:
	rm -rf index/* evals/out $(VENV)/eval-index
