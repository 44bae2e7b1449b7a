"""Tests of scripts/check-strings.py: it passes the project's own apps, and fails a small app
whose English lacks a key, whose languages disagree on a format argument, whose code shows a
literal, or that lacks a core error's message key in either language on either platform.

    python3 -m unittest discover -s scripts -p 'test_*.py'
"""

import importlib.util
import json
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("check_strings", HERE / "check-strings.py")
check_strings = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_strings)

ZH = """<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="app_name">近邻</string>
    <string name="help_button">我需要帮助</string>
    <string name="checkin_call">打电话给 %1$s · %2$s</string>
    <string name="error_offline">暂时没有信号</string>
    <string name="error_too_long">太长了：%1$s 个字，最多 %2$s 个</string>
    <plurals name="receipts_coming">
        <item quantity="other">%d 位正在赶来</item>
    </plurals>
</resources>
"""

EN = """<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="app_name">Jinlin</string>
    <string name="help_button">I need help now</string>
    <string name="checkin_call">Call %1$s · %2$s</string>
    <string name="error_offline">No signal</string>
    <string name="error_too_long">Too long: %1$s, at most %2$s</string>
    <plurals name="receipts_coming">
        <item quantity="one">%d is coming</item>
        <item quantity="other">%d are coming</item>
    </plurals>
</resources>
"""

MANIFEST = """<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <application android:label="@string/app_name" />
</manifest>
"""

KOTLIN = """package org.jinlin.app

@Composable
fun HelpNowScreen(name: String, phone: String, coming: Int) {
    // The tab's icon only decorates: "a comment is not shown"
    Text(stringResource(R.string.help_button), fontSize = 30.sp)
    Text(stringResource(R.string.checkin_call, name, phone))
    Text(LocalContext.current.resources.getQuantityString(R.plurals.receipts_coming, coming, coming))
    val to = Uri.parse("smsto:$phone")
    Text("${name} · ${phone}")
}

fun errorString(key: String): Int? = when (key) {
    "error_offline" -> R.string.error_offline
    "error_too_long" -> R.string.error_too_long
    else -> null
}
"""

MESSAGES = """pub const MESSAGE_KEYS: &[(&str, u32)] = &[
    ("error_offline", 0),
    ("error_too_long", 2),
];
"""


def unit(value):
    return {"stringUnit": {"state": "translated", "value": value}}


CATALOG = {
    "sourceLanguage": "zh-Hans",
    "strings": {
        "help_button": {"localizations": {"en": unit("I need help now"), "zh-Hans": unit("我需要帮助")}},
        "checkin_call %@ %@": {
            "localizations": {"en": unit("Call %1$@ · %2$@"), "zh-Hans": unit("打电话给 %1$@ · %2$@")}
        },
        "error_offline": {"localizations": {"en": unit("No signal"), "zh-Hans": unit("暂时没有信号")}},
        "error_too_long %@ %@": {
            "localizations": {"en": unit("Too long: %1$@, at most %2$@"), "zh-Hans": unit("太长了：%1$@ 个字，最多 %2$@ 个")}
        },
        "receipts_coming %lld": {
            "localizations": {
                "en": {"variations": {"plural": {"one": unit("%lld is coming"), "other": unit("%lld are coming")}}},
                "zh-Hans": unit("%lld 位正在赶来"),
            }
        },
    },
    "version": "1.0",
}

SWIFT = """import SwiftUI

struct HelpNowView: View {
    let name: String
    let phone: String
    let coming: UInt32
    var body: some View {
        Button { } label: { Text("help_button") }
            .accessibilityLabel("help_button")
        Button("checkin_call \\(name) \\(phone)") { }
        Text(String(localized: "receipts_coming \\(Int(coming))"))
        Text(verbatim: "\\(name) · \\(phone)")
        Label("", systemImage: "heart.fill")
    }
}
"""


class App:
    """A small app with both shells, in a temporary folder, that passes the check."""

    def __init__(self, folder):
        self.root = Path(folder)
        self.write("android/app/src/main/res/values/strings.xml", ZH)
        self.write("android/app/src/main/res/values-en/strings.xml", EN)
        self.write("android/app/src/main/AndroidManifest.xml", MANIFEST)
        self.write("android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt", KOTLIN)
        self.write("ios/JinlinApp/Localizable.xcstrings", json.dumps(CATALOG, ensure_ascii=False, indent=2))
        self.write("ios/JinlinApp/HelpNowView.swift", SWIFT)
        self.write("ffi/src/messages.rs", MESSAGES)

    def write(self, path, text):
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_text(text, encoding="utf-8")

    def edit(self, path, old, new):
        text = (self.root / path).read_text(encoding="utf-8")
        assert old in text, old
        self.write(path, text.replace(old, new, 1))

    def catalog(self, change):
        catalog = json.loads(json.dumps(CATALOG))
        change(catalog["strings"])
        self.write("ios/JinlinApp/Localizable.xcstrings", json.dumps(catalog, ensure_ascii=False, indent=2))

    def problems(self):
        android, _ = check_strings.check_android(self.root)
        ios, _ = check_strings.check_ios(self.root)
        return [f"{file}:{line}: {message}" for file, line, message in android + ios]


