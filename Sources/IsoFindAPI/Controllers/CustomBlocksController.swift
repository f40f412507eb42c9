import IsoFindDomain
import IsoFindGeneration
import IsoFindJSON
import IsoFindReport
import IsoFindStore

// Custom blocks (`api.md`, "Custom blocks (5)"; `python-blocks.md`, "Two uses of Python").
//
// The code of a custom block is compiled by the embedded interpreter before anything is saved,
// behind `PythonCodeCheck`: this module knows nothing of CPython, and the CLI hands in the real
// interpreter at start (`ReportsService(customBlocks:)`). The code never runs here; generations
// run it in the worker pool (`CustomBlockRunner`).

/// Compiles a custom block's code without running it (`compile(code, '<custom_block>', 'exec')`).
///
/// Called from any request thread, concurrently; an implementation serialises its own access to
/// the interpreter and must return (a pathological input is a refusal, never a crash or a hang).
public protocol PythonCodeCheck: Sendable {
    func compile(_ code: String) -> PythonCompileResult
}

public enum PythonCompileResult: Sendable, Equatable {
    case compiles
    /// error: the exception type (SyntaxError, ValueError for NUL bytes, RecursionError/MemoryError for pathological nesting...)
    case refused(error: String, msg: String, lineno: Int?, offset: Int?, text: String?)
}

/// Whether the custom-block endpoints can work: the embedded interpreter started, or why not.
public enum CustomBlocksAvailability: Sendable {
    case available(any PythonCodeCheck)
    case unavailable(reason: String)
}

/// The custom block object of `api.md`, and the answers built around it.
enum CustomBlockJSON {
    static func object(_ block: StoredCustomBlock) -> JSONValue {
        [
            "id": .int(Int64(block.id)),
            "key": .string(block.key),
            "name": .string(block.name),
            "description": .string(block.description),
            "category": .string(block.category),
            "nature": .string(block.nature),
            "icon": .string(block.icon),
            "licence": .string(block.licence.rawValue),
            "expert": .bool(block.expert),
            "language": .string(block.language.rawValue),
            "api_calls": block.apiCalls.map { JSONValue(strings: $0) } ?? .null,
            "code_python": .string(block.code),
            "active": .bool(block.active),
            "created_at": .string(block.createdAt),
            "updated_at": .string(block.updatedAt),
        ]
    }

    static func list(_ blocks: [StoredCustomBlock]) -> JSONValue {
        ["success": true, "blocks": .array(blocks.map(object)), "count": .int(Int64(blocks.count))]
    }

    /// The 422 of code the interpreter refuses: `detail` is one object (not the list of schema
    /// problems), with null for what the interpreter did not say.
    static func compileRefusal(error: String, msg: String, lineno: Int?, offset: Int?, text: String?) -> JSONValue {
        ["detail": ["error": .string(error), "msg": .string(msg), "lineno": JSONValue(lineno), "offset": JSONValue(offset),
                    "text": JSONValue(text)]]
    }
}

enum CustomBlockSchemas {
    /// The data sections a block's code may ask for in `api_calls`: the sections of `data` that
    /// the generation builds for it.
    static let dataSections = CustomBlockData.sections
    /// `code_python` is at most 64 KiB of UTF-8.
    static let maximumCodeBytes = 65_536
    /// A custom block may ask for any tier up to `pro`; `enterprise` is an installation's tier, not a block's.
    static let licences: [Licence] = [.research, .researchPlus, .pro]

