# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
N ?= 200
JOBS ?= 2
# `make site SETTINGS=publishconf.py` builds for the public address (the Pages workflow).
SETTINGS ?= pelicanconf.py

.PHONY: site test check check-changes review serve bench lint mutate favicon clean system-deps site-deps \
	messages-extract messages-update messages-compile ci-shards shard merge-shards ci-build

site: site-deps $(STAMP)
	$(BIN)/briefings --settings $(SETTINGS) build

# The PDF step split across SHARDS jobs (docs/scaling.md): the one place the workflows
# read how many. `make ci-shards` prints the shard numbers as a JSON list, for a matrix;
# `make shard SHARD=i` is job i's build; `make merge-shards SHARD_CACHES="dir..."` adds
# the shard builds' caches to ours and builds the site. `make ci-build` runs them all
# here, one after the other, as the workflows do (scripts/ci-build.sh).
SHARDS ?= 4
SHARD ?= 1
SHARD_CACHES ?=
ci-shards:
	@echo "[$$(seq -s , 1 $(SHARDS))]"

shard: site-deps $(STAMP)
	$(BIN)/briefings --settings $(SETTINGS) build --shard $(SHARD)/$(SHARDS)

merge-shards: site-deps $(STAMP)
	$(BIN)/briefings --settings $(SETTINGS) merge-shards $(SHARD_CACHES)

ci-build: site-deps $(STAMP)
	BRIEFINGS=$(BIN)/briefings bash scripts/ci-build.sh $(SHARDS) output --settings $(SETTINGS)

check: $(STAMP)
	$(BIN)/briefings check

# A pull request's check: errors anywhere, warnings in the files changed since SINCE.
SINCE ?= origin/main
check-changes: $(STAMP)
	$(BIN)/briefings check --strict --changed-since $(SINCE)

# What is due for review (stale figures, briefings, sources), as of AS_OF if given (else
# the last commit's date); `make review REVIEW_FORMAT=json` for tools. Only the list is
# printed, so its output can be saved.
AS_OF ?=
REVIEW_FORMAT ?= text
review: $(STAMP)
	@$(BIN)/briefings $(if $(AS_OF),--as-of $(AS_OF) )review --format $(REVIEW_FORMAT)

serve: site-deps $(STAMP)
	$(BIN)/briefings serve

# Debian packages first: npm ci would otherwise find no Java for vnu-jar.
test: system-deps
	$(MAKE) --no-print-directory $(TEST_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# ruff on all our Python; mypy --strict on the generator package (pyproject.toml says
# which untyped libraries it lets through).
lint: $(TEST_STAMP)
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/ruff format --check generator tests benchmarks scripts
	$(BIN)/mypy

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks.run --n $(N)

# Mutation testing of the modules listed in scripts/mutate.py, JOBS mutants at a time;
# too slow for `make test` (docs/testing.md). `make mutate MUTATE=generator/content/loading.py`
# tests one module.
mutate: $(TEST_STAMP)
	$(BIN)/python scripts/mutate.py --jobs $(JOBS) $(MUTATE)

# theme/static/favicon.ico drawn from favicon.svg, after changing it (commit both).
favicon: $(TEST_STAMP)
	$(BIN)/python scripts/favicon.py

# The theme's interface strings (CONTRIBUTING.md, "Interface strings and their
# translations"). babel.cfg says where they are. The template has no header, so no date
# or version: extracting twice gives the same file, and its diff shows only strings.
# Sorted by file, with each string's places for the translators.
TRANSLATIONS := theme/translations
messages-extract: $(STAMP)
	$(BIN)/pybabel --quiet extract --mapping-file babel.cfg --omit-header --sort-by-file \
		--add-comments Translators: --output-file $(TRANSLATIONS)/messages.pot .

# Every language's catalog brought up to the template: new strings arrive empty (or
# fuzzy, guessed from a similar one), removed ones go. `make messages-update NEW_LANG=xx`
# starts the catalog of a new language.
NEW_LANG ?=
messages-update: $(STAMP)
	$(BIN)/pybabel update --input-file $(TRANSLATIONS)/messages.pot --output-dir $(TRANSLATIONS) \
		--ignore-obsolete --ignore-pot-creation-date \
		$(if $(NEW_LANG),--locale $(NEW_LANG) --init-missing)

# Proves each catalog compiles (placeholders that match their msgid) and says how much
# of it is translated. A build reads the .po files themselves, so the compiled files go
# to a temporary folder and are thrown away.
messages-compile: $(STAMP)
	@compiled=$$(mktemp -d) && trap 'rm -rf "$$compiled"' EXIT && \
	for po in $(TRANSLATIONS)/*/LC_MESSAGES/messages.po; do \
		lang=$${po#$(TRANSLATIONS)/}; lang=$${lang%%/*}; \
		$(BIN)/pybabel compile --statistics --locale $$lang --input-file $$po \
			--output-file "$$compiled/$$lang.mo" || exit 1; \
	done

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# --no-deps: the lock files hold every dependency, pinned with its hashes; left to resolve,
# pip 23 asks the index again for a dependency named with extras (weasyprint's
# fonttools[woff]), takes its newest release and refuses it as unpinned. pip check then
# makes sure the lock was complete.
$(STAMP): requirements.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

$(TEST_STAMP): requirements-test.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip check
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --silent --no-audit --no-fund
	touch $@

system-deps:
	@bash scripts/system-deps.sh test

site-deps:
	@bash scripts/site-deps.sh

clean:
	rm -rf output .venv node_modules .pytest_cache