class CheckStrings(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.app = App(self.folder.name)

    def tearDown(self):
        self.folder.cleanup()

    def assertProblem(self, where, words):
        problems = self.app.problems()
        self.assertTrue(
            any(p.startswith(where) and words in p for p in problems),
            f"expected a problem at {where} saying {words!r}, got {problems}",
        )

    def test_the_projects_own_apps_pass(self):
        android, strings = check_strings.check_android(HERE.parent)
        ios, keys = check_strings.check_ios(HERE.parent)
        self.assertEqual(android + ios, [])
        self.assertGreater(strings, 50)
        self.assertGreater(keys, 50)

    def test_a_small_app_with_both_languages_passes(self):
        self.assertEqual(self.app.problems(), [])

    def test_a_string_missing_from_english_fails_naming_it(self):
        self.app.edit("android/app/src/main/res/values-en/strings.xml", '<string name="help_button">I need help now</string>', "")
        self.assertProblem("android/app/src/main/res/values-en/strings.xml", "help_button: missing here")

    def test_a_string_only_in_english_fails(self):
        self.app.edit(
            "android/app/src/main/res/values-en/strings.xml", "</resources>", '<string name="extra">Extra</string>\n</resources>'
        )
        self.assertProblem("android/app/src/main/res/values-en/strings.xml:", "extra: not in values/strings.xml")

    def test_a_format_argument_that_differs_between_languages_fails(self):
        self.app.edit("android/app/src/main/res/values-en/strings.xml", "Call %1$s · %2$s", "Call %1$s · %2$d")
        self.assertProblem("android/app/src/main/res/values-en/strings.xml:5", "checkin_call: format arguments")

    def test_an_unescaped_apostrophe_fails(self):
        self.app.edit("android/app/src/main/res/values-en/strings.xml", "I need help now", "I'm in trouble")
        self.assertProblem("android/app/src/main/res/values-en/strings.xml:4", "unescaped apostrophe")

    def test_a_resource_the_kotlin_names_but_nobody_defined_fails(self):
        self.app.edit("android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt", "R.string.help_button", "R.string.help_buton")
        self.assertProblem("android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt:6", "R.string.help_buton: no such string")

    def test_a_string_formatted_with_too_few_arguments_fails(self):
        kotlin = "android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt"
        self.app.edit(kotlin, "R.string.checkin_call, name, phone)", "R.string.checkin_call, name)")
        self.assertProblem(f"{kotlin}:7", "checkin_call: formatted with 1 arguments, but it has 2")

    def test_a_plural_formatted_without_its_count_fails(self):
        kotlin = "android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt"
        self.app.edit(kotlin, "R.plurals.receipts_coming, coming, coming)", "R.plurals.receipts_coming, coming)")
        self.assertProblem(f"{kotlin}:8", "receipts_coming: formatted with 0 arguments, but it has 1")

    def test_a_literal_shown_in_kotlin_fails_unless_marked(self):
        kotlin = "android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt"
        self.app.edit(kotlin, 'val to = Uri.parse("smsto:$phone")', 'Text("Join")')
        self.assertProblem(f"{kotlin}:9", "literal 'Join' is shown to a person")
        self.app.edit(kotlin, 'Text("Join")', 'Text("Join") // l10n-ok: the brand word, never translated')
        self.assertEqual(self.app.problems(), [])

    def test_prose_in_a_kotlin_variable_fails(self):
        kotlin = "android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt"
        self.app.edit(kotlin, 'val to = Uri.parse("smsto:$phone")', 'val message = "Your neighbours are being alerted"')
        self.assertProblem(f"{kotlin}:9", "is shown to a person")

    def test_an_enum_name_shown_in_kotlin_fails(self):
        kotlin = "android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt"
        self.app.edit(kotlin, 'Text("${name} · ${phone}")', 'Text("${name} · ${kind.name.lowercase()}")')
        self.assertProblem(f"{kotlin}:10", "an enum's name is shown")

    def test_a_catalog_key_without_english_fails(self):
        self.app.catalog(lambda strings: strings["help_button"]["localizations"].pop("en"))
        self.assertProblem("ios/JinlinApp/Localizable.xcstrings", "'help_button': no en localization")

    def test_a_catalog_format_specifier_that_differs_from_the_key_fails(self):
        def change(strings):
            strings["checkin_call %@ %@"]["localizations"]["zh-Hans"] = unit("打电话给 %1$@ · %2$lld")

        self.app.catalog(change)
        self.assertProblem("ios/JinlinApp/Localizable.xcstrings", "zh-Hans (value) has format")

    def test_a_plural_variant_with_the_wrong_specifier_fails(self):
        def change(strings):
            strings["receipts_coming %lld"]["localizations"]["en"]["variations"]["plural"]["one"] = unit("%@ is coming")

        self.app.catalog(change)
        self.assertProblem("ios/JinlinApp/Localizable.xcstrings", "en (plural one) has format")

    def test_a_swift_key_missing_from_the_catalog_fails(self):
        self.app.edit("ios/JinlinApp/HelpNowView.swift", 'Text("help_button")', 'Text("help_buton")')
        self.assertProblem("ios/JinlinApp/HelpNowView.swift:8", "key 'help_buton' is not in")

    def test_an_accessibility_label_missing_from_the_catalog_fails(self):
        self.app.edit("ios/JinlinApp/HelpNowView.swift", '.accessibilityLabel("help_button")', '.accessibilityLabel("Help")')
        self.assertProblem("ios/JinlinApp/HelpNowView.swift:9", "key 'Help' is not in")

    def test_a_swift_interpolation_must_match_the_keys_specifier(self):
        self.app.edit("ios/JinlinApp/HelpNowView.swift", "\\(Int(coming))", "\\(coming)")
        self.assertProblem("ios/JinlinApp/HelpNowView.swift:11", "key 'receipts_coming %@' is not in")

    def test_prose_outside_the_catalog_in_swift_fails(self):
        self.app.edit("ios/JinlinApp/HelpNowView.swift", 'Text(verbatim: "\\(name) · \\(phone)")', 'Text(verbatim: "我很好")')
        self.assertProblem("ios/JinlinApp/HelpNowView.swift:12", "is shown to a person")

    def test_an_unused_key_fails(self):
        self.app.edit("ios/JinlinApp/HelpNowView.swift", "Button(\"checkin_call \\(name) \\(phone)\") { }", "")
        self.assertProblem("ios/JinlinApp/Localizable.xcstrings", "'checkin_call %@ %@': not used")

    def test_an_error_key_missing_from_the_chinese_strings_fails(self):
        self.app.edit("android/app/src/main/res/values/strings.xml", '<string name="error_offline">暂时没有信号</string>', "")
        self.assertProblem("android/app/src/main/res/values/strings.xml", "error_offline: missing here (an error's message key")

    def test_an_error_key_missing_from_both_android_languages_fails(self):
        for path in ("values", "values-en"):
            text = (self.app.root / f"android/app/src/main/res/{path}/strings.xml").read_text(encoding="utf-8")
            line = next(l for l in text.splitlines() if "error_too_long" in l)
            self.app.edit(f"android/app/src/main/res/{path}/strings.xml", line, "")
        self.app.edit("android/app/src/main/kotlin/org/jinlin/app/HelpNowScreen.kt", '"error_too_long" -> R.string.error_too_long\n', "")
        self.assertProblem("android/app/src/main/res/values-en/strings.xml", "error_too_long: missing here (an error's message key")

    def test_an_error_key_with_fewer_arguments_than_the_core_gives_fails(self):
        self.app.edit("ffi/src/messages.rs", '("error_too_long", 2)', '("error_too_long", 3)')
        self.assertProblem("android/app/src/main/res/values/strings.xml", "error_too_long: an error's message key takes %1$s, %2$s, %3$s")
        self.assertProblem("ios/JinlinApp/Localizable.xcstrings", "'error_too_long %@ %@ %@': missing")

    def test_an_error_key_without_english_in_the_catalog_fails(self):
        self.app.catalog(lambda strings: strings["error_offline"]["localizations"].pop("en"))
        self.assertProblem("ios/JinlinApp/Localizable.xcstrings", "'error_offline': no en localization")

    def test_an_error_key_missing_from_the_catalog_fails(self):
        self.app.catalog(lambda strings: strings.pop("error_too_long %@ %@"))
        self.assertProblem("ios/JinlinApp/Localizable.xcstrings", "'error_too_long %@ %@': missing (an error's message key")

    def test_error_keys_are_used_though_no_swift_names_them(self):
        self.assertFalse(any("error_" in p for p in self.app.problems()))


if __name__ == "__main__":
    unittest.main()
