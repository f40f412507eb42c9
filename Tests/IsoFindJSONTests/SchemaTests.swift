import Testing
@testable import IsoFindJSON

@Suite struct SchemaTests {
    let schema = ObjectSchema("Thing", [
        Field("name", .string(StringRules(minLength: 1, maxLength: 5)), required: true),
        Field("tags", .array(.string(), ArrayRules(minItems: 1, maxItems: 3, uniqueItems: true))),
        Field("count", .integer(minimum: 0)),
        Field("language", .string(StringRules(oneOf: ["fr", "en"]))),
        Field("extra", .nullable(.anyObject(description: "free"))),
    ])

    func issues(_ value: JSONValue) -> [String] {
        Schema.object(schema).validate(value).map { issue in
            issue.loc.map(\.description).joined(separator: ".") + " " + issue.type
        }
    }

    @Test func acceptsAValidObject() {
        #expect(issues(["name": "ab", "tags": ["x"], "count": 3, "language": "en", "extra": .null]).isEmpty)
        #expect(issues(["name": "ab", "count": .double(2.0), "extra": ["k": 1]]).isEmpty)
    }

    @Test func reportsEveryProblemAtOnce() {
        let found = issues(["tags": ["a", "a"], "count": -1, "language": "de", "extra": 3, "colour": "red"])
        #expect(found == [
            "name missing", "tags.1 value_error", "count greater_than_equal", "language literal_error",
            "extra dict_type", "colour extra_forbidden",
        ])
    }

    @Test func checksTypesAndLengths() {
        #expect(issues(["name": 5]) == ["name string_type"])
        #expect(issues(["name": "toolong"]) == ["name string_too_long"])
        #expect(issues(["name": ""]) == ["name string_too_short"])
        #expect(issues(["name": "a", "tags": []]) == ["tags too_short"])
        #expect(issues(["name": "a", "tags": ["a", "b", "c", "d"]]) == ["tags too_long"])
        #expect(issues(["name": "a", "count": "3"]) == ["count int_type"])
        #expect(issues(["name": "a", "count": .double(2.5)]) == ["count int_type"])
        #expect(issues(.array([])) == [" model_attributes_type"])
    }

    @Test func literalMessageListsTheChoices() {
        let issue = Schema.object(schema).validate(["name": "a", "language": "de"]).first
        #expect(issue?.msg == "Input should be 'fr' or 'en'")
    }
}

/// The two rules every input follows: one for numbers, one for NUL.
@Suite struct InputRulesTests {
    @Test func aWholeNumberIsAnInteger() {
        #expect(JSONValue.int(3).integerValue == 3)
        #expect(JSONValue.double(3.0).integerValue == 3)
        #expect(JSONValue.double(-2e0).integerValue == -2)
        #expect(JSONValue.double(2.5).integerValue == nil)
        #expect(JSONValue.double(1e300).integerValue == nil)
        #expect(JSONValue.string("3").integerValue == nil)
        #expect(Schema.integer(minimum: 1).validate(.double(1.0)).isEmpty)
        #expect(Schema.integer(minimum: 1).validate(.double(0.0)).map(\.type) == ["greater_than_equal"])
    }

    @Test(arguments: [("12", 12), ("+12", 12), ("-3", -3), ("007", 7), ("12.0", 12), ("12.", 12), ("12.000", 12)])
    func parameterTextThatIsAnInteger(text: String, value: Int) {
        #expect(JSONValue.integer(parameterText: text) == value)
    }

    @Test(arguments: ["", "1.5", "1e3", "0x10", "abc", " 1", "1 ", "1\u{0}", "--1", ".0", "99999999999999999999999"])
    func parameterTextThatIsNot(text: String) {
        #expect(JSONValue.integer(parameterText: text) == nil)
    }

    @Test func nulIsFoundAtEveryDepthAndInKeys() {
        let value: JSONValue = ["ok": "fine", "list": ["a", "b\u{0}"], "deep": ["k\u{0}": ["x": "\u{0}"]]]
        let found = value.nulIssues(at: ["body", "dict"]).map { $0.loc.map(\.description).joined(separator: ".") }
        #expect(found == ["body.dict.deep.k\u{0}", "body.dict.deep.k\u{0}.x", "body.dict.list.1"])
        #expect(Schema.anyObject(description: "").validate(value).count == 3)
        #expect(Schema.any.validate(.string("a\u{0}")).map(\.type) == ["string_nul"])
        #expect(Schema.string().validate(.string("a\u{0}")).map(\.msg) == [NULRule.message])
    }
}
