#!/usr/bin/env python3
"""No unsigned integer in a public signature the phone apps are written against.

Kotlin's `UInt`/`ULong`/`UByte`/`UShort` and Swift's `UInt`/`UInt8`/`UInt16`/`UInt32`/`UInt64`
are awkward to use from app code (`30u` literals, conversions at every arithmetic step), so the ffi
crate exports only signed integers. This checks the public API of

  - the generated bindings: bindings/kotlin/, bindings/kotlin-jvm/, bindings/swift/ (made by
    scripts/bindings.sh), and
  - the hand-written wrappers and apps: android/jinlin-kotlin/src/main/kotlin/, android/app/src/,
    ios/JinlinKit/Sources/JinlinKit/, ios/JinlinApp/,

and reports every public declaration (data class fields, record and enum fields, functions and
their parameters and results, properties, sealed class members, interface and protocol members)
whose text names an unsigned type.

Not public API, and so not checked: comments and strings; bodies of functions, properties and
initializers; `private`/`internal`/`protected` declarations in Kotlin, and in Swift anything not
`public`/`open` (protocol requirements and enum cases take their type's visibility); and uniffi's
own machinery in the generated code, which moves values through the C ABI as unsigned integers
(the `FfiConverter*` types and functions, `Uniffi*`/`uniffi*` names, `RustBuffer`, object
handles such as Swift's `init(unsafeFromHandle:)`).

The scan is lexical (comments and strings blanked, braces and parentheses counted); it reads
what uniffi generates and what this project writes, not every program the languages allow.

Standard library only. Usage: check-signed.py [ROOT]   prints file:line: problem, exit 1 on any
"""

import re
import sys
from pathlib import Path

from source_text import block_comment_end

GENERATED = ("bindings/kotlin", "bindings/kotlin-jvm", "bindings/swift")
HAND_WRITTEN = (
    "android/jinlin-kotlin/src/main/kotlin",
    "android/app/src",
    "ios/JinlinKit/Sources/JinlinKit",
    "ios/JinlinApp",
)

UNSIGNED = {
    "kotlin": re.compile(r"\b(UInt|ULong|UByte|UShort|UIntArray|ULongArray|UByteArray|UShortArray)\b"),
    "swift": re.compile(r"\b(UInt|UInt8|UInt16|UInt32|UInt64)\b"),
}
# uniffi's own machinery: the converters, its helpers and handle plumbing.
MACHINERY_NAME = re.compile(r"^(FfiConverter|Uniffi|uniffi|_uniffi|RustBuffer|ForeignBytes|RustCallStatus)")
MACHINERY_TEXT = re.compile(r"\b(unsafeFromHandle|noHandle|uniffiHandle)\b")
HIDING = {
    "kotlin": {"private", "internal", "protected"},
    "swift": {"private", "fileprivate", "internal"},
}
TYPE_KEYWORDS = r"class|interface|object|struct|enum|protocol|extension|actor"
ANNOTATION = r"@[\w.]+(?:\s*\([^()]*\))?\s*"
# Leading annotations and modifiers, then a type keyword and the type's name.
TYPE_HEADER = re.compile(rf"^\s*(?:{ANNOTATION})*((?:[a-z]+(?:\([a-z]+\))?\s+)*)({TYPE_KEYWORDS})\b\s*`?(\w*)")
DECLARED = re.compile(
    r"\b(fun|func|val|var|let|case|class|struct|enum|protocol|interface|object|typealias|init|subscript)\b"
    r"\s*(?:<[^>]*>\s*)?`?(\w*)"
)
MODIFIERS = re.compile(rf"^\s*(?:{ANNOTATION})*((?:[a-z]+(?:\([a-z]+\))?\s+)*)")
CONTINUES = (",", ":", "=", "->", "(", ".", "&&", "||")
# A line of modifiers or annotations only (Swift's generated `public` alone on its line) belongs
# to the declaration on the next line.
ONLY_MODIFIERS = re.compile(
    rf"^\s*(?:{ANNOTATION}|(?:public|open|private|internal|fileprivate|protected|final|static|override"
    r"|required|convenience|data|sealed|abstract|inner|suspend|inline|indirect)\s+)+$"
)


def blank(text, lang):
    """`text` with comments and string literals turned to spaces, newlines kept."""
    out = list(text)
    n = len(text)

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    def string_end(i):
        quote = '"""' if text.startswith('"""', i) else '"'
        j = i + len(quote)
        while j < n:
            if text.startswith(quote, j):
                return j + len(quote)
            c = text[j]
            if c == "\\":
                if lang == "swift" and text.startswith("\\(", j):
                    j = code_end(j + 2, "(", ")")
                else:
                    j += 2
                continue
            if lang == "kotlin" and text.startswith("${", j):
                j = code_end(j + 2, "{", "}")
                continue
            if c == "\n" and quote == '"':
                return j
            j += 1
        return n

    def code_end(j, opener, closer):
        depth = 0
        while j < n:
            c = text[j]
            if c == '"':
                j = string_end(j)
                continue
            if c == opener:
                depth += 1
            elif c == closer:
                if depth == 0:
                    return j + 1
                depth -= 1
            j += 1
        return n

    char_literal = re.compile(r"'(?:\\u[0-9a-fA-F]{4}|\\.|[^'\\\n])'")
    i = 0
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = block_comment_end(text, i)
        elif text[i] == '"':
            j = string_end(i)
        elif lang == "kotlin" and text[i] == "'" and (m := char_literal.match(text, i)):
            j = m.end()
        else:
            i += 1
            continue
        wipe(i, j)
        i = j
    return "".join(out)


