#!/usr/bin/env python3
"""Every word the phone apps show comes from their string resources, in Chinese and English.

Android (android/app/src/main): values/strings.xml is Chinese (zh-Hans), the default, and every
other values-*/strings.xml (values-en at least) has exactly the same <string> and <plurals> names,
with the same format arguments (%1$s, %2$d, ...); a string with several arguments numbers them;
apostrophes are escaped; every plurals has an "other" item. Every R.string.x / R.plurals.x the
app's Kotlin uses exists and is formatted (stringResource, getString, getQuantityString) with as
many arguments as it names, every resource is used (by the Kotlin, the manifest or resources),
and no word a person reads is a literal in the Kotlin: a string literal with a letter in Text(...),
a notification's title or text, a contentDescription or click label, or any literal that reads as
prose (two words, or Chinese) anywhere.

iOS (ios/JinlinApp): Localizable.xcstrings has sourceLanguage "zh-Hans", and every key has a
zh-Hans and an en localization (plural variations included) whose format specifiers (%@, %lld,
positional %1$@ ...) are those of the key. Every key the Swift uses in Text, Button, Label,
TextField, Section, Picker, .navigationTitle, .accessibilityLabel/Hint/Value, String(localized:)
and the like is in the catalog, every catalog key is used, and no prose is a literal outside it.
In a key, an interpolation is %@, or %lld when written \\(Int(...)): interpolate strings and Int.

The core's errors (ffi/src/messages.rs, MESSAGE_KEYS) name message keys the shells render in the
reader's language: each key must be a string of the Android app in Chinese and English with as
many %N$s arguments as the table says, and a catalog key ("error_too_long %@ %@", one " %@" per
argument) in zh-Hans and en; both count as used, since the shells look them up by name.

The command line's words (cli/locales/zh-Hans.ftl and en.ftl) are checked by its own tests, which
`cargo test --workspace` runs: the same keys in both languages, every key the code names written
(cli/src/lang/words.rs).

A literal that is rightly not translated is allowed by a comment containing `l10n-ok` on its line
or the line before. Standard library only.

Usage: check-strings.py [ROOT]     prints file:line: problem, exit status 1 on any problem
"""

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from source_text import block_comment_end

ANDROID_RES = Path("android/app/src/main/res")
ANDROID_KOTLIN = Path("android/app/src/main/kotlin")
ANDROID_MANIFEST = Path("android/app/src/main/AndroidManifest.xml")
IOS_APP = Path("ios/JinlinApp")
IOS_CATALOG = IOS_APP / "Localizable.xcstrings"
ERROR_KEYS = Path("ffi/src/messages.rs")
SOURCE_LANGUAGE = "zh-Hans"
LANGUAGES = ("zh-Hans", "en")
MARKER = "l10n-ok"

# Android format arguments: %s, %1$s, %d, %2$d, %.1f ... ("%%" is a percent sign).
ANDROID_ARG = re.compile(r"%(?:(\d+)\$)?[-#+ 0,(]*\d*(?:\.\d+)?([a-zA-Z%])")
# Apple format specifiers: %@, %lld, %1$@, %2$lld, %d, %f ... ("%%" is a percent sign).
APPLE_ARG = re.compile(r"%(?:(\d+)\$)?[-#+ 0]*\d*(?:\.\d+)?(@|lld|ld|llu|lu|d|i|u|f|e|g|s|c|x|X|%)")

