#!/usr/bin/env python3
"""The Android app keeps its store out of Auto Backup and device-to-device transfer.

The store (`jinlin.db` in the app's files folder, with its write-ahead log) belongs to one
installation: restored onto a new phone while the old one lives, both would write as the same
device. This reads android/app/src/main/AndroidManifest.xml, checks that every XML file under
android/ is well formed, that the manifest names both rule files (`android:fullBackupContent`
for Android 11 and older, `android:dataExtractionRules` from Android 12), and that each excludes
every file of the store: from the full backup, and from both cloud backup and device transfer.
Standard library only.

Usage: check-android-backup.py [ROOT]     exit status 1 on any problem
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ANDROID = "{http://schemas.android.com/apk/res/android}"
STORE = ["jinlin.db", "jinlin.db-wal", "jinlin.db-shm", "jinlin.db-journal"]


def excluded(section):
    return {e.get("path") for e in section.iter("exclude") if e.get("domain") == "file"}


def rules_file(res, manifest_app, attribute, problems):
    ref = manifest_app.get(ANDROID + attribute)
    if not ref or not ref.startswith("@xml/"):
        problems.append(f"the manifest's <application> has no android:{attribute}=\"@xml/...\"")
        return None
    path = res / "xml" / (ref[len("@xml/"):] + ".xml")
    if not path.is_file():
        problems.append(f"android:{attribute} names {path}, which does not exist")
        return None
    return ET.parse(path).getroot()


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []
    for path in sorted((root / "android").rglob("*.xml")):
        if "build" in path.parts:
            continue
        try:
            ET.parse(path)
        except ET.ParseError as e:
            problems.append(f"{path.relative_to(root)}: not well-formed XML: {e}")
    main_dir = root / "android/app/src/main"
    app = ET.parse(main_dir / "AndroidManifest.xml").getroot().find("application")
    if app is None:
        problems.append("the manifest has no <application>")
    else:
        sections = {}
        full = rules_file(main_dir / "res", app, "fullBackupContent", problems)
        if full is not None:
            sections["full backup"] = full
        extraction = rules_file(main_dir / "res", app, "dataExtractionRules", problems)
        if extraction is not None:
            for tag, label in (("cloud-backup", "cloud backup"), ("device-transfer", "device transfer")):
                section = extraction.find(tag)
                if section is None:
                    problems.append(f"the data extraction rules have no <{tag}>")
                else:
                    sections[label] = section
        for label, section in sections.items():
            missing = [f for f in STORE if f not in excluded(section)]
            if missing:
                problems.append(f"{label} does not exclude {', '.join(missing)}")
    for p in problems:
        print(f"android backup: {p}")
    print(f"android backup: {'the store stays out of backups and transfers' if not problems else 'problems found'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
