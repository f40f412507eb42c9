import Foundation
import IsoFindDomain
import IsoFindStore
import Logging
import Testing
@testable import IsoFindAPI

@Suite struct GatewayTests {
    @Test func authSubrequestDecidesFromTheTokenAndTheRoute() throws {
        let api = try TestAPI()
        let (_, reader) = try api.store.createToken(name: "reader-1", role: .reader, expiresInDays: nil)
        let (_, admin) = try api.store.createToken(name: "admin-1", role: .admin, expiresInDays: nil)

        let anonymousPublic = api.authorize("GET", "/api/reports/templates")
        #expect(anonymousPublic.status == 204)
        #expect(anonymousPublic.header("X-Auth-Role") == "anonymous")

        let anonymousPrivate = api.authorize("GET", "/api/reports/nexus-sessions")
        #expect(anonymousPrivate.status == 401)
        #expect(anonymousPrivate.header("WWW-Authenticate") != nil)
        #expect(anonymousPrivate.header("X-Auth-Detail")?.isEmpty == false)

        let readerOK = api.authorize("GET", "/api/reports/matrix-groups", headers: ["authorization": "Bearer \(reader)"])
        #expect(readerOK.status == 204)
        #expect(readerOK.header("X-Auth-Subject") == "reader-1")
        #expect(readerOK.header("X-Auth-Role") == "reader")

        #expect(api.authorize("PUT", "/api/reports/matrix-groups", headers: ["x-isofind-token": reader]).status == 403)
        #expect(api.authorize("PUT", "/api/reports/matrix-groups", headers: ["x-isofind-token": admin]).status == 204)
        #expect(api.authorize("GET", "/api/reports/templates/1").status == 204)
        #expect(api.authorize("GET", "/api/reports/templates/1001").status == 401)
    }

    @Test func badTokensAre401EvenOnPublicRoutes() throws {
        let api = try TestAPI()
        let (_, revoked) = try api.store.createToken(name: "old", role: .admin, expiresInDays: nil)
        _ = try api.store.revokeToken("old")
        let unknown = api.authorize("GET", "/api/reports/templates", headers: ["authorization": "Bearer ifr_nope"])
        #expect(unknown.status == 401)
        let revokedAnswer = api.authorize("GET", "/api/reports/templates", headers: ["authorization": "Bearer \(revoked)"])
        #expect(revokedAnswer.status == 401)
        #expect(revokedAnswer.header("X-Auth-Detail") == "The token has been revoked.")
    }

    @Test func expiredTokensAreRefused() throws {
        let clock = TestClock()
        let store = try ReportsStore(inMemoryWithClock: { clock.now })
        let (_, token) = try store.createToken(name: "short", role: .reader, expiresInDays: 1)
        if case .valid = try store.checkToken(token) {} else { Issue.record("fresh token must be valid") }
        clock.advance(by: 86_401)
        if case .expired = try store.checkToken(token) {} else { Issue.record("token must have expired") }
    }

    @Test func dotSegmentsCannotSmuggleAPrivateRoute() throws {
        let api = try TestAPI()
        #expect(api.authorize("GET", "/api/reports/templates/../nexus-sessions").status == 401)
        #expect(api.authorize("GET", "/api/reports/templates/%2e%2e/nexus-sessions").status == 401)
        #expect(api.authorize("GET", "/api/reports/blocks/../matrix-groups?x=1").status == 401)
    }

    @Test func unknownRoutesAreDeniedToAnonymousCallers() throws {
        let api = try TestAPI()
        let (_, reader) = try api.store.createToken(name: "r", role: .reader, expiresInDays: nil)
        #expect(api.authorize("GET", "/api/reports/no-such-thing").status == 401)
        #expect(api.authorize("DELETE", "/api/reports/blocks").status == 401)
        #expect(api.authorize("GET", "/api/reports/no-such-thing", headers: ["authorization": "Bearer \(reader)"]).status == 204)
        #expect(api.call("GET", "/api/reports/no/such/thing", role: .reader).status == 404)
        #expect(api.call("DELETE", "/api/reports/blocks", role: .reader).status == 405)
    }

    @Test func failedModuleAnswers503AndHealthSaysWhy() {
        let api = ReportsAPI(state: .failed("cannot open the store"), logger: Logger(label: "test"))
        let request = Request(method: "GET", path: "/api/reports/templates")
        let response = api.respond(to: request, requestID: "r")
        #expect(response.status == 503)
        #expect(String(decoding: response.body, as: UTF8.self).contains("Reports module not loaded: cannot open the store"))
        let health = api.respond(to: Request(method: "GET", path: "/health"), requestID: "r")
        #expect(health.status == 503)
        #expect(String(decoding: health.body, as: UTF8.self).contains("degraded"))
        #expect(api.respond(to: Request(method: "GET", path: "/api/ready"), requestID: "r").status == 503)
    }

    @Test func readinessFollowsStartUp() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let configuration = try ServiceConfiguration.load(path: nil, environment: ["ISOFIND_REPORTS_DATA_DIR": "/tmp/x"])
        let api = ReportsAPI(state: .loaded(ReportsService(configuration: configuration, store: store)), logger: Logger(label: "t"))
        #expect(api.respond(to: Request(method: "GET", path: "/api/ready"), requestID: "r").status == 503)
        api.markReady()
        #expect(api.respond(to: Request(method: "GET", path: "/api/ready"), requestID: "r").status == 200)
        #expect(api.respond(to: Request(method: "GET", path: "/health"), requestID: "r").status == 200)
    }

    @Test func openAPIDocumentDescribesEveryRoute() throws {
        let api = try TestAPI()
        let result = api.call("GET", "/api/reports/openapi.json")
        #expect(result.status == 200)
        #expect(result.json.object["openapi"] as? String == "3.1.0")
        let paths = result.json.object["paths"] as? [String: [String: Any]] ?? [:]
        for route in api.api.routes {
            #expect(paths[route.pattern]?[route.method.lowercased()] != nil, "missing \(route.method) \(route.pattern)")
        }
        let create = paths["/api/reports/templates"]?["post"] as? [String: Any]
        let responses = create?["responses"] as? [String: Any] ?? [:]
        #expect(Set(responses.keys).isSuperset(of: ["201", "401", "403", "422", "503"]))
        let schemas = (result.json.object["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        let templateCreate = schemas["TemplateCreate"] as? [String: Any]
        #expect(templateCreate?["additionalProperties"] as? Bool == false)
        #expect(templateCreate?["required"] as? [String] == ["name", "blocks"])
    }
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_000_000)
    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