class Scope:
    def __init__(self, visible, kind="", members_public=False):
        self.visible = visible
        self.kind = kind
        self.members_public = members_public


def modifiers(statement):
    m = MODIFIERS.match(statement)
    return set(re.sub(r"\([a-z]+\)", "", m.group(1)).split()) if m else set()


def is_machinery(statement):
    m = DECLARED.search(statement)
    return bool((m and MACHINERY_NAME.match(m.group(2))) or MACHINERY_TEXT.search(statement))


def is_public(statement, scope, lang):
    mods = modifiers(statement)
    if mods & HIDING[lang]:
        return False
    if lang == "kotlin":
        return True
    if mods & {"public", "open"}:
        return True
    return scope.members_public or (scope.kind == "enum" and re.match(r"\s*case\b", statement) is not None)


def opened(header, parent, lang):
    """The scope a `{` after `header` opens."""
    m = TYPE_HEADER.match(header)
    if not m or re.search(r"\b(fun|func|init|get|set|val|var|let)\b|=", header[: m.start(2)]):
        return Scope(False)  # a body: of a function, property, initializer, lambda, ...
    mods = set(re.sub(r"\([a-z]+\)", "", m.group(1)).split())
    kind, name = m.group(2), m.group(3)
    visible = parent.visible and not (mods & HIDING[lang]) and not MACHINERY_NAME.match(name)
    if lang == "swift" and kind != "extension":
        visible = visible and bool(mods & {"public", "open"})
    members_public = lang == "kotlin" or kind == "protocol"
    return Scope(visible, kind, members_public)


def continues(statement):
    """Whether a statement going on past the end of its line has more on the next."""
    return statement.rstrip().endswith(CONTINUES) or bool(ONLY_MODIFIERS.match(statement + " "))


def check_text(text, lang):
    """(line, problem) for each public declaration of `text` naming an unsigned type."""
    code = blank(text, lang)
    problems = []
    stack = [Scope(True, "file", lang == "kotlin")]
    statement, start, line, paren = [], 1, 1, 0

    def judge():
        s = "".join(statement)
        scope = stack[-1]
        if not s.strip() or not scope.visible or not is_public(s, scope, lang) or is_machinery(s):
            return
        for m in UNSIGNED[lang].finditer(s):
            at = start + s.count("\n", 0, m.start())
            decl = " ".join(s.split())
            problems.append((at, f"public signature uses unsigned {m.group(1)}: {decl[:120]}"))

    previous = ""  # the statement before, the header of a `{` alone on its line
    for c in code:
        if c == "{":
            judge()
            header = "".join(statement) if "".join(statement).strip() else previous
            stack.append(opened(header, stack[-1], lang))
            statement, paren, previous = [], 0, ""
        elif c == "}":
            judge()
            if len(stack) > 1:
                stack.pop()
            statement, paren, previous = [], 0, ""
        elif (c == ";" and paren == 0) or (
            c == "\n" and paren == 0 and not continues("".join(statement))
        ):
            judge()
            if statement:
                previous = "".join(statement)
            statement = []
        else:
            if c in "([":
                paren += 1
            elif c in ")]":
                paren = max(0, paren - 1)
            if not statement and c.isspace():
                pass
            else:
                if not statement:
                    start = line
                statement.append(c)
        if c == "\n":
            line += 1
    judge()
    return problems


def sources(root):
    """(path, language) of every file checked, and a problem for each generated folder missing."""
    files, missing = [], []
    for folder in GENERATED + HAND_WRITTEN:
        base = root / folder
        if not base.is_dir():
            if folder in GENERATED:
                missing.append(f"{folder}: not generated (run scripts/bindings.sh)")
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix == ".kt":
                files.append((path, "kotlin"))
            elif path.suffix == ".swift":
                files.append((path, "swift"))
    return files, missing


def main(argv):
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent).resolve()
    files, problems = sources(root)
    for path, lang in files:
        rel = path.relative_to(root)
        for line, problem in check_text(path.read_text(encoding="utf-8"), lang):
            problems.append(f"{rel}:{line}: {problem}")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} unsigned integer(s) in public signatures; use Int/Long (Int32/Int64)", file=sys.stderr)
        return 1
    print(f"no unsigned integer in the public signatures of {len(files)} Kotlin and Swift files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
