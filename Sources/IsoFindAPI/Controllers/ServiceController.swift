import IsoFindDomain
import IsoFindJSON
import Synchronization

/// The service's own routes, answered even when the reports module is not loaded: `GET /health`,
/// `GET /api/ready` and the OpenAPI document.
struct ServiceController: Sendable {
    let status: ServiceStatus
    /// The OpenAPI document, serialised once it is written (it describes the route table this
    /// controller is part of, so it is set after the table exists).
    let openAPI = Document()

    final class Document: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    static let health = Schema.object(ObjectSchema("Health", [
        Field("status", .string(StringRules(oneOf: ["healthy", "degraded"])), required: true),
        Field("version", .string(), required: true),
        Field("reasons", .array(.string()), required: true, "Why the service is degraded."),
        Field("custom_blocks", .object(ObjectSchema("CustomBlocksHealth", [
            Field("compile_checks", .string(StringRules(pattern: ("^(available|unavailable: .+)$", { text in
                text == "available" || (text.hasPrefix("unavailable: ") && text.count > "unavailable: ".count)
            }))), required: true, "Whether custom blocks' code can be checked (the custom-block endpoints work), or why not."),
            Field("sandbox", .anyObject(description: "Isolation layer name → what that layer is on this machine."), required: true,
                  "The isolation layers of the Python worker pool, as found at start; empty when no pool was started."),
        ])), required: true,
              "Custom Python blocks. A server without them is not degraded: the reasons are shown here, not in reasons."),
    ]))
    static let readiness = Schema.object(ObjectSchema("Readiness", [
        Field("status", .string(StringRules(oneOf: ["ready", "starting", "not ready"])), required: true),
        Field("detail", .string()),
    ]))

    func routes() -> [Route] {
        [
            Route("GET", "/health", access: .open, doc: OperationDoc(
                "health", tag: "Service", summary: "Liveness and module health",
                responses: [.init(200, "Healthy.", .json(Self.health)), .init(503, "Degraded: the reasons are listed.", .json(Self.health))])
            ) { _ in status.health() },
            Route("GET", "/api/ready", access: .open, doc: OperationDoc(
                "ready", tag: "Service", summary: "Readiness: 200 once start-up has finished",
                responses: [.init(200, "Ready.", .json(Self.readiness)),
                            .init(503, "Starting, or the module is not loaded.", .json(Self.readiness))])
            ) { _ in status.readiness() },
            Route("GET", GatewayPaths.api + "/openapi.json", access: .open, doc: OperationDoc(
                "openAPI", tag: "Catalogue", summary: "This OpenAPI 3.1 document",
                responses: [.init(200, "The document.", .json(.anyObject(description: "OpenAPI 3.1")))])
            ) { _ in Response(status: 200, headers: [("Content-Type", "application/json")], body: openAPI.bytes.withLock { $0 }) },
        ]
    }
}

/// What `/health` says of custom Python blocks: whether their code can be checked, and the
/// worker pool's isolation layers. Fixed at start. Custom blocks are an optional feature, so
/// their absence never makes the service degraded; it is shown here instead.
struct CustomBlocksHealth: Sendable {
    /// "available", or "unavailable: <reason>".
    let compileChecks: String
    let sandbox: [String: String]

    init(compileChecks: String, sandbox: [String: String]) {
        self.compileChecks = compileChecks
        self.sandbox = sandbox
    }

    init(service: ReportsService) {
        switch service.customBlocks {
        case .available: compileChecks = "available"
        case .unavailable(let reason): compileChecks = "unavailable: \(reason)"
        }
        sandbox = service.sandboxLayers
    }

    static let moduleNotLoaded = CustomBlocksHealth(compileChecks: "unavailable: the reports module is not loaded", sandbox: [:])

    var json: JSONValue {
        ["compile_checks": .string(compileChecks), "sandbox": .object(sandbox.mapValues(JSONValue.string))]
    }
}

/// Whether the service can answer: `/health` (is the reports module loaded?) and `/api/ready`
/// (has start-up finished?).
final class ServiceStatus: Sendable {
    /// Why the reports module is not loaded, or nil when it is.
    let failure: String?
    /// `/health`'s `custom_blocks`, serialised once.
    let customBlocks: JSONValue
    private let ready = Atomic<Bool>(false)

    init(failure: String?, customBlocks: CustomBlocksHealth) {
        self.failure = failure
        self.customBlocks = customBlocks.json.frozen
    }

    func markReady() { ready.store(true, ordering: .releasing) }

    var isReady: Bool { ready.load(ordering: .acquiring) }

    func health() -> Response {
        guard let failure else {
            return .json(["status": "healthy", "version": .string(Product.version), "reasons": [],
                          "custom_blocks": customBlocks])
        }
        return .json(["status": "degraded", "version": .string(Product.version),
                      "reasons": [.string("Reports module not loaded: \(failure)")], "custom_blocks": customBlocks], status: 503)
    }

    func readiness() -> Response {
        if let failure {
            return .json(["status": "not ready", "detail": .string("Reports module not loaded: \(failure)")], status: 503)
        }
        return isReady ? .json(["status": "ready"]) : .json(["status": "starting"], status: 503)
    }
}
