#!/usr/bin/env python3
"""The phone apps' build definitions hold together, for builds that cannot be run here.

Gradle and Xcode are out of reach on the machines this project is built on, so this checks what
can be checked without them:

Android (android/): every `libs.*` accessor a build script uses is in gradle/libs.versions.toml
and every `version.ref` there names a version; the Gradle wrapper names a distribution; the
native library is built for arm64-v8a, armeabi-v7a, x86_64 and x86; every class the manifest
names (application, activities, services) is declared in the app's Kotlin; R8 keeps JNA and the
bindings.

iOS (ios/): Info.plist and the entitlements parse; the app may run in the background for fetch
and remote notifications, permits the sync task BackgroundSync.swift registers, reads the relay's
address and is Chinese first; push is entitled; the files project.yml names exist; and the
XCFramework script builds a slice for every platform JinlinKit/Package.swift declares.

Standard library only. Usage: check-shells.py [ROOT]   prints file:line: problem, exit 1 on any
"""

import plistlib
import re
import sys
import tomllib
from pathlib import Path

ABIS = ("arm64-v8a", "armeabi-v7a", "x86_64", "x86")
BACKGROUND_MODES = ("fetch", "remote-notification")
# Package.swift platform -> a Rust target the XCFramework script must build for it.
PLATFORM_SLICES = {
    "iOS": ("aarch64-apple-ios", "aarch64-apple-ios-sim"),
    "macOS": ("aarch64-apple-darwin", "x86_64-apple-darwin"),
}


class Report:
    def __init__(self, root):
        self.root = root
        self.problems = []

    def add(self, path, line, text):
        rel = path.relative_to(self.root) if path.is_absolute() else path
        self.problems.append(f"{rel}:{line}: {text}")


def line_of(text, index):
    return text.count("\n", 0, index) + 1


def accessor(key):
    """The Kotlin accessor of a version catalog key: `compose-bom` -> `compose.bom`."""
    return re.sub(r"[-_]", ".", key)


def check_android(root, report):
    android = root / "android"
    catalog_path = android / "gradle/libs.versions.toml"
    if not catalog_path.is_file():
        report.add(catalog_path, 1, "the version catalog is missing")
        return
    catalog = tomllib.loads(catalog_path.read_text())
    versions = set(catalog.get("versions", {}))
    known = {
        "libraries": {accessor(k) for k in catalog.get("libraries", {})},
        "plugins": {accessor(k) for k in catalog.get("plugins", {})},
        "versions": {accessor(k) for k in versions},
    }
    catalog_text = catalog_path.read_text()
    for section in ("libraries", "plugins"):
        for key, entry in catalog.get(section, {}).items():
            ref = entry.get("version", {}).get("ref") if isinstance(entry, dict) and isinstance(entry.get("version"), dict) else None
            if ref is not None and ref not in versions:
                report.add(catalog_path, line_of(catalog_text, catalog_text.find(key)), f"{key}: no version named {ref!r}")

    for script in sorted(android.rglob("*.gradle.kts")):
        if "build" in script.relative_to(android).parts[:-1]:
            continue
        # Comments blanked to spaces, so positions (and line numbers) stay where they were.
        text = re.sub(r"//[^\n]*", lambda c: " " * len(c.group()), script.read_text())
        for m in re.finditer(r"\blibs\.((?:plugins|versions)\.)?([a-z][\w.]*?)(?=\.get\(\)|\.pluginId|\)|\s|,|\}|$)", text):
            section = {"plugins.": "plugins", "versions.": "versions"}.get(m.group(1) or "", "libraries")
            name = m.group(2)
            if name not in known[section]:
                report.add(script, line_of(text, m.start()), f"libs.{m.group(1) or ''}{name} is not in {catalog_path.relative_to(root)}")

    wrapper = android / "gradle/wrapper/gradle-wrapper.properties"
    if not wrapper.is_file() or not re.search(r"^distributionUrl=https\\?://services\.gradle\.org/distributions/gradle-[\d.]+-(bin|all)\.zip$", wrapper.read_text(), re.M):
        report.add(wrapper, 1, "the Gradle wrapper does not name a Gradle distribution")

    library = android / "jinlin-kotlin/build.gradle.kts"
    text = library.read_text() if library.is_file() else ""
    for abi in ABIS:
        if f'"{abi}"' not in text:
            report.add(library, 1, f"the native library is not built for {abi}")

    manifest = android / "app/src/main/AndroidManifest.xml"
    kotlin = "\n".join(p.read_text() for p in sorted((android / "app/src/main/kotlin").rglob("*.kt")))
    declared = set(re.findall(r"^\s*(?:open |abstract |internal )?class (\w+)", kotlin, re.M))
    mtext = manifest.read_text() if manifest.is_file() else ""
    for m in re.finditer(r'<(application|activity|service|receiver)\b[^>]*?android:name="\.(\w+)"', mtext, re.S):
        if m.group(2) not in declared:
            report.add(manifest, line_of(mtext, m.start()), f"{m.group(1)} .{m.group(2)} is not a class in the app's Kotlin")

    rules = android / "jinlin-kotlin/consumer-rules.pro"
    rtext = rules.read_text() if rules.is_file() else ""
    for kept in ("com.sun.jna", "org.jinlin.core"):
        if not re.search(rf"^-keep class {re.escape(kept)}\.", rtext, re.M):
            report.add(rules, 1, f"R8 does not keep {kept}")


