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

# GoReleaser reads the commit with git, and stamps "none" when git
# fails. Two ways it does, fixed for this run only (GIT_CONFIG_*, as git
# -c would): a checkout owned by another user, as a CI runner's may be,
# is "dubious" to git; and a checkout without a remote (a fresh `git
# init`, a copied tree) has no address for GoReleaser to read.
git_config=(safe.directory "$PWD")
if [ -z "$(git -c safe.directory="$PWD" remote)" ]; then
  git_config+=(remote.origin.url https://github.com/ewsconnect/ewsconnect.git)
fi
export GIT_CONFIG_COUNT=$((${#git_config[@]} / 2))
for ((i = 0; i < GIT_CONFIG_COUNT; i++)); do
  export "GIT_CONFIG_KEY_$i=${git_config[2 * i]}" "GIT_CONFIG_VALUE_$i=${git_config[2 * i + 1]}"
done

goreleaser check
goreleaser release --snapshot --clean