KOTLIN_SHOWN = re.compile(
    r"\b(?:Text|setContentTitle|setContentText|setSubText|setTicker)\(\s*(?:text\s*=\s*)?$"
    r"|\bmakeText\([^()]*,\s*$"
    r"|\b(?:contentDescription|stateDescription|onClickLabel|onLongClickLabel|paneTitle)\s*=\s*$"
)
SWIFT_LOCALIZED = re.compile(
    r"(?:\b(?:Text|Button|Label|TextField|SecureField|Section|Picker|Toggle|Link|Menu|NavigationLink"
    r"|LabeledContent|ProgressView|Stepper|DatePicker|LocalizedStringKey|LocalizedStringResource"
    r"|navigationTitle|accessibilityLabel|accessibilityHint|accessibilityValue|help|alert"
    r"|confirmationDialog)\(\s*$)|\bString\(\s*localized:\s*$"
)
LETTER = re.compile(r"[^\W\d_]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PROSE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?[,.:;!?]?\s+[^\W\d_]{2,}")
# An enum's own name shown to a person, instead of its label.
KOTLIN_ENUM_NAME = re.compile(r"\.name\.(?:lowercase|uppercase|capitalize)\w*\(")
SWIFT_ENUM_NAME = re.compile(r"\bString\(\s*describing:")


class Literal:
    """A string literal in source: its line, its text with interpolations replaced, and the code
    just before its opening quote (comments removed)."""

    def __init__(self, line, text, before):
        self.line, self.text, self.before = line, text, before


def lex(source, swift):
    """String literals of Kotlin or Swift source, and the lines of comments holding the marker.

    Knows line and nested block comments, "..." and \"\"\"...\"\"\" strings, and interpolations
    (Kotlin ${...} and $name, replaced by %s; Swift \\(...), replaced by %@, or %lld for
    \\(Int(...))), including literals nested inside interpolations."""
    literals, marked = [], set()
    n = len(source)

    def skip_comment(i, line):
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            if MARKER in source[i:end]:
                marked.add(line)
            return end, line
        j = block_comment_end(source, i)
        text = source[i:j]
        if MARKER in text:
            marked.update(range(line, line + text.count("\n") + 1))
        return j, line + text.count("\n")

    def read_string(i, line):
        """Reads the literal opening at i; returns (end, line)."""
        start_line = line
        raw = source.startswith('"""', i)
        quote = '"""' if raw else '"'
        i += len(quote)
        text = []
        while i < n:
            c = source[i]
            if source.startswith(quote, i):
                i += len(quote)
                break
            if c == "\n":
                line += 1
            if swift and c == "\\" and source.startswith("\\(", i):
                j, line, inner = read_code(i + 2, line, ")")
                text.append("%lld" if inner.lstrip().startswith("Int(") else "%@")
                i = j
                continue
            if c == "\\" and i + 1 < n:
                text.append(source[i : i + 2])
                i += 2
                continue
            if not swift and c == "$" and source.startswith("${", i):
                j, line, _ = read_code(i + 2, line, "}")
                text.append("%s")
                i = j
                continue
            if not swift and c == "$" and i + 1 < n and (source[i + 1].isalpha() or source[i + 1] == "_"):
                j = i + 1
                while j < n and (source[j].isalnum() or source[j] == "_"):
                    j += 1
                text.append("%s")
                i = j
                continue
            text.append(c)
            i += 1
        return i, line, start_line, "".join(text)

    def read_code(i, line, closer):
        """Reads code until the unmatched closer (or the end); returns (after closer, line, code)."""
        level, own = 0, []
        while i < n:
            c = source[i]
            if source.startswith("//", i) or source.startswith("/*", i):
                i, line = skip_comment(i, line)
                continue
            if c == '"':
                before = "".join(own)[-120:]
                i, line, start_line, text = read_string(i, line)
                literals.append(Literal(start_line, text, before))
                own.append('""')
                continue
            if c == "'" and not swift:
                # A Kotlin character literal: 'x', '\'', '"'.
                end = i + 3 if source[i + 1 : i + 2] != "\\" else source.find("'", i + 3) + 1
                own.append(source[i:end])
                i = end
                continue
            if closer and c in "({[":
                level += 1
            elif closer and c in ")}]":
                if level == 0 and c == closer:
                    return i + 1, line, "".join(own)
                level -= 1
            if c == "\n":
                line += 1
            own.append(c)
            i += 1
        return i, line, "".join(own)

    read_code(0, 1, None)
    return literals, marked


