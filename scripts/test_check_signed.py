"""Tests of scripts/check-signed.py: a public Kotlin field or Swift parameter of an unsigned type
is caught, with its line; uniffi's own machinery, private code, bodies, comments and strings are
not; and the project's bindings and wrappers pass.

    python3 -m unittest discover -s scripts -p 'test_*.py'
"""

import importlib.util
import shutil
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
spec = importlib.util.spec_from_file_location("check_signed", HERE / "check-signed.py")
check_signed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_signed)

KOTLIN_RECORD = """
/**
 * A pairing as this member may see it.
 */
data class PairingRecord (
    /**
     * Minutes of grace after it.
     */
    var `graceMinutes`: kotlin.UInt
    ,
    var `name`: kotlin.String
) {
    companion object
}
"""

SWIFT_FUNCTION = """
public protocol JinlinClientProtocol: AnyObject, Sendable {
    func pairings() async throws -> [PairingRecord]
}
open class JinlinClient: JinlinClientProtocol, @unchecked Sendable {
    open func visits(groupId: String?, householdId: String?, limit: UInt32)async throws -> [VisitView] {
        return []
    }
}
"""

KOTLIN_MACHINERY = """
// `UInt` in a comment, and in a string: "UInt"
interface FfiConverter<KotlinType, FfiType> {
    fun allocationSize(value: KotlinType): ULong
}
public object FfiConverterTypePairingRecord: FfiConverterRustBuffer<PairingRecord> {
    override fun allocationSize(value: PairingRecord): ULong = 4UL
}
internal fun alloc(size: ULong = 0UL) = 0
class Counter(private val limit: Int = 30) {
    private val shown: UInt = 1u
    fun count(): Int {
        val n: UInt = 3u
        return "${n.toString() + "}"}".length
    }
}
"""

SWIFT_MACHINERY = """
fileprivate let UNIFFI_HANDLEMAP_INITIAL: UInt64 = 1
public struct FfiConverterUInt8: FfiConverterPrimitive {
    public static func read(from buf: inout (data: Data, offset: Data.Index)) throws -> UInt8 { 0 }
}
open class JinlinClient: JinlinClientProtocol, @unchecked Sendable {
    fileprivate let handle: UInt64
    required public init(unsafeFromHandle handle: UInt64) {
        self.handle = handle
    }
    public func uniffiCloneHandle() -> UInt64 { return handle }
    public func visits(limit: Int32) async throws -> [VisitView] {
        let n: UInt32 = UInt32(limit)  // "UInt32" here is the body's business
        return []
    }
}
public func FfiConverterTypeCheckinAlertListener_lower(_ value: CheckinAlertListener) -> UInt64 { 0 }
public final class HelpNowModel {
    private let refreshEvery: UInt64
}
"""


class CheckSignedTests(unittest.TestCase):
    def test_a_public_record_field_of_type_uint_is_caught_with_its_line(self):
        problems = check_signed.check_text(KOTLIN_RECORD, "kotlin")
        self.assertEqual([line for line, _ in problems], [9])
        self.assertIn("UInt", problems[0][1])

    def test_a_uint32_parameter_of_a_public_swift_method_is_caught(self):
        problems = check_signed.check_text(SWIFT_FUNCTION, "swift")
        self.assertEqual([line for line, _ in problems], [6])
        self.assertIn("UInt32", problems[0][1])

    def test_a_protocol_requirement_and_a_separated_public_modifier_count_as_public(self):
        swift = (
            "public protocol Listener: AnyObject {\n"
            "    func onWave(wave: UInt8)\n"
            "}\n"
            "public\n"
            "enum E {\n"
            "    case tooLong(\n"
            "        length: UInt64\n"
            "    )\n"
            "}\n"
        )
        self.assertEqual([line for line, _ in check_signed.check_text(swift, "swift")], [2, 7])

    def test_uniffi_machinery_private_code_bodies_comments_and_strings_are_not_public_api(self):
        self.assertEqual(check_signed.check_text(KOTLIN_MACHINERY, "kotlin"), [])
        self.assertEqual(check_signed.check_text(SWIFT_MACHINERY, "swift"), [])

    def test_the_projects_bindings_and_wrappers_use_only_signed_integers(self):
        if not (ROOT / "bindings/kotlin-jvm").is_dir():
            self.skipTest("bindings not generated (scripts/bindings.sh)")
        files, missing = check_signed.sources(ROOT)
        self.assertEqual(missing, [])
        for path, lang in files:
            with self.subTest(path=str(path.relative_to(ROOT))):
                self.assertEqual(check_signed.check_text(path.read_text(encoding="utf-8"), lang), [])

    def test_a_wrapper_taking_a_uint_count_fails_the_check(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for folder in check_signed.HAND_WRITTEN:
                if (ROOT / folder).is_dir():
                    shutil.copytree(ROOT / folder, root / folder)
            for folder in check_signed.GENERATED:
                (root / folder).mkdir(parents=True)
            wrapper = root / "android/jinlin-kotlin/src/main/kotlin/org/jinlin/sdk/Jinlin.kt"
            text = wrapper.read_text(encoding="utf-8")
            self.assertIn("uses: Int = 1,", text)
            wrapper.write_text(text.replace("uses: Int = 1,", "uses: UInt = 1u,"), encoding="utf-8")
            files, missing = check_signed.sources(root)
            self.assertEqual(missing, [])
            found = [
                (path.name, problem)
                for path, lang in files
                for _, problem in check_signed.check_text(path.read_text(encoding="utf-8"), lang)
            ]
            self.assertEqual(len(found), 1, found)
            self.assertEqual(found[0][0], "Jinlin.kt")
            self.assertIn("invite", found[0][1])

    def test_missing_bindings_are_a_problem_not_a_pass(self):
        with tempfile.TemporaryDirectory() as tmp:
            _, missing = check_signed.sources(Path(tmp))
            self.assertEqual(len(missing), len(check_signed.GENERATED))


if __name__ == "__main__":
    unittest.main()
