import IsoFindDomain

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
        .json(try store.matrixConfiguration())
    }

    func putMatrixGroups(_ context: RouteContext) throws -> Response {
        let fields = try context.body(MatrixSchemas.configuration)
        let configuration = MatrixConfiguration(
            groups: fields["groups"]!.arrayValue!.map { item in
                let group = item.objectValue!
                return MatrixGroup(id: group["id"]!.stringValue!, name: group["name"]!.stringValue!,
                                   color: group["color"]!.stringValue!,
                                   matrices: group["matrices"]!.arrayValue!.compactMap(\.stringValue),
                                   note: group["note"]?.stringValue)
            },
            rules: fields["rules"]!.arrayValue!.map { item in
                let rule = item.objectValue!
                return MatrixRule(fromGroup: rule["from_group"]!.stringValue!, toGroup: rule["to_group"]!.stringValue!,
                                  relevant: rule["relevant"]!.boolValue!, note: rule["note"]?.stringValue)
            })
        let issues = configuration.validate().map { $0.prefixed(["body"]) }
        guard issues.isEmpty else { throw APIError.validation(issues) }
        try store.replaceMatrixConfiguration(configuration)
        return .json(try store.matrixConfiguration())
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
        return .json(check)
    }
}