def call_arguments(source, at):
    """How many arguments the Kotlin call whose "(" is at `at` passes, reading past strings
    (with their ${...} templates) and nested brackets; None if the call does not close."""
    stack, i, n, commas, empty = ["code"], at + 1, len(source), 0, True
    while i < n:
        c, mode = source[i], stack[-1]
        if mode == "str":
            if c == "\\":
                i += 2
                continue
            if source.startswith("${", i):
                stack.append("code")
                i += 2
                continue
            if c == '"':
                stack.pop()
        elif c == '"':
            stack.append("str")
            empty = False
        elif c in "([{":
            stack.append(c)
            empty = False
        elif c in ")]}":
            if len(stack) == 1:
                return 0 if empty else commas + 1
            stack.pop()  # a bracket, or the "}" ending a ${...} template
        elif c == "," and len(stack) == 1:
            commas += 1
        elif not c.isspace():
            empty = False
        i += 1
    return None


def line_of(text, needle):
    """The 1-based line of the first occurrence of needle in text, or 1."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def args(text, pattern):
    """The format arguments of a text, as a sorted list of (position, conversion)."""
    found, nth = [], 0
    for m in pattern.finditer(text):
        conv = m.group(2)
        if conv == "%":
            continue
        nth += 1
        found.append((int(m.group(1)) if m.group(1) else nth, conv))
    return sorted(found)


def show_args(found):
    return ", ".join(f"%{p}${c}" for p, c in found) or "none"


# ---------------------------------------------------------------- the core's error keys


def error_keys(root):
    """[(key, arguments, line)] of the core's MESSAGE_KEYS table; empty without the file."""
    path = root / ERROR_KEYS
    if not path.is_file():
        return []
    source = path.read_text(encoding="utf-8")
    start = source.find("MESSAGE_KEYS")
    end = source.find("];", start)
    if start < 0 or end < 0:
        return []
    return [
        (m.group(1), int(m.group(2)), source.count("\n", 0, start + m.start()) + 1)
        for m in re.finditer(r'\(\s*"(\w+)"\s*,\s*(\d+)\s*\)', source[start:end])
    ]


# ---------------------------------------------------------------- Android


def android_resources(path, rel, problems):
    """{name: (kind, [texts])} of one strings.xml, reporting what aapt would refuse."""
    source = path.read_text(encoding="utf-8")
    try:
        root = ET.fromstring(source)
    except ET.ParseError as e:
        problems.append((rel, e.position[0], f"not well-formed XML: {e}"))
        return {}
    found = {}
    for element in root:
        name = element.get("name")
        if element.tag not in ("string", "plurals") or not name:
            continue
        line = line_of(source, f'name="{name}"')
        if name in found:
            problems.append((rel, line, f"{name}: defined twice"))
        if element.tag == "string":
            texts = [element.text or ""]
        else:
            items = {item.get("quantity"): item.text or "" for item in element if item.tag == "item"}
            if "other" not in items:
                problems.append((rel, line, f"{name}: plurals without an \"other\" item"))
            texts = list(items.values())
        for text in texts:
            quoted = len(text) >= 2 and text.startswith('"') and text.endswith('"')
            if not quoted and re.search(r"(?<!\\)'", text):
                problems.append((rel, line, f"{name}: unescaped apostrophe (write \\')"))
            numbered = [m for m in ANDROID_ARG.finditer(text) if m.group(2) != "%"]
            if len(numbered) > 1 and any(m.group(1) is None for m in numbered):
                problems.append((rel, line, f"{name}: several arguments must be numbered (%1$s, %2$d)"))
            if not text.strip():
                problems.append((rel, line, f"{name}: empty"))
        found[name] = (element.tag, texts, line)
    return found


