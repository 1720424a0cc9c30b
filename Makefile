# Report Mail — the two commands a new developer needs are `make run` and `make test`.
# Both install missing Debian/Ubuntu packages themselves (scripts/deps.sh).

GO        ?= go
BIN       := bin
# One version everywhere: FyneApp.toml's, stamped into internal/appinfo.Version.
VERSION   := $(shell scripts/package-version.sh)
LDFLAGS   := -X github.com/reportmail/reportmail/internal/appinfo.Version=$(VERSION)

.PHONY: run build cli deps test lint bench mailstack mailstack-stop gui-test clean package package-windows

## run: build the desktop app and start it (FILES="a.eml b.msg" opens files straight away)
# Fyne cannot read the "C" locale of a bare shell or container: use English there.
APP_LANG := $(if $(filter-out C C.UTF-8 C.utf8 POSIX,$(LANG)),$(LANG),en_US.UTF-8)

run: build
	LANG=$(APP_LANG) ./$(BIN)/reportmail $(FILES)

build: deps cli
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/reportmail ./cmd/reportmail

## cli: the command-line tool, pure Go
cli:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/reportmail-cli ./cmd/reportmail-cli

## package: dist/ gets the Linux .tar.xz and .deb (packaging/, scripts/package.sh)
package:
	@scripts/package.sh linux dist

## package-windows: dist/ gets the Windows zip with "Report Mail.exe" (about 10 minutes), checked
package-windows:
	@scripts/package.sh windows dist
	@scripts/package-test.sh windows dist/reportmail-$(VERSION)-windows-amd64.zip

deps:
	@scripts/deps.sh build

## test: everything — lint, unit and corpus tests with -race, the real Postfix/Dovecot
## tests, and the real-window test under Xvfb
test:
	@scripts/test.sh

## lint: gofmt, go vet, staticcheck
lint:
	@scripts/lint.sh

## bench: speed and memory beside the reference tools, as ratios
bench: deps cli
	@scripts/deps.sh bench
	$(GO) run ./scripts/bench

mailstack:
	@scripts/mailstack.sh install
	@scripts/mailstack.sh start

mailstack-stop:
	@scripts/mailstack.sh stop

gui-test: build
	@scripts/gui-test.sh

clean:
	rm -rf $(BIN)