    static let key = Schema.string(StringRules(pattern: (BlockKey.pattern, { BlockKey.isWellFormed($0) })))
    static let name = Schema.string(StringRules(minLength: 1, maxLength: 200))
    static let description = Schema.string(StringRules(maxLength: 2000))
    static let category = Schema.string(StringRules(oneOf: BlockCategory.allCases.map(\.rawValue)))
    static let nature = Schema.string(StringRules(oneOf: Nature.allCases.map(\.rawValue)))
    static let icon = Schema.string(StringRules(pattern: ("^[A-Z0-9]{2}$", { icon in
        icon.utf8.count == 2 && icon.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    })))
    static let licence = Schema.string(StringRules(oneOf: licences.map(\.rawValue)))
    static let language = Schema.string(StringRules(oneOf: Language.allCases.map(\.rawValue)))
    static let apiCalls = Schema.nullable(.array(.string(StringRules(oneOf: dataSections)), ArrayRules(uniqueItems: true)))
    /// Characters bound the bytes from below, so this is a true upper bound to publish; the byte
    /// limit itself is checked by `codeSize`.
    static let code = Schema.string(StringRules(maxLength: maximumCodeBytes))

    static let keyText = "Unique key that templates and generation requests name: 3–50 characters, a lower-case letter then lower-case letters, digits or '_'; not the key of a built-in block. Immutable once created."
    static let codeText = "The block's Python code (at most 64 KiB of UTF-8). It is compiled before anything is saved; a syntax error is a 422 whose detail says where."
    static let apiCallsText = "The data sections the code may see (each at most once); null for all of them."

    static let create = ObjectSchema("CustomBlockCreate", [
        Field("key", key, required: true, keyText),
        Field("name", name, required: true, "Name shown in the catalogue and as the block's heading in reports."),
        Field("code_python", code, required: true, codeText),
        Field("description", description, default: "", "What the block shows."),
        Field("category", category, default: "custom", "Catalogue category."),
        Field("nature", nature, default: "I", "FAIH nature: F factual, A analytical, I interpreted, H honest."),
        Field("icon", icon, default: "CB", "Two capitals or digits shown in the catalogue."),
        Field("licence", licence, default: "pro", "The licence tier a report with this block needs."),
        Field("expert", .boolean, default: false, "True for a block meant for expert reports (a concise template gets a warning)."),
        Field("language", language, default: "fr", "The language the block's texts are written in."),
        Field("api_calls", apiCalls, default: .null, apiCallsText),
        Field("active", .boolean, default: true, "Inactive blocks are kept but are not in the catalogue and cannot be named."),
    ])

    static let update = ObjectSchema("CustomBlockUpdate", [
        Field("key", key, "Keys are immutable: only the block's own key is accepted here."),
        Field("name", name, "New name."),
        Field("code_python", code, codeText),
        Field("description", description, "New description."),
        Field("category", category, "New category."),
        Field("nature", nature, "New FAIH nature."),
        Field("icon", icon, "New icon."),
        Field("licence", licence, "New licence tier."),
        Field("expert", .boolean, "New expert flag."),
        Field("language", language, "New language."),
        Field("api_calls", apiCalls, apiCallsText),
        Field("active", .boolean, "false hides the block from the catalogue, templates and generation; true brings it back."),
    ], minProperties: 1)

    static let block = Schema.ref("CustomBlock", .object(ObjectSchema("CustomBlock", [
        Field("id", .integer(), required: true),
        Field("key", key, required: true),
        Field("name", .string(), required: true),
        Field("description", .string(), required: true),
        Field("category", category, required: true),
        Field("nature", nature, required: true),
        Field("icon", .string(), required: true),
        Field("licence", licence, required: true),
        Field("expert", .boolean, required: true),
        Field("language", language, required: true),
        Field("api_calls", .nullable(.array(.string())), required: true, apiCallsText),
        Field("code_python", .string(), required: true),
        Field("active", .boolean, required: true),
        Field("created_at", .string(StringRules(format: "date-time")), required: true),
        Field("updated_at", .string(StringRules(format: "date-time")), required: true),
    ])))

    static let list = Schema.object(ObjectSchema("CustomBlockList", [
        Field("success", .boolean, required: true),
        Field("blocks", .array(block), required: true, "The active custom blocks, by id."),
        Field("count", .integer(minimum: 0), required: true),
    ]))