def check_android(root):
    problems = []
    res = root / ANDROID_RES
    default_path = res / "values" / "strings.xml"
    if not default_path.is_file():
        return [(str(ANDROID_RES / "values" / "strings.xml"), 1, "missing: the Chinese (default) strings")], 0
    default = android_resources(default_path, str(default_path.relative_to(root)), problems)
    others = sorted(p for p in res.glob("values-*/strings.xml"))
    if res / "values-en" / "strings.xml" not in others:
        problems.append((str(ANDROID_RES / "values-en" / "strings.xml"), 1, "missing: the English strings"))
    for path in others:
        rel = str(path.relative_to(root))
        other = android_resources(path, rel, problems)
        for name, (kind, texts, line) in default.items():
            if name not in other:
                problems.append((rel, 1, f"{name}: missing here (it is in values/strings.xml, line {line})"))
                continue
            o_kind, o_texts, o_line = other[name]
            if o_kind != kind:
                problems.append((rel, o_line, f"{name}: a <{o_kind}> here but a <{kind}> in values/strings.xml"))
                continue
            want = sorted(set(a for t in texts for a in args(t, ANDROID_ARG)))
            have = sorted(set(a for t in o_texts for a in args(t, ANDROID_ARG)))
            if want != have:
                problems.append(
                    (rel, o_line, f"{name}: format arguments {show_args(have)}, but values/strings.xml has {show_args(want)}")
                )
        for name, (_, _, line) in other.items():
            if name not in default:
                problems.append((rel, line, f"{name}: not in values/strings.xml (Chinese is the default)"))

    for path in [default_path, *others]:
        rel = str(path.relative_to(root))
        strings = default if path == default_path else android_resources(path, rel, [])
        for key, count, line in error_keys(root):
            want = [(n, "s") for n in range(1, count + 1)]
            if key not in strings:
                problems.append((rel, 1, f"{key}: missing here (an error's message key, {ERROR_KEYS}:{line})"))
            elif strings[key][0] != "string" or args(strings[key][1][0], ANDROID_ARG) != want:
                problems.append(
                    (rel, strings[key][2], f"{key}: an error's message key takes {show_args(want)} ({ERROR_KEYS}:{line})")
                )

    used = set()
    for path in sorted((root / ANDROID_KOTLIN).rglob("*.kt")):
        rel = str(path.relative_to(root))
        source = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\bR\.(string|plurals)\.(\w+)", source):
            kind, name = m.groups()
            used.add(name)
            line = source.count("\n", 0, m.start()) + 1
            if name not in default:
                problems.append((rel, line, f"R.{kind}.{name}: no such {kind} in values/strings.xml"))
            elif default[name][0] != kind:
                problems.append((rel, line, f"R.{kind}.{name}: it is a <{default[name][0]}>"))
        # A string formatted with fewer arguments than it names fails when shown.
        for m in re.finditer(r"\b(stringResource|getString|getQuantityString|pluralStringResource)\(\s*R\.(?:string|plurals)\.(\w+)", source):
            function, name = m.groups()
            if name not in default:
                continue
            given = call_arguments(source, m.start() + len(function))
            if given is None:
                continue
            given -= 2 if function in ("getQuantityString", "pluralStringResource") else 1
            wanted = max((p for t in default[name][1] for p, _ in args(t, ANDROID_ARG)), default=0)
            if given != wanted:
                line = source.count("\n", 0, m.start()) + 1
                problems.append((rel, line, f"{name}: formatted with {given} arguments, but it has {wanted}"))
        literals, marked = lex(source, swift=False)
        for m in KOTLIN_ENUM_NAME.finditer(source):
            line = source.count("\n", 0, m.start()) + 1
            if line not in marked and line - 1 not in marked:
                problems.append((rel, line, "an enum's name is shown to a person: use its label from resources"))
        for lit in literals:
            if lit.line in marked or lit.line - 1 in marked:
                continue
            words = re.sub(r"%[sd]", "", lit.text)
            shown = KOTLIN_SHOWN.search(lit.before) and LETTER.search(words)
            if shown or PROSE.search(words) or CJK.search(words):
                problems.append((rel, lit.line, f"literal {lit.text!r} is shown to a person: use a string resource"))
    for path in [root / ANDROID_MANIFEST, *sorted(res.rglob("*.xml"))]:
        if path.is_file():
            used.update(re.findall(r"@(?:string|plurals)/(\w+)", path.read_text(encoding="utf-8")))
    for name, (_, _, line) in default.items():
        if name not in used:
            problems.append((str(default_path.relative_to(root)), line, f"{name}: not used by the app"))
    return problems, len(default)


