import Foundation
import IsoFindDemoData
import IsoFindDomain
import IsoFindGeneration
import IsoFindReport
import Testing
@testable import IsoFindAPI

@Suite struct PreviewEndpointTests {
    static let demo: (folder: URL, summary: DemoDataSummary) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-preview-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder.appendingPathComponent("tiles"), withIntermediateDirectories: true)
        try! Data("not really tiles".utf8).write(to: folder.appendingPathComponent("tiles/region.mbtiles"))
        return (folder, try! DemoData.write(to: folder))
    }()

    func api(licence: Licence = .pro) throws -> TestAPI {
        try TestAPI(sessionsDB: Self.demo.summary.sessionsDatabase, samplesDB: Self.demo.summary.samplesDatabase, licence: licence,
                    tilesDir: Self.demo.folder.appendingPathComponent("tiles").path)
    }

    @Test func theSeedExampleRendersAPreviewPDF() throws {
        let body = #"{"blocks": ["cover_page", "executive_summary", "sample_inventory", "nexus_processes", "nexus_chain", "limitations", "certification"], "title": "Automated Audit -- Nexus session", "nexus_session_id": 3, "language": "en"}"#
        let result = try api().call("POST", "/api/reports/preview", role: .editor, body: body)
        #expect(result.status == 200)
        #expect(result.response.header("Content-Type") == "application/pdf")
        #expect(result.response.header("Content-Disposition") == "inline; filename=\"preview.pdf\"")
        #expect(Int(result.response.header("X-Report-Pages") ?? "") ?? 0 >= 3)
        #expect(result.response.body.starts(with: Array("%PDF-".utf8)))
    }

    /// A signer whose key has become unusable.
    struct BrokenSigner: ReportSigner {
        struct KeyUnavailable: Error, CustomStringConvertible { var description: String { "the key file is unreadable" } }
        var certification: ReportContext.Certification? { nil }
        func sign(_ pdf: [UInt8], report: SigningRequest) throws -> SignedReport { throw KeyUnavailable() }
    }

    @Test func aSigningFailureIsA500WithTheRequestIDAndRecordsNothing() throws {
        let api = try TestAPI(sessionsDB: Self.demo.summary.sessionsDatabase, samplesDB: Self.demo.summary.samplesDatabase,
                              signing: ReportSigning(signer: BrokenSigner(), certificatePEM: nil,
                                                     verifier: ReportSigning.unsigned.verifier))
        let result = api.call("POST", "/api/reports/generate", role: .editor, body: #"{"template_id": 1, "language": "en"}"#)
        #expect(result.status == 500)
        let body = result.json as? [String: Any]
        #expect(body?["detail"] as? String == "The report could not be signed. Request id: test-request.")
        #expect(body?["request_id"] as? String == "test-request")
        #expect(try api.store.reports(limit: 10, offset: 0).total == 0)
    }

    @Test func validationFollowsTheContractsOrder() throws {
        let api = try api()
        func status(_ body: String, role: Role = .editor) -> (Int, [[String]]) {
            let result = api.call("POST", "/api/reports/preview", role: role, body: body)
            return (result.status, result.json.detailLocs)
        }
        #expect(status(#"{"title": "x"}"#).0 == 422)
        #expect(status(#"{"template_id": 99999}"#).0 == 404)
        #expect(status(#"{"template_id": 99999, "language": "de"}"#).0 == 422)  // the schema comes first
        #expect(status(#"{"blocks": ["cover_pag", "glossary"]}"#) == (422, [["body", "blocks", "0"]]))
        #expect(status(#"{"blocks": ["sim_csia"]}"#) == (422, [["body", "simulation_result"]]))
        #expect(status(#"{"blocks": ["cover_page"], "nexus_session_id": 999}"#).0 == 404)
        #expect(status(#"{"blocks": ["cover_page"], "sample_ids": [1, 9999, 2, 8888]}"#) == (422, [["body", "sample_ids", "1"], ["body", "sample_ids", "3"]]))
        #expect(status(#"{"blocks": ["cover_page"], "mbtiles_path": "../../etc/passwd"}"#) == (422, [["body", "mbtiles_path"]]))
        #expect(status(#"{"blocks": ["cover_page"], "mbtiles_path": "region.mbtiles"}"#).0 == 200)
        #expect(status(#"{"blocks": ["cover_page"], "snapshots": {"map": ["bm90IGFuIGltYWdl"]}}"#) == (422, [["body", "snapshots", "map", "0"]]))
        #expect(status(#"{"blocks": ["cover_page"]}"#, role: .reader).0 == 403)
    }

    @Test func licenceIsTheServersNeverTheRequests() throws {
        let api = try api(licence: .research)
        let result = api.call("POST", "/api/reports/preview", role: .editor,
                              body: #"{"blocks": ["sim_csia"], "simulation_result": {"type": "csia"}, "licence_data": {"tier": "pro"}}"#)
        #expect(result.status == 403)
        let detail = result.json.object["detail"] as? String ?? ""
        #expect(detail.contains("sim_csia") && detail.contains("pro"))
    }

    @Test func bothTemplateAndBlocksUsesTheTemplateAndWarns() throws {
        let result = try api().call("POST", "/api/reports/preview", role: .editor, body: #"{"template_id": 4, "blocks": ["glossary"], "language": "fr"}"#)
        #expect(result.status == 200)
        #expect(Int(result.response.header("X-Report-Warnings") ?? "") ?? 0 >= 1)
    }
}
