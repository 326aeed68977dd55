# Backbone: the two commands a new machine needs are `make run` and `make test`.
# Each installs what is missing first (scripts/setup.sh).

CARGO ?= cargo
NPM ?= npm
# The app on a desktop; on a machine with no display, under a virtual one.
RUN_WRAP := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY)),,xvfb-run -a)

.PHONY: run test setup setup-run ui bindings fmt lint test-core test-ui test-e2e check-bindings bench clean

## Install what is missing, build, and open the app on its default database.
run: setup-run ui
	$(CARGO) build -p backbone-app
	$(RUN_WRAP) ./target/debug/backbone

## Every check: format, lints, core tests, UI type check and tests, bindings drift, and
## the end-to-end tests of the real window under Xvfb.
test: setup ui fmt lint test-core test-ui check-bindings test-e2e
	@echo "make test: all checks passed"

setup:
	scripts/setup.sh test

setup-run:
	scripts/setup.sh run

ui:
	$(NPM) --prefix ui run --silent build

bindings:
	$(CARGO) run -q -p backbone --example bindings

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-core:
	$(CARGO) test -p backbone

test-ui:
	$(NPM) --prefix ui run --silent check
	$(NPM) --prefix ui run --silent test

# The committed bindings must match the Rust types (the core test bindings_are_up_to_date
# checks the same; this also catches stray edits through git).
check-bindings: bindings
	git diff --exit-code --stat -- ui/src/bindings
	@test -z "$$(git status --porcelain -- ui/src/bindings)" || { git status --porcelain -- ui/src/bindings; echo "ui/src/bindings has files git does not know: commit them"; exit 1; }

test-e2e:
	mkdir -p test-artifacts
	$(CARGO) build -p backbone-app
	xvfb-run -a -s "-screen 0 1920x1080x24" $(CARGO) test -p backbone-app --test e2e -- --test-threads=1

bench:
	$(CARGO) bench -p backbone --bench scorecard --bench equity --bench charts --bench sync
	scripts/bench-import.sh

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules test-artifacts