    static let compileError = Schema.ref("PythonCompileError", .object(ObjectSchema("PythonCompileError", [
        Field("detail", .object(ObjectSchema("PythonCompileErrorDetail", [
            Field("error", .string(), required: true, "The exception type: SyntaxError, or ValueError, RecursionError, MemoryError…"),
            Field("msg", .string(), required: true),
            Field("lineno", .nullable(.integer()), required: true, "Line of the problem (from 1)."),
            Field("offset", .nullable(.integer()), required: true, "Column of the problem on that line (from 1)."),
            Field("text", .nullable(.string()), required: true, "The offending line."),
        ])), required: true),
    ])))

    /// A 422 is either the usual list of problems, or the interpreter's refusal of the code.
    static let refused = OperationDoc.ResponseDoc(
        422, "The request is invalid (every problem listed), or the code does not compile (detail is the compile error).",
        .jsonAnyOf([.ref("HTTPValidationError", .any), compileError]))

    static let unavailable = OperationDoc.ResponseDoc(
        503, "Custom Python blocks are unavailable on this server (the embedded interpreter did not start: the detail says why), or the reports module is not loaded.",
        .json(.ref("HTTPError", .any)))
}

/// Custom blocks (5): `GET/POST /custom-blocks`, `GET/PUT/DELETE /custom-blocks/{id}`. Editors
/// read, admins write. Every write is checked in full, code compiled, before the store is touched.
struct CustomBlocksController: Sendable {
    let store: ReportsStore
    let availability: CustomBlocksAvailability

    static func routes(_ controller: Self?) -> [Route] {
        [
            Route("GET", "/custom-blocks", access: .role(.editor), doc: OperationDoc(
                "listCustomBlocks", tag: "Custom blocks", summary: "List the active custom blocks",
                description: "Active custom Python blocks, by id, with their code. Inactive blocks are served by GET /custom-blocks/{id} only.",
                responses: [.init(200, "The active custom blocks.", .json(CustomBlockSchemas.list)), CustomBlockSchemas.unavailable]),
                controller, Self.list),
            Route("POST", "/custom-blocks", access: .role(.admin), doc: OperationDoc(
                "createCustomBlock", tag: "Custom blocks", summary: "Create a custom Python block",
                description: "The body is checked first (every problem listed); the code is then compiled by the embedded interpreter, without running it, and the block is saved only if it compiles. An active block is in GET /blocks at once and may be named by templates and generation requests.",
                body: CustomBlockSchemas.create,
                responses: [.init(200, "The new custom block.", .json(CustomBlockSchemas.block)), CustomBlockSchemas.refused,
                            CustomBlockSchemas.unavailable]),
                controller, Self.create),
            Route("GET", "/custom-blocks/{id}", access: .role(.editor), doc: OperationDoc(
                "getCustomBlock", tag: "Custom blocks", summary: "Get a custom block, active or not",
                responses: [.init(200, "The custom block.", .json(CustomBlockSchemas.block)), .notFound("No such custom block."),
                            CustomBlockSchemas.unavailable]),
                controller, Self.get),
            Route("PUT", "/custom-blocks/{id}", access: .role(.admin), doc: OperationDoc(
                "updateCustomBlock", tag: "Custom blocks", summary: "Update a custom block",
                description: "Any field but key, which is immutable because templates and past reports refer to it (the block's own key is accepted). Changed code is compiled again before anything is saved.",
                body: CustomBlockSchemas.update,
                responses: [.init(200, "The updated custom block.", .json(CustomBlockSchemas.block)), .notFound("No such custom block."),
                            CustomBlockSchemas.refused, CustomBlockSchemas.unavailable]),
                controller, Self.update),
            Route("DELETE", "/custom-blocks/{id}", access: .role(.admin), doc: OperationDoc(
                "deleteCustomBlock", tag: "Custom blocks", summary: "Delete a custom block",
                description: "The block is removed. Past reports are untouched; templates that still name its key fail generation with a 422 that names it.",
                responses: [.init(200, "Deleted.", .json(DeletedJSON.schema)), .notFound("No such custom block."),
                            CustomBlockSchemas.unavailable]),
                controller, Self.delete),
        ]
    }

