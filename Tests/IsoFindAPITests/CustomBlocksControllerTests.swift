import Foundation
import IsoFindDomain
import IsoFindReport
import IsoFindStore
import Logging
import Synchronization
import Testing
@testable import IsoFindAPI

/// A stand-in for the embedded interpreter: code containing `SYNTAX` is refused the way CPython
/// refuses a syntax error, code containing `NEST` the way it refuses pathological nesting;
/// everything else compiles. It counts its calls, so tests can see when code was (not) compiled.
final class CompileDouble: PythonCodeCheck {
    private let calls = Mutex<[String]>([])

    var compiled: [String] { calls.withLock { $0 } }

    func compile(_ code: String) -> PythonCompileResult {
        calls.withLock { $0.append(code) }
        if code.contains("SYNTAX") {
            return .refused(error: "SyntaxError", msg: "invalid syntax", lineno: 2, offset: 5, text: "def f(:")
        }
        if code.contains("NEST") {
            return .refused(error: "RecursionError", msg: "maximum recursion depth exceeded during compilation",
                            lineno: nil, offset: nil, text: nil)
        }
        return .compiles
    }
}

/// The API over an in-memory store, with a chosen custom-block availability and a clock the
/// test moves.
struct CustomBlocksAPI {
    let api: ReportsAPI
    let store: ReportsStore
    let clock = TestClock()

    init(_ availability: CustomBlocksAvailability, sandbox: [String: String] = [:]) throws {
        let clock = self.clock
        store = try ReportsStore(inMemoryWithClock: { clock.now })
        let configuration = ServiceConfiguration(dataDir: "/nonexistent", samplesDB: "/nonexistent/isofind.db",
                                                 sessionsDB: "/nonexistent/workflows.db", licence: .pro, threads: 1,
                                                 tilesDir: "/nonexistent/tiles", logLevel: "info")
        api = ReportsAPI(state: .loaded(ReportsService(configuration: configuration, store: store, customBlocks: availability,
                                                       sandboxLayers: sandbox)),
                         logger: Logger(label: "test"))
        api.markReady()
    }

    func call(_ method: String, _ target: String, role: Role? = .admin, body: String? = nil) -> (status: Int, json: Any?, response: Response) {
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        let identity = Identity(subject: role.map { "test-\($0.rawValue)" } ?? "anonymous", role: role)
        let request = Request(method: method, path: parts[0], query: parts.count > 1 ? parts[1] : "",
                              headers: ["content-type": "application/json"], body: Array((body ?? "").utf8),
                              gateway: GatewayInfo(identity: identity))
        let response = api.respond(to: request, requestID: "test-request")
        let json = try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
        return (response.status, json, response)
    }

    /// POSTs a block and returns its id.
    func create(_ body: String) throws -> Int {
        let created = call("POST", "/api/reports/custom-blocks", body: body)
        #expect(created.status == 200, "\(created.json ?? "")")
        return try #require(created.json.object["id"] as? Int)
    }
}

extension Optional where Wrapped == Any {
    /// The `msg` of every 422 item.
    var detailMessages: [String] {
        ((object["detail"] as? [[String: Any]]) ?? []).compactMap { $0["msg"] as? String }
    }
}

@Suite struct CustomBlocksControllerTests {
    static let base = "/api/reports/custom-blocks"
    static let fields: Set<String> = [
        "id", "key", "name", "description", "category", "nature", "icon", "licence", "expert", "language", "api_calls",
        "code_python", "active", "created_at", "updated_at",
    ]

