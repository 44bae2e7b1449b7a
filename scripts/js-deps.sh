#!/usr/bin/env bash
# Installs the official JavaScript Automerge library the foreign-writer tests use
# (tests/js/*.cjs, run by `cargo test --workspace --test sync -- foreign`) into
# target/js-tools/node_modules. Without npm it says so and does nothing; the tests then skip
# with a message.
set -euo pipefail
cd "$(dirname "$0")/.."

AUTOMERGE_VERSION="${AUTOMERGE_VERSION:-3.5.0}"
tools="${JINLIN_JS_TOOLS:-target/js-tools}"

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "npm or node is not installed: the JavaScript Automerge tests will be skipped"
    exit 0
fi
installed="$tools/node_modules/@automerge/automerge/package.json"
if [ "$(node -p "require('./$installed').version" 2>/dev/null)" != "$AUTOMERGE_VERSION" ]; then
    echo "installing @automerge/automerge $AUTOMERGE_VERSION into $tools"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "@automerge/automerge@$AUTOMERGE_VERSION"
fi
echo "JavaScript Automerge $AUTOMERGE_VERSION ready in $tools"
