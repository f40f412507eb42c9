import Foundation
import IsoFindDomain
import IsoFindMetrics
import Logging
import Testing
@testable import IsoFindAPI

/// `GET /metrics` and what the API counts, driven with plain requests.
@Suite struct MetricsEndpointTests {
    func scrape(_ api: TestAPI) -> (status: Int, text: String, response: Response) {
        let response = api.api.respond(to: Request(method: "GET", path: "/metrics", gateway: GatewayInfo(metricsAllowed: true)),
                                       requestID: "scrape")
        return (response.status, String(decoding: response.body, as: UTF8.self), response)
    }

    /// The value of one series line (`name{labels} value`), 0 when absent.
    func value(_ text: String, _ series: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? -1
        }
        return 0
    }

    @Test func onlyRequestsMarkedByTheMetricsLocationAreAnswered() throws {
        let api = try TestAPI()
        #expect(api.call("GET", "/metrics").status == 404)
        let scraped = scrape(api)
        #expect(scraped.status == 200)
        #expect(scraped.response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let post = api.api.respond(to: Request(method: "POST", path: "/metrics", gateway: GatewayInfo(metricsAllowed: true)),
                                   requestID: "r")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET")
    }

    @Test func requestsAreCountedByRouteTemplateMethodAndStatus() throws {
        let api = try TestAPI()
        #expect(api.call("GET", "/api/reports/templates", role: .reader).status == 200)
        #expect(api.call("GET", "/api/reports/templates", role: .reader).status == 200)
        #expect(api.call("GET", "/api/reports/12345", role: .reader).status == 404)
        #expect(api.call("GET", "/api/reports/no/such/thing", role: .reader).status == 404)
        #expect(api.call("BREW", "/api/reports/templates", role: .reader).status == 405)
        let text = scrape(api).text
        #expect(value(text, #"isofind_http_requests_total{route="/api/reports/templates",method="GET",status="200"}"#) == 2)
        #expect(value(text, #"isofind_http_requests_total{route="/api/reports/{id}",method="GET",status="404"}"#) == 1)
        #expect(value(text, #"isofind_http_requests_total{route="unmatched",method="GET",status="404"}"#) == 1)
        #expect(value(text, #"isofind_http_requests_total{route="unmatched",method="other",status="405"}"#) == 1)
        #expect(value(text, #"isofind_http_request_duration_seconds_count{route="/api/reports/templates",method="GET"}"#) == 2)
        #expect(!text.contains("12345") && !text.contains("no/such"))
        // The scrape counts itself once it has answered.
        #expect(value(scrape(api).text, #"isofind_http_requests_total{route="/metrics",method="GET",status="200"}"#) == 1)
    }

    @Test func tokenChecksAreCountedWithoutTheToken() throws {
        let api = try TestAPI()
        let (_, editor) = try api.store.createToken(name: "Jeanne Martin", role: .editor, expiresInDays: nil)
        let (_, reader) = try api.store.createToken(name: "reader-one", role: .reader, expiresInDays: nil)
        #expect(api.authorize("GET", "/api/reports/templates", headers: ["authorization": "Bearer \(editor)"]).status == 204)
        #expect(api.authorize("GET", "/api/reports/templates", headers: ["x-isofind-token": editor]).status == 204)
        #expect(api.authorize("GET", "/api/reports/templates", headers: ["authorization": "Bearer not-a-token"]).status == 401)
        #expect(api.authorize("GET", "/api/reports/templates", headers: ["authorization": "Basic abc"]).status == 401)
        #expect(api.authorize("POST", "/api/reports/preview", headers: ["authorization": "Bearer \(reader)"]).status == 403)
        #expect(api.authorize("POST", "/api/reports/preview").status == 401)
        let text = scrape(api).text
        func checks(_ outcome: String, _ reason: String, _ scheme: String) -> Double {
            value(text, #"isofind_token_checks_total{outcome="\#(outcome)",reason="\#(reason)",scheme="\#(scheme)"}"#)
        }
        #expect(checks("accepted", "valid", "bearer") == 1)
        #expect(checks("accepted", "valid", "header") == 1)
        #expect(checks("refused", "unknown", "bearer") == 1)
        #expect(checks("refused", "malformed", "other") == 1)
        #expect(checks("refused", "role_too_low", "bearer") == 1)
        #expect(checks("refused", "token_required", "none") == 1)
        #expect(value(text, #"isofind_http_requests_total{route="/_auth",method="GET",status="401"}"#) == 3)
        for secret in [editor, reader, "not-a-token", "Jeanne", "reader-one"] {
            #expect(!text.contains(secret))
        }
    }

    @Test func previewsAreCountedTimedAndMeasured() throws {
        let api = try PreviewEndpointTests().api()
        let body = #"{"blocks": ["cover_page", "limitations"], "title": "Confidential Title For Dupont", "language": "en"}"#
        let made = api.call("POST", "/api/reports/preview", role: .editor, body: body)
        #expect(made.status == 200)
        #expect(api.call("POST", "/api/reports/preview", role: .editor, body: #"{"template_id": 99999}"#).status == 404)
        #expect(api.call("POST", "/api/reports/preview", role: .editor, body: #"{"title": "x"}"#).status == 422)
        let text = scrape(api).text
        #expect(value(text, #"isofind_reports_total{kind="preview",outcome="made"}"#) == 1)
        #expect(value(text, #"isofind_reports_total{kind="preview",outcome="not_found"}"#) == 1)
        #expect(value(text, #"isofind_reports_total{kind="preview",outcome="invalid"}"#) == 1)
        #expect(value(text, #"isofind_report_duration_seconds_count{kind="preview"}"#) == 1)
        let pages = Double(made.response.header("X-Report-Pages") ?? "") ?? -1
        #expect(value(text, #"isofind_report_pages_sum{kind="preview"}"#) == pages)
        #expect(value(text, #"isofind_report_warnings_count{kind="preview"}"#) == 1)
        #expect(value(text, #"isofind_renders_in_progress{kind="preview"}"#) == 0)
        #expect(!text.contains("Confidential") && !text.contains("Dupont"))
    }

    @Test func aSigningFailureIsCounted() throws {
        let demo = PreviewEndpointTests.demo.summary
        let api = try TestAPI(sessionsDB: demo.sessionsDatabase, samplesDB: demo.samplesDatabase,
                              signing: ReportSigning(signer: PreviewEndpointTests.BrokenSigner(), certificatePEM: nil,
                                                     verifier: ReportSigning.unsigned.verifier))
        #expect(api.call("POST", "/api/reports/generate", role: .editor, body: #"{"template_id": 1, "language": "en"}"#).status == 500)
        let text = scrape(api).text
        #expect(value(text, "isofind_signing_failures_total") == 1)
        #expect(value(text, #"isofind_reports_total{kind="generate",outcome="signing_failed"}"#) == 1)
    }

    @Test func aFailedModuleStillServesItsMetrics() {
        let api = ReportsAPI(state: .failed("cannot open the store"), logger: Logger(label: "test"))
        let response = api.respond(to: Request(method: "GET", path: "/metrics", gateway: GatewayInfo(metricsAllowed: true)),
                                   requestID: "r")
        #expect(response.status == 200)
    }
}