# ---------------------------------------------------------------- iOS


def string_units(localization, where=""):
    """(variant, value) of every stringUnit in a localization, through its variations."""
    if "stringUnit" in localization:
        yield where or "value", localization["stringUnit"].get("value", "")
    for axis, cases in localization.get("variations", {}).items():
        for case, inner in cases.items():
            yield from string_units(inner, f"{axis} {case}")


def check_ios(root):
    problems = []
    path = root / IOS_CATALOG
    rel = str(IOS_CATALOG)
    if not path.is_file():
        return [(rel, 1, "missing: the String Catalog")], 0
    source = path.read_text(encoding="utf-8")
    try:
        catalog = json.loads(source)
    except json.JSONDecodeError as e:
        return [(rel, e.lineno, f"not valid JSON: {e.msg}")], 0
    if catalog.get("sourceLanguage") != SOURCE_LANGUAGE:
        problems.append((rel, line_of(source, '"sourceLanguage"'), f"sourceLanguage must be {SOURCE_LANGUAGE!r}"))
    keys = catalog.get("strings", {})
    for key, entry in keys.items():
        line = line_of(source, json.dumps(key, ensure_ascii=False) + " :")
        want = args(key, APPLE_ARG)
        localizations = entry.get("localizations", {})
        for language in LANGUAGES:
            if language not in localizations:
                problems.append((rel, line, f"{key!r}: no {language} localization"))
                continue
            units = list(string_units(localizations[language]))
            if not units:
                problems.append((rel, line, f"{key!r}: the {language} localization has no text"))
            for variant, value in units:
                if not value.strip():
                    problems.append((rel, line, f"{key!r}: {language} ({variant}) is empty"))
                have = args(value, APPLE_ARG)
                if have != want:
                    problems.append(
                        (rel, line, f"{key!r}: {language} ({variant}) has format {show_args(have)}, the key {show_args(want)}")
                    )

    used = set()
    for key, count, line in error_keys(root):
        key += " %@" * count
        used.add(key)
        if key not in keys:
            problems.append((rel, 1, f"{key!r}: missing (an error's message key, {ERROR_KEYS}:{line})"))
    for swift in sorted((root / IOS_APP).rglob("*.swift")):
        srel = str(swift.relative_to(root))
        text = swift.read_text(encoding="utf-8")
        literals, marked = lex(text, swift=True)
        for m in SWIFT_ENUM_NAME.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            if line not in marked and line - 1 not in marked:
                problems.append((srel, line, "String(describing:) is shown to a person: use a label from the catalog"))
        for lit in literals:
            if lit.line in marked or lit.line - 1 in marked:
                continue
            words = APPLE_ARG.sub("", lit.text)
            if SWIFT_LOCALIZED.search(lit.before):
                if not LETTER.search(words):
                    continue
                used.add(lit.text)
                if lit.text not in keys:
                    problems.append((srel, lit.line, f"key {lit.text!r} is not in {rel}"))
            elif PROSE.search(words) or CJK.search(words):
                problems.append((srel, lit.line, f"literal {lit.text!r} is shown to a person: use a key of {rel}"))
    for key in keys:
        if key not in used:
            problems.append((rel, line_of(source, json.dumps(key, ensure_ascii=False) + " :"), f"{key!r}: not used by the app"))
    return problems, len(keys)


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    android, strings = check_android(root)
    ios, keys = check_ios(root)
    problems = android + ios
    for file, line, message in problems:
        print(f"{file}:{line}: {message}")
    print(f"strings: Android {strings} names, iOS {keys} keys, in {' and '.join(LANGUAGES)}; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
