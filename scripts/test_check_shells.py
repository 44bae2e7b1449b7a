"""Tests of scripts/check-shells.py: it passes the project's own build definitions, and fails a
copy in which a catalog alias, an ABI, a background mode, the push entitlement, a manifest class
or a platform's XCFramework slice has gone missing.

    python3 -m unittest discover -s scripts -p 'test_*.py'
"""

import importlib.util
import plistlib
import shutil
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
spec = importlib.util.spec_from_file_location("check_shells", HERE / "check-shells.py")
check_shells = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_shells)


def problems(root):
    report = check_shells.Report(root)
    check_shells.check_android(root, report)
    check_shells.check_ios(root, report)
    return report.problems


class CheckShellsTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        skip = shutil.ignore_patterns("build", ".gradle", ".build", "JinlinFFI")
        for folder in ("android", "ios"):
            shutil.copytree(ROOT / folder, self.root / folder, ignore=skip)

    def tearDown(self):
        self.tmp.cleanup()

    def edit(self, path, old, new):
        file = self.root / path
        text = file.read_text()
        self.assertIn(old, text)
        file.write_text(text.replace(old, new))

    def assertFound(self, needle):
        found = problems(self.root)
        self.assertTrue(any(needle in p for p in found), f"{needle!r} not in {found}")

    def test_the_projects_own_definitions_pass(self):
        self.assertEqual([], problems(ROOT))

    def test_an_alias_missing_from_the_catalog_is_found(self):
        self.edit("android/gradle/libs.versions.toml", 'work-runtime = ', 'work-runtime-old = ')
        self.assertFound("libs.work.runtime is not in")

    def test_a_version_ref_to_nothing_is_found(self):
        self.edit("android/gradle/libs.versions.toml", 'version.ref = "jna"', 'version.ref = "jna-old"')
        self.assertFound("no version named 'jna-old'")

    def test_a_missing_abi_is_found(self):
        self.edit("android/jinlin-kotlin/build.gradle.kts", '"armeabi-v7a", ', "")
        self.assertFound("not built for armeabi-v7a")

    def test_a_manifest_class_that_does_not_exist_is_found(self):
        self.edit("android/app/src/main/AndroidManifest.xml", '".UrgentAlertActivity"', '".AlertActivity"')
        self.assertFound("activity .AlertActivity is not a class")

    def test_r8_without_the_bindings_kept_is_found(self):
        self.edit("android/jinlin-kotlin/consumer-rules.pro", "-keep class org.jinlin.core.** { *; }", "")
        self.assertFound("R8 does not keep org.jinlin.core")

    def test_a_missing_background_mode_and_sync_task_are_found(self):
        info = self.root / "ios/JinlinApp/Info.plist"
        plist = plistlib.loads(info.read_bytes())
        plist["UIBackgroundModes"] = ["fetch"]
        plist["BGTaskSchedulerPermittedIdentifiers"] = []
        info.write_bytes(plistlib.dumps(plist))
        self.assertFound("UIBackgroundModes lacks remote-notification")
        self.assertFound("BGTaskSchedulerPermittedIdentifiers lacks org.jinlin.app.sync")

    def test_an_app_without_the_push_entitlement_is_found(self):
        entitlements = self.root / "ios/JinlinApp/JinlinApp.entitlements"
        entitlements.write_bytes(plistlib.dumps({}))
        self.assertFound("no aps-environment")

    def test_a_platform_without_its_xcframework_slice_is_found(self):
        self.edit("ios/build-xcframework.sh", " aarch64-apple-darwin x86_64-apple-darwin)", ")")
        self.assertFound("declares macOS, but the XCFramework has no aarch64-apple-darwin slice")

    def test_a_file_project_yml_names_that_is_gone_is_found(self):
        (self.root / "ios/JinlinApp/JinlinApp.entitlements").unlink()
        self.assertFound("CODE_SIGN_ENTITLEMENTS JinlinApp/JinlinApp.entitlements does not exist")


if __name__ == "__main__":
    unittest.main()