def load_plist(path, report):
    try:
        with open(path, "rb") as f:
            return plistlib.load(f)
    except (OSError, plistlib.InvalidFileException, ValueError) as e:
        report.add(path, 1, f"not a property list: {e}")
        return None


def check_ios(root, report):
    ios = root / "ios"
    spec_path = ios / "project.yml"
    spec = spec_path.read_text() if spec_path.is_file() else ""
    if not spec:
        report.add(spec_path, 1, "the XcodeGen spec is missing")
    named = {}
    for m in re.finditer(r"^\s*(INFOPLIST_FILE|CODE_SIGN_ENTITLEMENTS|path):\s*(\S+)\s*$", spec, re.M):
        if not (ios / m.group(2)).exists():
            report.add(spec_path, line_of(spec, m.start()), f"{m.group(1)} {m.group(2)} does not exist")
        named.setdefault(m.group(1), ios / m.group(2))

    info_path = named.get("INFOPLIST_FILE")
    if info_path is None:
        report.add(spec_path, 1, "no INFOPLIST_FILE")
    elif info_path.is_file():
        info = load_plist(info_path, report) or {}
        modes = info.get("UIBackgroundModes", [])
        for mode in BACKGROUND_MODES:
            if mode not in modes:
                report.add(info_path, 1, f"UIBackgroundModes lacks {mode}")
        sync = ios / "JinlinApp/BackgroundSync.swift"
        m = re.search(r'static let identifier = "([^"]+)"', sync.read_text()) if sync.is_file() else None
        if m and m.group(1) not in info.get("BGTaskSchedulerPermittedIdentifiers", []):
            report.add(info_path, 1, f"BGTaskSchedulerPermittedIdentifiers lacks {m.group(1)}")
        if "JinlinRelayURL" not in info:
            report.add(info_path, 1, "no JinlinRelayURL: the app would not know its relay")
        if info.get("CFBundleDevelopmentRegion") != "zh-Hans":
            report.add(info_path, 1, "CFBundleDevelopmentRegion is not zh-Hans")

    entitlements_path = named.get("CODE_SIGN_ENTITLEMENTS")
    if entitlements_path is None:
        report.add(spec_path, 1, "no CODE_SIGN_ENTITLEMENTS")
    elif entitlements_path.is_file():
        entitlements = load_plist(entitlements_path, report) or {}
        if entitlements.get("aps-environment") not in ("development", "production"):
            report.add(entitlements_path, 1, "no aps-environment: the app cannot receive pushes")

    package = ios / "JinlinKit/Package.swift"
    script = ios / "build-xcframework.sh"
    ptext = package.read_text() if package.is_file() else ""
    stext = script.read_text() if script.is_file() else ""
    # The Rust targets the script builds: its `targets=(...)` list.
    listed = re.search(r"^targets=\(([^)]*)\)", stext, re.M)
    built = set(listed.group(1).split()) if listed else set()
    for platform in re.findall(r"\.(iOS|macOS|tvOS|watchOS|visionOS)\(", ptext):
        for target in PLATFORM_SLICES.get(platform, (platform,)):
            if target not in built:
                report.add(script, 1, f"Package.swift declares {platform}, but the XCFramework has no {target} slice")


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    report = Report(root)
    check_android(root, report)
    check_ios(root, report)
    for problem in report.problems:
        print(problem)
    print(f"shells: Gradle and Xcode definitions, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
