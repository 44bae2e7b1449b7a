#!/usr/bin/env python3
"""Syntax check of the hand-written Kotlin and Swift, for shells that cannot be compiled here.

Parses every .kt/.kts file under android/ and every .swift file under ios/ with the
tree-sitter grammars (PyPI tree-sitter, tree-sitter-kotlin, tree-sitter-swift) and reports the
first error or missing token of each file that does not parse. Generated bindings are skipped:
they are not ours, and the generated Swift uses attributes the grammar does not know.

Usage: syntax-check.py [ROOT]     exit status 1 if any file fails to parse
"""

import sys
from pathlib import Path

import tree_sitter
import tree_sitter_kotlin
import tree_sitter_swift

SKIP_DIRS = {"build", ".gradle", ".build", "JinlinFFI", "generated"}


def first_problem(node):
    """The first ERROR or MISSING node under `node`, depth first, or None."""
    if node.is_error or node.is_missing:
        return node
    if not node.has_error:
        return None
    for child in node.children:
        found = first_problem(child)
        if found is not None:
            return found
    return node


def files(root, folder, suffixes):
    for path in sorted((root / folder).rglob("*")):
        if path.suffix in suffixes and path.is_file() and not SKIP_DIRS.intersection(path.parts):
            yield path


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    parsers = {
        "kotlin": (tree_sitter.Parser(tree_sitter.Language(tree_sitter_kotlin.language())), "android", {".kt", ".kts"}),
        "swift": (tree_sitter.Parser(tree_sitter.Language(tree_sitter_swift.language())), "ios", {".swift"}),
    }
    ok = bad = 0
    for language, (parser, folder, suffixes) in parsers.items():
        for path in files(root, folder, suffixes):
            tree = parser.parse(path.read_bytes())
            problem = first_problem(tree.root_node)
            rel = path.relative_to(root)
            if problem is None:
                ok += 1
                continue
            bad += 1
            line, col = problem.start_point
            what = "missing " + problem.type if problem.is_missing else "unexpected input"
            text = problem.text.decode("utf-8", "replace").splitlines()[0][:60] if problem.text else ""
            print(f"{rel}:{line + 1}:{col + 1}: {language} syntax error: {what} {text!r}")
    print(f"syntax: {ok} files parse, {bad} with errors")
    return 1 if bad or ok == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