    func list(_ context: RouteContext) throws -> Response {
        try whenAvailable { _ in .json(CustomBlockJSON.list(try store.activeCustomBlocks())) }
    }

    func get(_ context: RouteContext) throws -> Response {
        try whenAvailable { _ in
            let id = try context.integerParameter("id")
            return .json(CustomBlockJSON.object(try stored(id)))
        }
    }

    func create(_ context: RouteContext) throws -> Response {
        try whenAvailable { compiler in try createBlock(context, compiler) }
    }

    func update(_ context: RouteContext) throws -> Response {
        try whenAvailable { compiler in try updateBlock(context, compiler) }
    }

    func delete(_ context: RouteContext) throws -> Response {
        try whenAvailable { _ in
            let id = try context.integerParameter("id")
            guard try store.deleteCustomBlock(id: id) else { throw Self.notFound(id) }
            context.logger.info("custom block deleted", metadata: ["id": "\(id)"])
            return .json(DeletedJSON.object(id))
        }
    }

    private func createBlock(_ context: RouteContext, _ compiler: any PythonCodeCheck) throws -> Response {
        let fields = try context.body(CustomBlockSchemas.create) { fields in
            [Self.builtinKeyIssue(fields), Self.codeSizeIssue(fields)].compactMap { $0 }
        }
        let block = NewCustomBlock(
            key: fields["key"]!.stringValue!,
            name: fields["name"]!.stringValue!,
            description: fields["description"]?.stringValue ?? "",
            category: fields["category"]?.stringValue ?? BlockCategory.custom.rawValue,
            nature: fields["nature"]?.stringValue ?? Nature.interpreted.rawValue,
            icon: fields["icon"]?.stringValue ?? "CB",
            licence: fields["licence"]?.stringValue.flatMap(Licence.init(rawValue:)) ?? .pro,
            expert: fields["expert"]?.boolValue ?? false,
            language: fields["language"]?.stringValue.flatMap(Language.init(rawValue:)) ?? .fr,
            apiCalls: fields["api_calls"].flatMap(Self.sections),
            code: fields["code_python"]!.stringValue!,
            active: fields["active"]?.boolValue ?? true)
        if try store.customBlock(key: block.key) != nil {
            throw APIError.validation([Self.keyTakenIssue(block.key)])
        }
        if let refusal = Self.refusal(compiler.compile(block.code)) { return refusal }
        let stored: StoredCustomBlock
        do {
            stored = try store.insertCustomBlock(block)
        } catch StoreError.conflict {
            // Another request took the key between the check above and the insert.
            throw APIError.validation([Self.keyTakenIssue(block.key)])
        }
        context.logger.info("custom block created", metadata: ["custom_block": "\(stored.key)", "id": "\(stored.id)"])
        return .json(CustomBlockJSON.object(stored))
    }

