@testable import TarArchive
import Testing

@Suite("PAX records")
struct TarPAXTests {
    @Test("record lengths count their own digits")
    func lengthCountsItself() throws {
        // " path=…\n" is 98 bytes: 2 digits would make 100, so the length needs 3 digits and is 101.
        let record = TarPAX.encode([("path", Array(String(repeating: "p", count: 91).utf8))])
        #expect(record.count == 101)
        #expect(String(decoding: record.prefix(4), as: UTF8.self) == "101 ")
        let parsed = try TarPAX.parse(record)
        #expect(parsed.map(\.key) == ["path"])
        #expect(parsed.first?.value == Array(String(repeating: "p", count: 91).utf8))
    }

    @Test("binary values with newlines and '=' survive; a bad length is malformed")
    func binaryValues() throws {
        let value: [UInt8] = [0, 10, 61, 255]
        #expect(try TarPAX.parse(TarPAX.encode([("SCHILY.xattr.user.b", value)])).first?.value == value)
        #expect(throws: TarError(.malformed, "malformed PAX record")) { try TarPAX.parse(Array("12 path=x\n".utf8)) }
    }
}
