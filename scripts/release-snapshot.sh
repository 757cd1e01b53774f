#!/usr/bin/env bash
# A snapshot release into dist/, as a tagged release would make it but
# publishing nothing: all six targets (CGO off, -trimpath, the version,
# commit and date stamped), their archives, checksums.txt, the Homebrew
# cask and the Scoop manifest. GoReleaser is pinned, and built from the Go
# module proxy on first use (about two minutes; cached after).
#
#   scripts/release-snapshot.sh
#   EWSCONNECT_SNAPSHOT_DIST=$PWD/dist go test ./e2e -run Snapshot   # test what it made
set -euo pipefail
cd "$(dirname "$0")/.."

goreleaser() { go run github.com/goreleaser/goreleaser/v2@v2.15.1 "$@"; }

# GoReleaser reads the commit only from a checkout with a remote; without
# one it stamps "none". A fresh `git init` or a copied tree has none: give
# this run (only) the project's address.
if [ -z "$(git remote)" ]; then
  export GIT_CONFIG_COUNT=1
  export GIT_CONFIG_KEY_0=remote.origin.url
  export GIT_CONFIG_VALUE_0=https://github.com/ewsconnect/ewsconnect.git
fi

goreleaser check
goreleaser release --snapshot --clean
