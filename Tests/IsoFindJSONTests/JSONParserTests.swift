import Testing
@testable import IsoFindJSON

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func parsesEveryKind() throws {
        let value = try parse(#" {"a": [1, -2.5e1, "x\u00e9\n", true, false, null], "b": {}} "#)
        #expect(value == .object(["a": .array([.int(1), .double(-25), .string("xé\n"), .bool(true), .bool(false), .null]),
                                  "b": .object([:])]))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try parse(#""\ud83d\ude00 \u03b4\u00b9\u00b3C""#) == .string("😀 δ¹³C"))
    }

    @Test(arguments: [
        ("", 0, "empty"),
        ("{\"a\": 1,}", 8, "property name"),
        ("[1, 2,]", 6, "expected a JSON value"),
        ("{\"a\": 1, \"a\": 2}", 9, "duplicate property 'a'"),
        ("{\"a\":", 5, "ends too early"),
        ("[01]", 2, "leading zeros"),
        ("nul", 0, "expected 'null'"),
        ("\"a\u{01}b\"", 2, "control character"),
        ("{} x", 3, "after the JSON document"),
        ("\"\\ud800\"", 7, "unpaired"),
        ("1e999", 0, "out of range"),
    ])
    func refusesWithPosition(text: String, offset: Int, fragment: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.offset == offset && error.message.contains(fragment)
        }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func boundsNestingWithoutRecursingFurther() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect {
            try parse(deep)
        } throws: { error in
            (error as? JSONParseError)?.message.contains("nested deeper than \(JSONParser.defaultMaxDepth)") == true
        }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(throws: Never.self) { try parse(fine) }
    }
}
