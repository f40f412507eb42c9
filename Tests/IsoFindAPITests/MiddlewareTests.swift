import Foundation
import IsoFindDomain
import Logging
import Testing
@testable import IsoFindAPI

/// The steps every request goes through, in their order: HEAD first (whatever answers, no body),
/// then path normalisation, the token check, module availability, routing, role check.
@Suite struct MiddlewareTests {
    func request(_ method: String, _ path: String, role: Role? = nil) -> Request {
        Request(method: method, path: path,
                gateway: GatewayInfo(identity: role.map { Identity(subject: "t", role: $0) } ?? .anonymous))
    }

    @Test func headAnswersWithoutABodyWhateverAnswers() throws {
        let api = try TestAPI().api
        let refused = api.respond(to: request("HEAD", "/api/reports/list"), requestID: "r")
        #expect(refused.status == 401 && refused.body.isEmpty && refused.header("WWW-Authenticate") != nil)
        let missing = api.respond(to: request("HEAD", "/nowhere"), requestID: "r")
        #expect(missing.status == 404 && missing.body.isEmpty)
        let document = api.respond(to: request("HEAD", "/api/reports/openapi.json"), requestID: "r")
        #expect(document.status == 200 && document.body.isEmpty && document.header("Content-Type")?.hasPrefix("application/json") == true)
        let listed = api.respond(to: request("HEAD", "/api/reports/templates"), requestID: "r")
        #expect(listed.status == 200 && listed.body.isEmpty)
        #expect(!api.respond(to: request("GET", "/api/reports/templates"), requestID: "r").body.isEmpty)
    }

    @Test func headKeepsTheLengthGetWouldSend() throws {
        let api = try TestAPI().api
        for (path, role) in [("/api/reports/templates", nil), ("/api/reports/openapi.json", nil), ("/health", nil),
                             ("/api/reports/list", Role.reader), ("/api/reports/no-such-path", nil)] as [(String, Role?)] {
            let get = api.respond(to: request("GET", path, role: role), requestID: "r")
            let head = api.respond(to: request("HEAD", path, role: role), requestID: "r")
            #expect(head.status == get.status && head.body.isEmpty, "\(path)")
            #expect(!get.body.isEmpty && head.header("Content-Length") == String(get.body.count), "\(path)")
        }
    }

    @Test func tokenAnswersAreNotStored() throws {
        let api = try TestAPI().api
        #expect(api.respond(to: request("GET", "/api/reports/list", role: .reader), requestID: "r").header("Cache-Control") == "no-store")
        #expect(api.respond(to: request("GET", "/api/reports/templates", role: .reader), requestID: "r").header("Cache-Control") == "no-store")
        // A public answer to an anonymous caller is the same for everyone.
        #expect(api.respond(to: request("GET", "/api/reports/templates"), requestID: "r").header("Cache-Control") == nil)
    }

    @Test func aTokenBesideTheGatewaysAnonymousMarkIsRefused() throws {
        // nginx marks a GET anonymous by the first copy of each token header; a token that still
        // arrives was sent in a repeated header.
        let api = try TestAPI().api
        let sneaked = Request(method: "GET", path: "/api/reports/templates", headers: ["x-isofind-token": ", ifr_x"],
                              gateway: GatewayInfo(identity: .anonymous))
        let response = api.respond(to: sneaked, requestID: "r")
        #expect(response.status == 401 && response.header("WWW-Authenticate") != nil)
        #expect(String(decoding: response.body, as: UTF8.self).contains("more than once"))
    }

    @Test func aModuleThatDidNotLoadAnswers503BeforeRoutingOrRoles() {
        let api = ReportsAPI(state: .failed("cannot open the store"), logger: Logger(label: "test"))
        for (method, path) in [("GET", "/api/reports/templates"), ("DELETE", "/api/reports/1"), ("GET", "/api/reports/no-such-path")] {
            let response = api.respond(to: request(method, path), requestID: "r")
            #expect(response.status == 503, "\(method) \(path)")
            #expect(String(decoding: response.body, as: UTF8.self).contains("Reports module not loaded: cannot open the store"))
        }
        #expect(api.respond(to: request("HEAD", "/api/reports/templates"), requestID: "r").body.isEmpty)
        #expect(api.respond(to: request("GET", "/health"), requestID: "r").status == 503)
    }

    @Test func aTrailingSlashIsTheSamePath() throws {
        let api = try TestAPI().api
        #expect(api.respond(to: request("GET", "/api/reports/templates/"), requestID: "r").status == 200)
        #expect(api.respond(to: request("GET", "/api/reports/templates/1/"), requestID: "r").status == 200)
    }

    @Test func rolesAreCheckedAfterRouting() throws {
        let api = try TestAPI().api
        // A known path with a method it does not accept: 405 for a caller with a token…
        let wrong = api.respond(to: request("PATCH", "/api/reports/templates", role: .reader), requestID: "r")
        #expect(wrong.status == 405 && wrong.header("Allow") == "GET, POST")
        // …default deny for an anonymous one, who learns nothing about paths and methods.
        #expect(api.respond(to: request("PATCH", "/api/reports/templates"), requestID: "r").status == 401)
        // A route found, a role too low.
        #expect(api.respond(to: request("DELETE", "/api/reports/templates/1001", role: .reader), requestID: "r").status == 403)
    }
}
