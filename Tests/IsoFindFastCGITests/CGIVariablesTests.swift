import Foundation
import IsoFindAPI
import Testing
@testable import IsoFindFastCGI

@Suite struct CGIVariablesTests {
    /// A NULL-terminated `char **` like the one libfcgi hands over.
    func withEnvironment<T>(_ entries: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) -> T {
        let strings = entries.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        var array = strings + [nil]
        return array.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    @Test func keepsHeadersAndWantedVariablesLastValueWinning() {
        let params = withEnvironment([
            "REQUEST_METHOD=POST", "DOCUMENT_URI=/_auth", "CONTENT_LENGTH=12", "SERVER_SOFTWARE=nginx",
            "HTTP_X_ISOFIND_TOKEN=ifr_abc", "REMOTE_ADDR=127.0.0.1", "CONTENT_LENGTH=", "HTTP_X_AUTH_ROLE=admin",
        ]) { FastCGIServer.parameters($0) }
        #expect(params == ["REQUEST_METHOD": "POST", "DOCUMENT_URI": "/_auth", "CONTENT_LENGTH": "",
                           "HTTP_X_ISOFIND_TOKEN": "ifr_abc", "HTTP_X_AUTH_ROLE": "admin"])
    }

    @Test func aRepeatedClientHeaderKeepsEveryCopy() {
        // nginx 1.22 sends each copy of a repeated header as its own param; the last copy must not
        // silently win (`X-IsoFind-Token: garbage` then a valid token).
        let params = withEnvironment([
            "HTTP_X_ISOFIND_TOKEN=garbage", "HTTP_X_ISOFIND_TOKEN=ifr_valid", "HTTP_ACCEPT=a", "CONTENT_LENGTH=3", "CONTENT_LENGTH=",
        ]) { FastCGIServer.parameters($0) }
        #expect(params == ["HTTP_X_ISOFIND_TOKEN": "garbage, ifr_valid", "HTTP_ACCEPT": "a", "CONTENT_LENGTH": ""])
        let empty = withEnvironment(["HTTP_X_ISOFIND_TOKEN=", "HTTP_X_ISOFIND_TOKEN=ifr_valid"]) { FastCGIServer.parameters($0) }
        #expect(empty["HTTP_X_ISOFIND_TOKEN"] == ", ifr_valid")
    }

    @Test func logLinesLeaveTheQueryOut() {
        #expect(FastCGIServer.withoutQuery("/api/reports/list?access_token=ifr_x&limit=5") == "/api/reports/list?[query omitted]")
        #expect(FastCGIServer.withoutQuery("/api/reports/list") == "/api/reports/list")
    }

    @Test func identityComesOnlyFromTheGatewayParameters() {
        let forged = FastCGIServer.request(params: ["HTTP_X_AUTH_ROLE": "admin", "HTTP_ISOFIND_AUTH_ROLE": "admin"],
                                           method: "GET", path: "/api/reports/templates", body: [], requestID: "r")
        #expect(forged.gateway.identity == nil)
        #expect(forged.identity.role == nil)
        let real = FastCGIServer.request(params: ["ISOFIND_AUTH_ROLE": "editor", "ISOFIND_AUTH_SUBJECT": "ci"],
                                         method: "GET", path: "/x", body: [], requestID: "r")
        #expect(real.identity == Identity(subject: "ci", role: .editor))
        let anonymous = FastCGIServer.request(params: ["ISOFIND_AUTH_ROLE": "anonymous", "ISOFIND_AUTH_SUBJECT": "anonymous"],
                                              method: "GET", path: "/x", body: [], requestID: "r")
        #expect(anonymous.identity.role == nil)
    }

    @Test func onlyTheGatewayParameterMarksAMetricsScrape() {
        let params = withEnvironment(["DOCUMENT_URI=/metrics", "ISOFIND_METRICS=1", "HTTP_ISOFIND_METRICS=1"]) {
            FastCGIServer.parameters($0)
        }
        #expect(params["ISOFIND_METRICS"] == "1")
        #expect(FastCGIServer.request(params: params, method: "GET", path: "/metrics", body: [], requestID: "r").gateway.metricsAllowed)
        // A client's `ISOFIND-METRICS: 1` header arrives as HTTP_ISOFIND_METRICS and marks nothing.
        let forged = FastCGIServer.request(params: ["HTTP_ISOFIND_METRICS": "1"], method: "GET", path: "/metrics", body: [],
                                           requestID: "r")
        #expect(!forged.gateway.metricsAllowed)
    }

    @Test func headerNamesFollowHTTPConventions() {
        #expect(FastCGIServer.headerName(cgiName: "HTTP_X_ISOFIND_TOKEN") == "x-isofind-token")
        #expect(FastCGIServer.headerName(cgiName: "HTTP_AUTHORIZATION") == "authorization")
        let request = FastCGIServer.request(params: ["HTTP_AUTHORIZATION": "Bearer t", "CONTENT_TYPE": "application/json"],
                                            method: "POST", path: "/x", body: [], requestID: "r")
        #expect(request.header("Authorization") == "Bearer t")
        #expect(request.header("content-type") == "application/json")
    }

    @Test func logValuesAreQuotedWhenNeeded() {
        #expect(LineLogHandler.quote("plain") == "plain")
        #expect(LineLogHandler.quote("") == "\"\"")
        #expect(LineLogHandler.quote("two words") == "\"two words\"")
        #expect(LineLogHandler.quote("a=b \"c\"\n") == "\"a=b \\\"c\\\"\\n\"")
    }
}