    @Test func createGetListUpdateDelete() throws {
        let compiler = CompileDouble()
        let api = try CustomBlocksAPI(.available(compiler))
        let created = api.call("POST", Self.base, body: #"{"key": "lab_table", "name": "Lab table", "code_python": "story.append(Paragraph('x'))"}"#)
        #expect(created.status == 200)
        let block = created.json.object
        #expect(Set(block.keys) == Self.fields)
        #expect(block["description"] as? String == "" && block["category"] as? String == "custom")
        #expect(block["nature"] as? String == "I" && block["icon"] as? String == "CB" && block["licence"] as? String == "pro")
        #expect(block["expert"] as? Bool == false && block["language"] as? String == "fr" && block["active"] as? Bool == true)
        #expect(block["api_calls"] is NSNull)
        #expect(block["created_at"] as? String == block["updated_at"] as? String)
        #expect(compiler.compiled == ["story.append(Paragraph('x'))"])
        let id = try #require(block["id"] as? Int)

        let list = api.call("GET", Self.base, role: .editor)
        #expect(list.status == 200 && list.json.object["success"] as? Bool == true && list.json.object["count"] as? Int == 1)
        #expect((list.json.object["blocks"] as? [[String: Any]])?.first?["key"] as? String == "lab_table")
        #expect(api.call("GET", "\(Self.base)/\(id)", role: .editor).json.object["name"] as? String == "Lab table")

        api.clock.advance(by: 5)
        let updated = api.call("PUT", "\(Self.base)/\(id)", body: #"{"name": "Our table", "api_calls": ["samples", "report"], "expert": true}"#)
        #expect(updated.status == 200)
        #expect(updated.json.object["name"] as? String == "Our table" && updated.json.object["expert"] as? Bool == true)
        #expect(updated.json.object["api_calls"] as? [String] == ["samples", "report"])
        #expect(updated.json.object["created_at"] as? String == block["created_at"] as? String)
        #expect(updated.json.object["updated_at"] as? String != block["updated_at"] as? String)
        #expect(compiler.compiled.count == 1, "unchanged code is not compiled again")

        let deleted = api.call("DELETE", "\(Self.base)/\(id)")
        #expect(deleted.status == 200)
        #expect(deleted.json.object["success"] as? Bool == true && deleted.json.object["id"] as? Int == id)
        #expect(api.call("GET", "\(Self.base)/\(id)").status == 404)
        #expect(api.call("PUT", "\(Self.base)/\(id)", body: #"{"name": "x"}"#).status == 404)
        #expect(api.call("DELETE", "\(Self.base)/\(id)").status == 404)
        #expect(api.call("GET", Self.base).json.object["count"] as? Int == 0)
    }

    @Test func everyFieldCanBeGivenOnCreate() throws {
        let api = try CustomBlocksAPI(.available(CompileDouble()))
        let created = api.call("POST", Self.base, body: """
            {"key": "b12_block", "name": "B", "code_python": "pass", "description": "What it shows", "category": "geochem",
             "nature": "A", "icon": "B1", "licence": "research+", "expert": true, "language": "en",
             "api_calls": ["samples"], "active": false}
            """)
        #expect(created.status == 200)
        let block = created.json.object
        #expect(block["description"] as? String == "What it shows" && block["category"] as? String == "geochem")
        #expect(block["nature"] as? String == "A" && block["icon"] as? String == "B1" && block["licence"] as? String == "research+")
        #expect(block["expert"] as? Bool == true && block["language"] as? String == "en" && block["active"] as? Bool == false)
        #expect(block["api_calls"] as? [String] == ["samples"])
        // Inactive: not listed, but served by id so that an admin can bring it back.
        #expect(api.call("GET", Self.base).json.object["count"] as? Int == 0)
        let id = try #require(block["id"] as? Int)
        #expect(api.call("GET", "\(Self.base)/\(id)").json.object["active"] as? Bool == false)
        #expect(api.call("PUT", "\(Self.base)/\(id)", body: #"{"active": true}"#).status == 200)
        #expect(api.call("GET", Self.base).json.object["count"] as? Int == 1)
    }

    @Test func editorsReadAndAdminsWrite() throws {
        let api = try CustomBlocksAPI(.available(CompileDouble()))
        let id = try api.create(#"{"key": "lab_table", "name": "Lab table", "code_python": "pass"}"#)
        for (method, path) in [("GET", Self.base), ("GET", "\(Self.base)/\(id)")] {
            #expect(api.call(method, path, role: nil).status == 401)
            #expect(api.call(method, path, role: .reader).status == 403)
            #expect(api.call(method, path, role: .editor).status == 200)
        }
        let body = #"{"key": "other_block", "name": "x", "code_python": "pass"}"#
        for (method, path) in [("POST", Self.base), ("PUT", "\(Self.base)/\(id)"), ("DELETE", "\(Self.base)/\(id)")] {
            #expect(api.call(method, path, role: nil, body: body).status == 401)
            #expect(api.call(method, path, role: .reader, body: body).status == 403)
            #expect(api.call(method, path, role: .editor, body: body).status == 403)
        }
        #expect(try api.store.customBlock(id: id)?.name == "Lab table")
    }

    @Test func everyFieldRuleIsAListed422AndNothingIsCompiledOrStored() throws {
        let compiler = CompileDouble()
        let api = try CustomBlocksAPI(.available(compiler))
        let result = api.call("POST", Self.base, body: """
            {"key": "9lives", "name": "", "description": "\(String(repeating: "d", count: 2001))", "category": "misc",
             "nature": "X", "icon": "ab", "licence": "enterprise", "expert": "yes", "language": "de",
             "api_calls": ["samples", "secrets", "samples"], "active": 1, "colour": "red"}
            """)
        #expect(result.status == 422)
        #expect(result.json.detailLocs == [
            ["body", "key"], ["body", "name"], ["body", "code_python"], ["body", "description"], ["body", "category"],
            ["body", "nature"], ["body", "icon"], ["body", "licence"], ["body", "expert"], ["body", "language"],
            ["body", "api_calls", "1"], ["body", "api_calls", "2"], ["body", "active"], ["body", "colour"],
        ])
        let messages = result.json.detailMessages
        #expect(messages[0] == "String should match pattern '^[a-z][a-z0-9_]{2,49}$'")
        #expect(messages[2] == "Field required")
        #expect(messages[10].contains("'samples'") && messages[10].contains("'report'"))
        #expect(messages[11] == "Value 'samples' is repeated; each item may appear once")
        #expect(messages[13] == "Extra inputs are not permitted")
        #expect(compiler.compiled.isEmpty)
        #expect(try api.store.activeCustomBlocks().isEmpty)
        #expect(api.call("POST", Self.base, body: #"{"key": "x"#).status == 422)
        #expect(api.call("POST", Self.base, body: "[]").status == 422)
    }

    @Test func builtinDuplicateAndOversizedAreRefusedBeforeCompiling() throws {
        let compiler = CompileDouble()
        let api = try CustomBlocksAPI(.available(compiler))
        let builtin = api.call("POST", Self.base, body: #"{"key": "cover_page", "name": "x", "code_python": "pass"}"#)
        #expect(builtin.status == 422 && builtin.json.detailLocs == [["body", "key"]])
        #expect(builtin.json.detailMessages == ["invalid key 'cover_page': it is the key of a built-in block; choose another key"])

        _ = try api.create(#"{"key": "lab_table", "name": "Lab table", "code_python": "pass", "active": false}"#)
        let duplicate = api.call("POST", Self.base, body: #"{"key": "lab_table", "name": "again", "code_python": "SYNTAX"}"#)
        #expect(duplicate.status == 422 && duplicate.json.detailLocs == [["body", "key"]])
        #expect(duplicate.json.detailMessages.first?.contains("'lab_table'") == true)
        #expect(duplicate.json.detailMessages.first?.contains("already exists") == true)

        // 64 KiB is counted in UTF-8 bytes: 40 000 'é' are 80 000 bytes.
        let wide = String(repeating: "é", count: 40_000)
        let oversized = api.call("POST", Self.base, body: #"{"key": "big_block", "name": "x", "code_python": "\#(wide)"}"#)
        #expect(oversized.status == 422 && oversized.json.detailLocs == [["body", "code_python"]])
        #expect(oversized.json.detailMessages == ["String should have at most 65536 bytes of UTF-8 (64 KiB), not 80000"])
        let exact = String(repeating: "#", count: 65_536)
        #expect(api.call("POST", Self.base, body: #"{"key": "full_block", "name": "x", "code_python": "\#(exact)"}"#).status == 200)
        let over = api.call("POST", Self.base, body: #"{"key": "over_block", "name": "x", "code_python": "\#(exact)#"}"#)
        #expect(over.status == 422 && over.json.detailLocs == [["body", "code_python"]])
        #expect(compiler.compiled == ["pass", exact], "only the block that fits was compiled")

        // NUL is refused by the one NUL rule, before any interpreter sees it.
        let nul = api.call("POST", Self.base, body: #"{"key": "nul_block", "name": "x", "code_python": "a = 1\u0000"}"#)
        #expect(nul.status == 422 && nul.json.detailLocs == [["body", "code_python"]])
        #expect((nul.json.object["detail"] as? [[String: Any]])?.first?["type"] as? String == "string_nul")
    }

    @Test func codeThatDoesNotCompileIsA422WithTheCompileError() throws {
        let api = try CustomBlocksAPI(.available(CompileDouble()))
        let refused = api.call("POST", Self.base, body: #"{"key": "bad_block", "name": "x", "code_python": "x = 1\nSYNTAX"}"#)
        #expect(refused.status == 422)
        let detail = refused.json.object["detail"] as? [String: Any]
        #expect(detail?["error"] as? String == "SyntaxError" && detail?["msg"] as? String == "invalid syntax")
        #expect(detail?["lineno"] as? Int == 2 && detail?["offset"] as? Int == 5 && detail?["text"] as? String == "def f(:")
        let nested = api.call("POST", Self.base, body: #"{"key": "bad_block", "name": "x", "code_python": "NEST"}"#)
        #expect(nested.status == 422)
        let nestedDetail = nested.json.object["detail"] as? [String: Any]
        #expect(nestedDetail?["error"] as? String == "RecursionError")
        #expect(nestedDetail?["lineno"] is NSNull && nestedDetail?["offset"] is NSNull && nestedDetail?["text"] is NSNull)
        #expect(try api.store.customBlock(key: "bad_block") == nil)
    }

    @Test func updatesKeepTheKeyAndCompileOnlyChangedCode() throws {
        let compiler = CompileDouble()
        let api = try CustomBlocksAPI(.available(compiler))
        let id = try api.create(#"{"key": "lab_table", "name": "Lab table", "code_python": "pass"}"#)
        let path = "\(Self.base)/\(id)"

        let renamedKey = api.call("PUT", path, body: #"{"key": "new_key", "name": "x"}"#)
        #expect(renamedKey.status == 422 && renamedKey.json.detailLocs == [["body", "key"]])
        #expect(renamedKey.json.detailMessages.first?.contains("immutable") == true)
        #expect(renamedKey.json.detailMessages.first?.contains("'lab_table'") == true)
        #expect(api.call("PUT", path, body: #"{"key": "lab_table"}"#).status == 200)
        #expect(api.call("PUT", path, body: #"{"key": "lab_table", "code_python": "pass"}"#).status == 200)
        #expect(compiler.compiled == ["pass"])

        #expect(api.call("PUT", path, body: "{}").json.detailLocs == [["body"]])
        #expect(api.call("PUT", path, body: #"{"icon": "c1"}"#).json.detailLocs == [["body", "icon"]])

        let broken = api.call("PUT", path, body: #"{"name": "Broken", "code_python": "SYNTAX"}"#)
        #expect(broken.status == 422 && (broken.json.object["detail"] as? [String: Any])?["error"] as? String == "SyntaxError")
        #expect(try api.store.customBlock(id: id)?.name == "Lab table", "a refused compile changes nothing")

        let fixed = api.call("PUT", path, body: #"{"code_python": "story.append(Note('ok'))", "api_calls": null}"#)
        #expect(fixed.status == 200 && fixed.json.object["code_python"] as? String == "story.append(Note('ok'))")
        #expect(compiler.compiled == ["pass", "SYNTAX", "story.append(Note('ok'))"])

        #expect(api.call("PUT", "\(Self.base)/abc", body: #"{"name": "x"}"#).json.detailLocs == [["path", "id"]])
        #expect(api.call("PUT", "\(Self.base)/999999", body: #"{"name": "x"}"#).status == 404)
    }

    @Test func pathsAndMethods() throws {
        let api = try CustomBlocksAPI(.available(CompileDouble()))
        let bad = api.call("GET", "\(Self.base)/abc")
        #expect(bad.status == 422 && bad.json.detailLocs == [["path", "id"]])
        #expect(api.call("GET", "\(Self.base)/1.0").status == 404)
        #expect(api.call("DELETE", "\(Self.base)/x1").status == 422)
        let collection = api.call("DELETE", Self.base)
        #expect(collection.status == 405 && collection.response.header("Allow") == "GET, POST")
        let item = api.call("POST", "\(Self.base)/1", body: "{}")
        #expect(item.status == 405 && item.response.header("Allow") == "DELETE, GET, PUT")
    }

    @Test func withoutAnInterpreterEveryEndpointSaysWhy() throws {
        let api = try CustomBlocksAPI(.unavailable(reason: "libpython3.11 could not be initialised"))
        let body = #"{"key": "lab_table", "name": "x", "code_python": "pass"}"#
        for (method, path) in [("GET", Self.base), ("POST", Self.base), ("GET", "\(Self.base)/1"), ("PUT", "\(Self.base)/1"),
                               ("DELETE", "\(Self.base)/1")] {
            let result = api.call(method, path, body: body)
            #expect(result.status == 503, "\(method) \(path)")
            #expect(result.json.object["detail"] as? String
                    == "Custom Python blocks are unavailable: libpython3.11 could not be initialised")
        }
        // Roles are still checked first.
        #expect(api.call("POST", Self.base, role: .editor, body: body).status == 403)
        #expect(try api.store.activeCustomBlocks().isEmpty)
        // The default, when the CLI hands in no interpreter.
        let plain = try TestAPI()
        #expect(plain.call("GET", Self.base, role: .admin).json.object["detail"] as? String
                == "Custom Python blocks are unavailable: the embedded Python interpreter was not started")
    }

    @Test func healthReportsCustomBlocksWithoutDegrading() throws {
        let down = try CustomBlocksAPI(.unavailable(reason: "no libpython"), sandbox: ["seccomp": "active", "landlock": "unavailable: ABI 0"])
        let health = down.call("GET", "/health", role: nil)
        #expect(health.status == 200 && health.json.object["status"] as? String == "healthy")
        #expect(health.json.object["reasons"] as? [String] == [])
        let custom = health.json.object["custom_blocks"] as? [String: Any]
        #expect(custom?["compile_checks"] as? String == "unavailable: no libpython")
        #expect(custom?["sandbox"] as? [String: String] == ["seccomp": "active", "landlock": "unavailable: ABI 0"])

        let up = try CustomBlocksAPI(.available(CompileDouble()))
        let upCustom = up.call("GET", "/health", role: nil).json.object["custom_blocks"] as? [String: Any]
        #expect(upCustom?["compile_checks"] as? String == "available" && (upCustom?["sandbox"] as? [String: Any])?.isEmpty == true)

        let failed = ReportsAPI(state: .failed("cannot open the store"), logger: Logger(label: "test"))
        let response = failed.respond(to: Request(method: "GET", path: "/health"), requestID: "r")
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(response.status == 503)
        #expect((body?["custom_blocks"] as? [String: Any])?["compile_checks"] as? String == "unavailable: the reports module is not loaded")
    }

    @Test func aCreatedBlockIsInTheCatalogueTemplatesAndGeneration() throws {
        let api = try CustomBlocksAPI(.available(CompileDouble()))
        let id = try api.create(#"{"key": "lab_table", "name": "Lab table", "code_python": "pass", "licence": "research+", "icon": "LT"}"#)
        let catalogue = api.call("GET", "/api/reports/blocks", role: nil).json.object
        let entry = try #require((catalogue["blocks"] as? [[String: Any]])?.first { $0["key"] as? String == "lab_table" })
        #expect(entry["builtin"] as? Bool == false && entry["icon"] as? String == "LT" && entry["licence"] as? String == "research+")
        #expect(catalogue["count"] as? Int == BlockRegistry.builtin.blocks.count + 1)

        let template = api.call("POST", "/api/reports/templates", role: .editor, body: #"{"name": "Ours", "blocks": ["cover_page", "lab_table"]}"#)
        #expect(template.status == 201 && template.json.object["min_licence"] as? String == "research+")
        let cover = try #require(BlockRegistry.builtin.block(.coverPage)).definition.estPages
        #expect(template.json.object["estimated_pages"] as? Int == cover + 1)
        let templateID = try #require(template.json.object["id"] as? Int)
        #expect(api.call("POST", "/api/reports/preview", role: .editor, body: #"{"template_id": \#(templateID)}"#).status == 200)

        // Deactivated: gone from the catalogue, and naming it is the unknown-key 422.
        #expect(api.call("PUT", "\(Self.base)/\(id)", body: #"{"active": false}"#).status == 200)
        #expect(api.call("GET", "/api/reports/blocks", role: nil).json.object["count"] as? Int == BlockRegistry.builtin.blocks.count)
        let named = api.call("POST", "/api/reports/preview", role: .editor, body: #"{"blocks": ["cover_page", "lab_table"]}"#)
        #expect(named.status == 422 && named.json.detailMessages == ["unknown block key 'lab_table'"])
        let viaTemplate = api.call("POST", "/api/reports/preview", role: .editor, body: #"{"template_id": \#(templateID)}"#)
        #expect(viaTemplate.status == 422 && viaTemplate.json.detailLocs == [["body", "template_id"]])
        #expect(viaTemplate.json.detailMessages.first?.contains("lab_table") == true)

        // Deleted: the same.
        #expect(api.call("PUT", "\(Self.base)/\(id)", body: #"{"active": true}"#).status == 200)
        #expect(api.call("DELETE", "\(Self.base)/\(id)").status == 200)
        let gone = api.call("POST", "/api/reports/generate", role: .editor, body: #"{"template_id": \#(templateID)}"#)
        #expect(gone.status == 422 && gone.json.detailMessages.first?.contains("lab_table") == true)
    }

    @Test func theOpenAPIDocumentDescribesTheEndpoints() throws {
        let api = try CustomBlocksAPI(.available(CompileDouble()))
        let document = api.call("GET", "/api/reports/openapi.json", role: nil).json.object
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        #expect(Set(paths[Self.base].map { Array($0.keys) } ?? []) == ["get", "post"])
        #expect(Set(paths["\(Self.base)/{id}"].map { Array($0.keys) } ?? []) == ["get", "put", "delete"])
        let post = paths[Self.base]?["post"] as? [String: Any]
        let responses = post?["responses"] as? [String: [String: Any]] ?? [:]
        #expect(Set(responses.keys) == ["200", "401", "403", "422", "500", "503"])
        let refusal = ((responses["422"]?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
        let shapes = (refusal?["anyOf"] as? [[String: String]])?.compactMap { $0["$ref"] }
        #expect(shapes == ["#/components/schemas/HTTPValidationError", "#/components/schemas/PythonCompileError"])
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        #expect(Set(schemas["CustomBlockCreate"]?["required"] as? [String] ?? []) == ["key", "name", "code_python"])
        #expect(schemas["CustomBlockUpdate"]?["minProperties"] as? Int == 1)
        #expect(Set((schemas["CustomBlock"]?["properties"] as? [String: Any]).map { Array($0.keys) } ?? []) == Self.fields)
        #expect(schemas["PythonCompileError"] != nil && schemas["HTTPValidationError"]?["properties"] != nil)
        let health = ((((paths["/health"]?["get"] as? [String: Any])?["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"]
            as? [String: Any])?["application/json"] as? [String: Any]
        let properties = (health?["schema"] as? [String: Any])?["properties"] as? [String: Any]
        #expect(properties?["custom_blocks"] != nil)
    }
}
