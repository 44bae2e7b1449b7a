#!/usr/bin/env bash
# The mobile bindings' tests, from a fresh Debian machine (run as root; only the package
# registries are needed). Installs what is missing, once:
#   - Debian libjna-java (JNA for the JVM; `apt-get update` runs only if it must be installed)
#   - npm kotlin-compiler (kotlinc, with kotlinx-coroutines and kotlin-test) into target/mobile-tools
#   - PyPI tree-sitter, tree-sitter-kotlin, tree-sitter-swift into a venv in target/mobile-tools
# then builds the ffi library and generates the bindings (scripts/bindings.sh), compiles the
# Kotlin library with its JVM tests and runs them against a real relay on loopback, and checks
# the syntax of the hand-written Kotlin and Swift, that the Android app keeps its store out of
# backups and device transfers (scripts/check-android-backup.py), and that every word the apps
# show comes from their strings, Chinese and English alike (scripts/check-strings.py), and that
# the Gradle and Xcode definitions hold together (scripts/check-shells.py), and that no public
# signature of the generated bindings or the hand-written wrappers uses an unsigned integer
# (scripts/check-signed.py); the checks' own unit tests are scripts/test_*.py.
#
#   scripts/test-mobile.sh            everything
#   scripts/test-mobile.sh hospital   only the Kotlin tests whose name contains "hospital"
#
# The Kotlin tests end with an `N passed, N failed` line; the exit status is non-zero if any
# step or test fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

KOTLIN_VERSION="2.4.20"
tools="${JINLIN_MOBILE_TOOLS:-$root/target/mobile-tools}"
out="$root/target/mobile"
filter="${1:-}"

step() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    # Only refresh the package lists when something must be installed.
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

step "tools"
missing=()
[ -f /usr/share/java/jna.jar ] || missing+=(libjna-java)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then missing+=(python3-venv); fi
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt_install "${missing[@]}"
fi
jna="/usr/share/java/jna.jar"

kotlin_home="$tools/npm/node_modules/kotlin-compiler"
if [ "$(cat "$kotlin_home/build.txt" 2>/dev/null)" != "$KOTLIN_VERSION" ]; then
    echo "installing kotlin-compiler $KOTLIN_VERSION"
    mkdir -p "$tools/npm"
    npm install --prefix "$tools/npm" --no-audit --no-fund --loglevel=error "kotlin-compiler@$KOTLIN_VERSION"
fi
kotlinc="$kotlin_home/bin/kotlinc"
klib="$kotlin_home/lib"

venv="$tools/venv"
if ! "$venv/bin/python" -c 'import tree_sitter, tree_sitter_kotlin, tree_sitter_swift' 2>/dev/null; then
    echo "installing tree-sitter grammars"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check tree-sitter tree-sitter-kotlin tree-sitter-swift
fi
echo "java: $(java -version 2>&1 | head -1); kotlinc $(cat "$kotlin_home/build.txt"); jna: $jna"

step "build the ffi library and generate bindings"
scripts/bindings.sh

step "syntax check of the hand-written Kotlin and Swift; the Android store stays out of backups; strings in zh-Hans and en; build definitions; signed integers in public signatures"
syntax_status=0
"$venv/bin/python" scripts/syntax-check.py "$root" || syntax_status=$?
python3 scripts/check-android-backup.py "$root" || syntax_status=$?
python3 scripts/check-strings.py "$root" || syntax_status=$?
python3 scripts/check-shells.py "$root" || syntax_status=$?
python3 scripts/check-signed.py "$root" || syntax_status=$?
python3 -m unittest discover -s scripts -p 'test_*.py' || syntax_status=$?

step "compile the Kotlin library and its JVM tests"
sources=(
    bindings/kotlin-jvm
    android/jinlin-kotlin/src/main/kotlin
    android/jinlin-kotlin/src/test/kotlin
)
classpath="$jna:$klib/kotlinx-coroutines-core-jvm.jar:$klib/kotlin-test.jar"
stamp="$(
    {
        echo "$KOTLIN_VERSION $classpath"
        find "${sources[@]}" -name '*.kt' -type f -print0 | sort -z | xargs -0 sha256sum
    } | sha256sum | cut -d' ' -f1
)"
if [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && [ -d "$out/classes" ]; then
    echo "up to date"
else
    rm -rf "$out/classes"
    mkdir -p "$out/classes"
    # The generated bindings are uniffi's; the hand-written library and its tests are ours and
    # compile with warnings as errors (a warning once hid an extension shadowed by a member).
    JAVA_OPTS="${JAVA_OPTS:--Xmx2g}" "$kotlinc" -jvm-target 17 -nowarn -cp "$classpath" -d "$out/classes" \
        "${sources[0]}"
    JAVA_OPTS="${JAVA_OPTS:--Xmx2g}" "$kotlinc" -jvm-target 17 -Werror -cp "$out/classes:$classpath" \
        -d "$out/classes" "${sources[@]:1}"
    echo "$stamp" >"$out/stamp"
fi

step "Kotlin JVM tests (against target/debug/jinlin-relay)"
test_status=0
JINLIN_RELAY="$root/target/debug/jinlin-relay" \
    java -Djna.library.path="$root/target/debug" \
    -cp "$out/classes:$klib/kotlin-stdlib.jar:$classpath" \
    org.jinlin.sdk.TestRunnerKt ${filter:+"$filter"} || test_status=$?

if [ "$syntax_status" -ne 0 ]; then
    echo "the syntax, backup, strings, build-definition or signed-integer check failed (see above)" >&2
fi
[ "$syntax_status" -eq 0 ] && [ "$test_status" -eq 0 ]
