import Foundation
import IsoFindDomain
import IsoFindStore
import Logging
@testable import IsoFindAPI

/// An API over a private in-memory store, driven with plain requests (no FastCGI, no nginx).
struct TestAPI {
    let api: ReportsAPI
    let store: ReportsStore

    init(sessionsDB: String = "/nonexistent/workflows.db", samplesDB: String = "/nonexistent/isofind.db",
         licence: Licence = .pro, tilesDir: String = "/nonexistent/tiles", signing: ReportSigning = .unsigned) throws {
        store = try ReportsStore(inMemoryWithClock: { Date() })
        let configuration = ServiceConfiguration(dataDir: "/nonexistent", samplesDB: samplesDB,
                                                 sessionsDB: sessionsDB, licence: licence, threads: 1,
                                                 tilesDir: tilesDir, logLevel: "info")
        api = ReportsAPI(state: .loaded(ReportsService(configuration: configuration, store: store, signing: signing)),
                         logger: Logger(label: "test"))
        api.markReady()
    }

    func call(_ method: String, _ target: String, role: Role? = nil, body: String? = nil) -> (status: Int, json: Any?, response: Response) {
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        let identity = Identity(subject: role.map { "test-\($0.rawValue)" } ?? "anonymous", role: role)
        let request = Request(method: method, path: parts[0], query: parts.count > 1 ? parts[1] : "",
                              headers: ["content-type": "application/json"], body: Array((body ?? "").utf8),
                              gateway: GatewayInfo(identity: identity))
        let response = api.respond(to: request, requestID: "test-request")
        let json = try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
        return (response.status, json, response)
    }

    /// The `/_auth` subrequest as nginx sends it.
    func authorize(_ method: String, _ uri: String, headers: [String: String] = [:]) -> Response {
        let request = Request(method: "GET", path: "/_auth", headers: headers,
                              gateway: GatewayInfo(originalMethod: method, originalURI: uri))
        return api.respond(to: request, requestID: "auth")
    }
}

extension Optional where Wrapped == Any {
    var object: [String: Any] { (self as? [String: Any]) ?? [:] }
    var detailLocs: [[String]] {
        ((object["detail"] as? [[String: Any]]) ?? []).map { item in
            ((item["loc"] as? [Any]) ?? []).map { "\($0)" }
        }
    }
}
