import IsoFindDomain
import IsoFindJSON

enum MatrixSchemas {
    static let note = Schema.nullable(.string(StringRules(maxLength: 2000)))

    static let group = ObjectSchema("MatrixGroup", [
        Field("id", .string(StringRules(minLength: 1, maxLength: 64)), required: true, "Stable identifier, unique."),
        Field("name", .string(StringRules(minLength: 1, maxLength: 200)), required: true),
        Field("color", .string(StringRules(pattern: (#"^#[0-9A-Fa-f]{6}$"#, { MatrixSchemas.isColour($0) }))), required: true,
              "#RRGGBB"),
        Field("matrices", .array(.string(StringRules(minLength: 1, maxLength: 200)), ArrayRules(maxItems: 500)), required: true,
              "Concrete matrices; French and English names of the same matrix are the same matrix."),
        Field("note", note, default: .null),
    ])

    static let rule = ObjectSchema("MatrixRule", [
        Field("from_group", .string(StringRules(minLength: 1, maxLength: 64)), required: true),
        Field("to_group", .string(StringRules(minLength: 1, maxLength: 64)), required: true),
        Field("relevant", .boolean, required: true, "Whether comparing samples of these two groups is meaningful."),
        Field("note", note, default: .null),
    ])

    static let configuration = ObjectSchema("MatrixConfiguration", [
        Field("groups", .array(.ref("MatrixGroup", .object(group)), ArrayRules(maxItems: 200)), required: true),
        Field("rules", .array(.ref("MatrixRule", .object(rule)), ArrayRules(maxItems: 2000)), required: true),
    ])

    static let check = Schema.object(ObjectSchema("MatrixCheck", [
        Field("matrix_a", .string(), required: true),
        Field("matrix_b", .string(), required: true),
        Field("group_a", .nullable(.string()), required: true),
        Field("group_b", .nullable(.string()), required: true),
        Field("relevant", .nullable(.boolean), required: true),
        Field("defined", .boolean, required: true),
        Field("note", .nullable(.string()), required: true),
    ]))

    /// The configuration a body describes. Lenient, so that the domain rules can also run on a
    /// body with schema problems (items of the wrong type are skipped, missing strings are empty):
    /// the client then gets every problem in one answer.
    static func configuration(from fields: [String: JSONValue]) -> MatrixConfiguration {
        let groups = (fields["groups"]?.arrayValue ?? []).map { item in
            let group = item.objectValue ?? [:]
            return MatrixGroup(id: group["id"]?.stringValue ?? "", name: group["name"]?.stringValue ?? "",
                               color: group["color"]?.stringValue ?? "",
                               matrices: (group["matrices"]?.arrayValue ?? []).compactMap(\.stringValue),
                               note: group["note"]?.stringValue)
        }
        let rules = (fields["rules"]?.arrayValue ?? []).map { item in
            let rule = item.objectValue ?? [:]
            return MatrixRule(fromGroup: rule["from_group"]?.stringValue ?? "", toGroup: rule["to_group"]?.stringValue ?? "",
                              relevant: rule["relevant"]?.boolValue ?? false, note: rule["note"]?.stringValue)
        }
        return MatrixConfiguration(groups: groups, rules: rules)
    }

    static func json(_ configuration: MatrixConfiguration) -> JSONValue {
        [
            "groups": .array(configuration.groups.map { group in
                ["id": .string(group.id), "name": .string(group.name), "color": .string(group.color),
                 "matrices": JSONValue(strings: group.matrices), "note": JSONValue(group.note)]
            }),
            "rules": .array(configuration.rules.map { rule in
                ["from_group": .string(rule.fromGroup), "to_group": .string(rule.toGroup),
                 "relevant": .bool(rule.relevant), "note": JSONValue(rule.note)]
            }),
        ]
    }

    static func isColour(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 7 && bytes[0] == UInt8(ascii: "#") && bytes.dropFirst().allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }
}

extension ReportsModule {
    func getMatrixGroups(_ context: RouteContext) throws -> Response {
        .json(MatrixSchemas.json(try store.matrixConfiguration()))
    }

    func putMatrixGroups(_ context: RouteContext) throws -> Response {
        let fields = try context.body(MatrixSchemas.configuration) { fields in
            MatrixSchemas.configuration(from: fields).validate()
        }
        let configuration = MatrixSchemas.configuration(from: fields)
        try store.replaceMatrixConfiguration(configuration)
        return .json(MatrixSchemas.json(try store.matrixConfiguration()))
    }

    func checkMatrices(_ context: RouteContext) throws -> Response {
        var values: [String: String] = [:]
        for item in context.request.queryItems where values[item.name] == nil { values[item.name] = item.value }
        var issues: [ValidationIssue] = []
        for name in ["matrix_a", "matrix_b"] {
            if values[name] == nil {
                issues.append(ValidationIssue(loc: [.key("query"), .key(name)], msg: "Field required", type: "missing"))
            } else if values[name]!.trimmingCharacters(in: .whitespaces).isEmpty {
                issues.append(ValidationIssue(loc: [.key("query"), .key(name)], msg: "String should have at least 1 character",
                                              type: "string_too_short"))
            }
        }
        guard issues.isEmpty else { throw APIError.validation(issues) }
        let check = try store.matrixConfiguration().check(values["matrix_a"]!, values["matrix_b"]!)
        return .json([
            "matrix_a": .string(check.matrixA), "matrix_b": .string(check.matrixB),
            "group_a": JSONValue(check.groupA), "group_b": JSONValue(check.groupB),
            "relevant": JSONValue(check.relevant), "defined": .bool(check.defined), "note": JSONValue(check.note),
        ])
    }
}
