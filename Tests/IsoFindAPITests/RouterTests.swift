import IsoFindDomain
import Testing
@testable import IsoFindAPI

@Suite struct RouterTests {
    func route(_ method: String, _ pattern: String) -> Route {
        Route(method, pattern, access: .open, doc: OperationDoc(pattern, tag: "t", summary: "s", responses: [])) { _ in
            Response(status: 200, body: Array("\(method) \(pattern)".utf8))
        }
    }

    var router: Router {
        // Declared with the parameter route first on purpose: specificity, not order, decides.
        Router(routes: [
            route("GET", "/api/reports/{id}"), route("DELETE", "/api/reports/{id}"),
            route("GET", "/api/reports/list"), route("GET", "/api/reports/templates"),
            route("GET", "/api/reports/templates/{id}"), route("GET", "/api/reports/download/{id}"),
            route("GET", "/api/reports/matrix-groups/check"), route("PUT", "/api/reports/matrix-groups"),
        ])
    }

    func pattern(_ method: String, _ path: String) -> String? {
        if case .found(let route, _) = router.match(method: method, path: path) { return route.pattern }
        return nil
    }

    @Test func fixedPathsWinOverParameters() {
        #expect(pattern("GET", "/api/reports/list") == "/api/reports/list")
        #expect(pattern("GET", "/api/reports/templates") == "/api/reports/templates")
        #expect(pattern("GET", "/api/reports/42") == "/api/reports/{id}")
        #expect(pattern("GET", "/api/reports/download/7") == "/api/reports/download/{id}")
        #expect(pattern("GET", "/api/reports/templates/3") == "/api/reports/templates/{id}")
    }

    @Test func bindsParameters() {
        guard case .found(_, let parameters) = router.match(method: "DELETE", path: "/api/reports/12") else {
            Issue.record("no match")
            return
        }
        #expect(parameters == ["id": "12"])
    }

    @Test func wrongMethodOnAFixedPathIs405NotTheParameterRoute() {
        guard case .methodNotAllowed(let allowed) = router.match(method: "DELETE", path: "/api/reports/list") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["GET"])
        guard case .methodNotAllowed(let methods) = router.match(method: "POST", path: "/api/reports/5") else {
            Issue.record("expected 405")
            return
        }
        #expect(methods == ["DELETE", "GET"])
    }

    @Test func headIsServedByGet() {
        #expect(pattern("HEAD", "/api/reports/list") == "/api/reports/list")
    }

    @Test func unknownPathsAreNotFound() {
        if case .notFound = router.match(method: "GET", path: "/api/reports/a/b/c") {} else { Issue.record("expected 404") }
        if case .notFound = router.match(method: "GET", path: "/elsewhere") {} else { Issue.record("expected 404") }
    }
}
