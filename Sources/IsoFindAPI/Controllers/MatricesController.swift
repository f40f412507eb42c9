import Foundation
import IsoFindDomain
import IsoFindJSON
import IsoFindStore

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

    /// A matrix name in a query: at least one character that is not a space.
    static let queryName = Schema.string(StringRules(
        minLength: 1, maxLength: 200, pattern: (#"\S"#, { !$0.trimmingCharacters(in: .whitespaces).isEmpty })))

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

/// Matrix groups (3): `GET/PUT /matrix-groups` and `GET /matrix-groups/check`.
struct MatricesController: Sendable {
    let store: ReportsStore

    static func routes(_ controller: Self?) -> [Route] {
        let configuration = Schema.ref("MatrixConfiguration", .object(MatrixSchemas.configuration))
        return [
            Route("GET", "/matrix-groups", access: .role(.reader), doc: OperationDoc(
                "getMatrixGroups", tag: "Matrices", summary: "Matrix groups and relevance rules",
                responses: [.init(200, "The configuration.", .json(configuration))]), controller, Self.get),
            Route("PUT", "/matrix-groups", access: .role(.admin), doc: OperationDoc(
                "putMatrixGroups", tag: "Matrices", summary: "Replace matrix groups and rules",
                description: "Full replace in one transaction. Refused (422) when group ids are missing or repeated, a colour is not #RRGGBB, a matrix belongs to two groups (French and English names are the same matrix), a rule names an unknown group, or a (from, to) pair repeats.",
                body: MatrixSchemas.configuration,
                responses: [.init(200, "The saved configuration.", .json(configuration))]), controller, Self.put),
            Route("GET", "/matrix-groups/check", access: .role(.reader), doc: OperationDoc(
                "checkMatrices", tag: "Matrices", summary: "Is comparing matrix_a with matrix_b relevant?",
                query: [.init("matrix_a", MatrixSchemas.queryName, required: true, "A matrix name (French or English)."),
                        .init("matrix_b", MatrixSchemas.queryName, required: true, "Another matrix name.")],
                responses: [.init(200, "The verdict.", .json(MatrixSchemas.check))]), controller, Self.check),
        ]
    }

    func get(_ context: RouteContext) throws -> Response {
        .json(MatrixSchemas.json(try store.matrixConfiguration()))
    }

    func put(_ context: RouteContext) throws -> Response {
        let fields = try context.body(MatrixSchemas.configuration) { fields in
            MatrixSchemas.configuration(from: fields).validate()
        }
        try store.replaceMatrixConfiguration(MatrixSchemas.configuration(from: fields))
        return .json(MatrixSchemas.json(try store.matrixConfiguration()))
    }

    func check(_ context: RouteContext) throws -> Response {
        let query = try context.query()
        let check = try store.matrixConfiguration().check(query["matrix_a"]!.stringValue!, query["matrix_b"]!.stringValue!)
        return .json([
            "matrix_a": .string(check.matrixA), "matrix_b": .string(check.matrixB),
            "group_a": JSONValue(check.groupA), "group_b": JSONValue(check.groupB),
            "relevant": JSONValue(check.relevant), "defined": .bool(check.defined), "note": JSONValue(check.note),
        ])
    }
}
