import Foundation
import IsoFindDemoData
import IsoFindDomain
import Testing
@testable import IsoFindAPI

@Suite struct CatalogueEndpointTests {
    @Test func blocksListTheWholeCatalogue() throws {
        let api = try TestAPI()
        let result = api.call("GET", "/api/reports/blocks")
        #expect(result.status == 200)
        let blocks = result.json.object["blocks"] as? [[String: Any]] ?? []
        #expect(blocks.count == 32)
        let csia = blocks.first { $0["key"] as? String == "sim_csia" }
        #expect(csia?["licence"] as? String == "pro")
        #expect(csia?["nature"] as? String == "A")
        #expect((csia?["name"] as? [String: String])?["fr"]?.isEmpty == false)
    }

    @Test func nexusSessionsNewestFirstFromTheSessionsDatabase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-api-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let api = try TestAPI(sessionsDB: summary.sessionsDatabase)
        let result = api.call("GET", "/api/reports/nexus-sessions", role: .reader)
        #expect(result.status == 200)
        let sessions = result.json.object["sessions"] as? [[String: Any]] ?? []
        #expect(sessions.count == min(summary.sessions, 50))
        #expect(result.json.object["count"] as? Int == sessions.count)
        let dates = sessions.compactMap { $0["created_at"] as? String }
        #expect(dates == dates.sorted(by: >))
        #expect(sessions.allSatisfy { $0["sample_name"] is String && $0["element"] is String && $0["id"] is Int })
    }

    @Test func absentSessionsDatabaseGivesAnEmptyListAndACorruptOneA500() throws {
        let api = try TestAPI()
        let empty = api.call("GET", "/api/reports/nexus-sessions", role: .reader)
        #expect(empty.status == 200)
        #expect(empty.json.object["count"] as? Int == 0)

        let corrupt = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID().uuidString).db")
        try Data(repeating: 0x42, count: 4096).write(to: corrupt)
        defer { try? FileManager.default.removeItem(at: corrupt) }
        let broken = try TestAPI(sessionsDB: corrupt.path)
        let result = broken.call("GET", "/api/reports/nexus-sessions", role: .reader)
        #expect(result.status == 500)
        let detail = result.json.object["detail"] as? String ?? ""
        #expect(detail.contains("Nexus sessions database"))
        #expect(detail.contains("test-request"))
    }
}
