# The front door. `make` lists the targets; `make demo` and `make test` are the two
# commands a new user needs, and both install from the lockfile first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SPEC := openapi/conversations.yaml
STAMP := node_modules/.installed-from-lockfile

.PHONY: help install demo test lint generate check-generated typecheck unit contract build bench-validation clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(STAMP) ## Install dependencies exactly as locked (npm ci), when the lockfile changed

demo: $(STAMP) ## Start Prism on the spec, list conversations through the client, validate and print them
	@npx --no-install tsx scripts/demo.ts

test: $(STAMP) lint check-generated typecheck ## Every check: lint, generated-file freshness, types, unit and contract tests
	@bash scripts/run-jest.sh

lint: $(STAMP) ## Lint the spec with Redocly (every example must match its schema)
	@npx --no-install redocly lint $(SPEC) --format=stylish 2> >(grep -v '[║╔╚]' >&2)

generate: $(STAMP) ## Regenerate generated/ from the spec
	@bash scripts/generate.sh generated

check-generated: $(STAMP) ## Fail, naming the file, when generated/ is stale
	@bash scripts/check-generated.sh

typecheck: $(STAMP) ## tsc --noEmit over src, generated and the tests (includes the type tests)
	@npx --no-install tsc -p tsconfig.json
	@echo "typecheck: ok"

unit: $(STAMP) ## Unit tests only (no servers)
	@npx --no-install jest --selectProjects unit

contract: $(STAMP) ## Contract suites only, against a Prism mock the suites start and stop
	@npx --no-install jest --selectProjects contract

build: $(STAMP) ## Compile src/ and generated/ to dist/
	@npx --no-install tsc -p tsconfig.build.json

bench-validation: $(STAMP) ## Print the cost of validating a 1000-item page, as a ratio to JSON.parse
	@npx --no-install tsx bench/validation-cost.ts

clean: ## Remove build output and reports
	rm -rf dist reports coverage
