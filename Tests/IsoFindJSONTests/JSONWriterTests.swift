import Foundation
import Testing
@testable import IsoFindJSON

@Suite struct JSONWriterTests {
    func text(_ value: JSONValue) -> String { String(decoding: JSONWriter.bytes(value), as: UTF8.self) }

    @Test func writesEveryKindWithSortedKeys() {
        #expect(text(["b": [1, .double(2.5), .double(3), .null], "a": true, "c": "x"]) == #"{"a":true,"b":[1,2.5,3.0,null],"c":"x"}"#)
    }

    @Test func escapesWhatJSONRequires() {
        #expect(text("q\"b\\n\nt\tc\u{01}é δ¹³C") == #""q\"b\\n\nt\tc\u0001é δ¹³C""#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let value: JSONValue = ["name": "Suivi \"Gardon\"\n", "blocks": ["cover_page"], "n": -42, "x": .double(-0.125), "o": [:]]
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
    }

    @Test func frozenFragmentsAreEmbeddedAsTheyAre() {
        let fragment = JSONValue.object(["k": "v"]).frozen
        #expect(text(["list": [fragment, fragment]]) == #"{"list":[{"k":"v"},{"k":"v"}]}"#)
    }

    @Test func agreesWithFoundation() throws {
        let value: JSONValue = ["a": ["b": [1, 2, "three"]], "ü": .double(1e-7)]
        let decoded = try JSONSerialization.jsonObject(with: Data(JSONWriter.bytes(value))) as? [String: Any]
        #expect(((decoded?["a"] as? [String: Any])?["b"] as? [Any])?.count == 3)
        #expect(decoded?["ü"] as? Double == 1e-7)
    }
}

@Suite struct JSONStreamTests {
    @Test func writesFieldsInOrderWithCommasAndNesting() {
        var json = JSONStream()
        json.object { json in
            json.field("name", "Well \"4\"")
            json.field("depth_m", 12.5)
            json.field("missing", nil as Double?)
            json.field("infinite", Double.infinity)
            json.field("count", 3)
            json.field("whole", 2.0)
            json.field("flag", false)
            json.array("empty", [Int]()) { json, value in json.value(.int(Int64(value))) }
            json.array("rows", [1, 2]) { json, value in
                json.object { json in json.field("n", value) }
            }
            json.object("nested") { json in json.field("k", "v") }
            json.field("value", ["b": 1, "a": [true]])
        }
        #expect(String(decoding: json.bytes, as: UTF8.self) ==
            #"{"name":"Well \"4\"","depth_m":12.5,"missing":null,"infinite":null,"count":3,"whole":2.0,"flag":false,"#
            + #""empty":[],"rows":[{"n":1},{"n":2}],"nested":{"k":"v"},"value":{"a":[true],"b":1}}"#)
    }

    @Test func topLevelArraysOfValuesParseBack() throws {
        var json = JSONStream()
        json.array(["x", "y\n"]) { json, text in json.value(text) }
        #expect(try JSONParser.parse(json.bytes) == ["x", "y\n"])
    }
}
