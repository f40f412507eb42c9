import Foundation
import IsoFindDomain
import IsoFindReport
import Logging
import Testing
@testable import IsoFindAPI
@testable import IsoFindStore

/// The block registry is the one source of truth: `GET /blocks`, the OpenAPI document, template
/// validation and estimates, and the composer all see the same blocks.
@Suite struct RegistryTests {
    @Test func blocksOpenAPIAndTheComposerShareOneSetOfKeys() throws {
        let api = try TestAPI()
        let listed = (api.call("GET", "/api/reports/blocks").json.object["blocks"] as? [[String: Any]] ?? [])
            .compactMap { $0["key"] as? String }
        let document = api.call("GET", "/api/reports/openapi.json").json.object
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        let documented = (schemas["BlockKey"] as? [String: Any])?["examples"] as? [String] ?? []
        let composed = BlockRegistry.builtin.keys.map(\.rawValue)
        #expect(composed.count == 32)
        #expect(listed == composed)
        #expect(documented == composed)
        // Templates and generation requests name blocks through that one schema.
        let templateCreate = schemas["TemplateCreate"] as? [String: Any]
        let blocks = (templateCreate?["properties"] as? [String: Any])?["blocks"] as? [String: Any]
        #expect((blocks?["items"] as? [String: Any])?["$ref"] as? String == "#/components/schemas/BlockKey")
    }

    @Test func everyKeyTheComposerKnowsRenders() throws {
        let api = try TestAPI()
        for key in BlockRegistry.builtin.keys {
            let extra = key.requiresSimulation ? #", "simulation_result": {"type": "csia"}"# : ""
            let result = api.call("POST", "/api/reports/preview", role: .editor, body: #"{"blocks": ["\#(key)"]\#(extra)}"#)
            #expect(result.status == 200, "\(key): \(result.status)")
        }
    }

    @Test func anActiveCustomBlockIsInTheCatalogueTemplatesAndGeneration() throws {
        let api = try TestAPI()
        try api.store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO custom_blocks (key, name, description, icon, licence, code_python, active, created_at, updated_at)
                VALUES ('lab_table', 'Lab table', 'Our table', 'LT', 'research+', 'pass', 1, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')
                """)
        }
        let catalogue = api.call("GET", "/api/reports/blocks").json.object["blocks"] as? [[String: Any]] ?? []
        let entry = try #require(catalogue.first { $0["key"] as? String == "lab_table" })
        #expect(entry["builtin"] as? Bool == false && entry["icon"] as? String == "LT" && entry["licence"] as? String == "research+")
        let created = api.call("POST", "/api/reports/templates", role: .editor,
                               body: #"{"name": "With ours", "blocks": ["cover_page", "lab_table"]}"#)
        #expect(created.status == 201)
        let cover = try #require(BlockRegistry.builtin.block(.coverPage)).definition.estPages
        #expect(created.json.object["estimated_pages"] as? Int == cover + 1)
        #expect(created.json.object["min_licence"] as? String == "research+")
        let id = try #require(created.json.object["id"] as? Int)
        let preview = api.call("POST", "/api/reports/preview", role: .editor, body: #"{"template_id": \#(id)}"#)
        #expect(preview.status == 200)
        #expect(Int(preview.response.header("X-Report-Warnings") ?? "") ?? 0 >= 1)
        // Deactivated, the block is gone from the catalogue and the template no longer generates.
        try api.store.writer.write { db in try db.execute(sql: "UPDATE custom_blocks SET active = 0") }
        #expect(!(api.call("GET", "/api/reports/blocks").json.object["blocks"] as? [[String: Any]] ?? []).contains {
            $0["key"] as? String == "lab_table"
        })
        let refused = api.call("POST", "/api/reports/preview", role: .editor, body: #"{"template_id": \#(id)}"#)
        #expect(refused.status == 422 && refused.json.detailLocs == [["body", "template_id"]])
    }
}

/// A generation's lines in the log carry its request id, so its warnings and failures can be
/// found by that id.
@Suite struct RequestLoggingTests {
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] = []
        func add(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
            lock.withLock { lines.append((level, message, metadata)) }
        }
        var all: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { lock.withLock { lines } }
    }

    struct CaptureHandler: LogHandler {
        let capture: Capture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.add(event.level, event.message.description, metadata.merging(event.metadata ?? [:]) { $1 })
        }
    }

    @Test func warningsAndFailuresCarryTheRequestID() throws {
        let capture = Capture()
        let logger = Logger(label: "test") { _ in CaptureHandler(capture: capture) }
        let base = try TestAPI()
        let api = ReportsAPI(state: .loaded(try #require(base.api.service)), logger: logger)
        let preview = Request(method: "POST", path: "/api/reports/preview", body: Array(#"{"blocks": ["scoring_matches"]}"#.utf8),
                              gateway: GatewayInfo(identity: Identity(subject: "t", role: .editor)))
        #expect(api.respond(to: preview, requestID: "req-42").status == 200)
        let lines = capture.all.filter { $0.metadata["request_id"] == "req-42" }
        #expect(lines.contains { $0.message == "preview rendered" })
        #expect(lines.contains { $0.message == "generation warning" && "\($0.metadata["warning"] ?? "")".contains("scoring_matches") })
        let refused = Request(method: "POST", path: "/api/reports/preview", body: Array(#"{"template_id": 99999}"#.utf8),
                              gateway: GatewayInfo(identity: Identity(subject: "t", role: .editor)))
        #expect(api.respond(to: refused, requestID: "req-43").status == 404)
        #expect(capture.all.contains { $0.metadata["request_id"] == "req-43" && $0.message == "generation refused" })
    }
}