    private func updateBlock(_ context: RouteContext, _ compiler: any PythonCodeCheck) throws -> Response {
        let id = try context.integerParameter("id")
        let fields = try context.body(CustomBlockSchemas.update) { fields in
            [Self.codeSizeIssue(fields)].compactMap { $0 }
        }
        let current = try stored(id)
        if let key = fields["key"]?.stringValue, key != current.key {
            throw APIError.validation([ValidationIssue(
                loc: ["body", "key"],
                msg: "invalid key '\(key)': keys are immutable, because templates and past reports refer to blocks by their key; this block's key is '\(current.key)'",
                type: "value_error")])
        }
        let changes = CustomBlockChanges(
            name: fields["name"]?.stringValue,
            description: fields["description"]?.stringValue,
            category: fields["category"]?.stringValue,
            nature: fields["nature"]?.stringValue,
            icon: fields["icon"]?.stringValue,
            licence: fields["licence"]?.stringValue.flatMap(Licence.init(rawValue:)),
            expert: fields["expert"]?.boolValue,
            language: fields["language"]?.stringValue.flatMap(Language.init(rawValue:)),
            apiCalls: fields["api_calls"].map(Self.sections),
            code: fields["code_python"]?.stringValue,
            active: fields["active"]?.boolValue)
        if let code = changes.code, code != current.code, let refusal = Self.refusal(compiler.compile(code)) {
            return refusal
        }
        guard let updated = try store.updateCustomBlock(id: id, changes) else { throw Self.notFound(id) }
        context.logger.info("custom block updated", metadata: [
            "custom_block": "\(updated.key)", "id": "\(updated.id)",
            "fields": "\(fields.keys.sorted().joined(separator: ","))",
        ])
        return .json(CustomBlockJSON.object(updated))
    }

    // MARK: - Helpers

    /// Runs `body` with the compile check, or answers the 503 that says why there is none. Every
    /// endpoint asks first: a server that cannot check code offers none of the five, so none of
    /// them half-works. The 503 is a known state of this server (said at start and in `/health`),
    /// not a failure of the request, so it is answered as a refusal and not logged as an error.
    private func whenAvailable(_ body: (any PythonCodeCheck) throws -> Response) throws -> Response {
        switch availability {
        case .available(let check): return try body(check)
        case .unavailable(let reason): return .detail(503, "Custom Python blocks are unavailable: \(reason)")
        }
    }

    private func stored(_ id: Int) throws -> StoredCustomBlock {
        guard let block = try store.customBlock(id: id) else { throw Self.notFound(id) }
        return block
    }

    static func notFound(_ id: Int) -> APIError { .notFound("Custom block \(id) not found.") }

    /// The 422 of a refused compile, or nil when the code compiles.
    static func refusal(_ result: PythonCompileResult) -> Response? {
        guard case .refused(let error, let msg, let lineno, let offset, let text) = result else { return nil }
        return .json(CustomBlockJSON.compileRefusal(error: error, msg: msg, lineno: lineno, offset: offset, text: text), status: 422)
    }

    /// `api_calls` as given: null for every section, else the list (already checked by the schema).
    static func sections(_ value: JSONValue) -> [String]? {
        value.arrayValue.map { $0.compactMap(\.stringValue) }
    }

    /// A well-formed key that is a built-in block's: custom blocks never shadow the catalogue.
    static func builtinKeyIssue(_ fields: [String: JSONValue]) -> ValidationIssue? {
        guard let key = fields["key"]?.stringValue, BlockRegistry.builtin.block(named: key) != nil else { return nil }
        return ValidationIssue(loc: ["key"], msg: "invalid key '\(key)': it is the key of a built-in block; choose another key",
                               type: "value_error")
    }

    static func keyTakenIssue(_ key: String) -> ValidationIssue {
        ValidationIssue(loc: ["body", "key"],
                        msg: "invalid key '\(key)': a custom block with this key already exists (keys stay taken while a block is inactive)",
                        type: "value_error")
    }

    /// The 64 KiB bound is on the UTF-8 bytes the interpreter and the store receive, which the
    /// schema's character count cannot say.
    static func codeSizeIssue(_ fields: [String: JSONValue]) -> ValidationIssue? {
        guard let code = fields["code_python"]?.stringValue else { return nil }
        let bytes = code.utf8.count
        let limit = CustomBlockSchemas.maximumCodeBytes
        guard bytes > limit else { return nil }
        return ValidationIssue(loc: ["code_python"],
                               msg: "String should have at most \(limit) bytes of UTF-8 (64 KiB), not \(bytes)",
                               type: "string_too_long")
    }
}
