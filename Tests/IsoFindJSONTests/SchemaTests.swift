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
