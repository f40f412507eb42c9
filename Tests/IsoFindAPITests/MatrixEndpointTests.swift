import Foundation
import IsoFindDomain
import Testing
@testable import IsoFindAPI

@Suite struct MatrixEndpointTests {
    @Test func defaultsArePresentFromTheStart() throws {
        let api = try TestAPI()
        let result = api.call("GET", "/api/reports/matrix-groups", role: .reader)
        #expect(result.status == 200)
        let groups = result.json.object["groups"] as? [[String: Any]] ?? []
        #expect(groups.map { $0["id"] as? String } == MatrixConfiguration.default.groups.map(\.id))
        #expect((result.json.object["rules"] as? [Any])?.count == MatrixConfiguration.default.rules.count)
    }

    @Test func checkTreatsFrenchAndEnglishNamesAlike() throws {
        let api = try TestAPI()
        let same = api.call("GET", "/api/reports/matrix-groups/check?matrix_a=eau&matrix_b=Water", role: .reader)
        #expect(same.status == 200)
        #expect(same.json.object["relevant"] as? Bool == true)
        #expect(same.json.object["defined"] as? Bool == true)
        #expect(same.json.object["matrix_a"] as? String == "eau")
        let unknown = api.call("GET", "/api/reports/matrix-groups/check?matrix_a=eau&matrix_b=moon%20dust", role: .reader)
        #expect(unknown.json.object["defined"] as? Bool == false)
        #expect(unknown.json.object["relevant"] is NSNull)
        #expect(unknown.json.object["group_b"] is NSNull)
        let missing = api.call("GET", "/api/reports/matrix-groups/check?matrix_a=eau", role: .reader)
        #expect(missing.status == 422)
        #expect(missing.json.detailLocs == [["query", "matrix_b"]])
    }

    @Test func replaceIsValidatedAndAtomic() throws {
        let api = try TestAPI()
        let good = #"""
        {"groups": [{"id": "w", "name": "Waters", "color": "#1F77B4", "matrices": ["eau", "groundwater"], "note": null},
                    {"id": "s", "name": "Solids", "color": "#8C564B", "matrices": ["soil"]}],
         "rules": [{"from_group": "s", "to_group": "w", "relevant": false, "note": "test"}]}
        """#
        let saved = api.call("PUT", "/api/reports/matrix-groups", role: .admin, body: good)
        #expect(saved.status == 200)
        let check = api.call("GET", "/api/reports/matrix-groups/check?matrix_a=water&matrix_b=sol", role: .reader)
        #expect(check.json.object["relevant"] as? Bool == false)
        #expect(check.json.object["note"] as? String == "test")

        let bad = #"""
        {"groups": [{"id": "w", "name": "Waters", "color": "blue", "matrices": ["eau"]},
                    {"id": "w", "name": "Again", "color": "#000000", "matrices": ["water"]}],
         "rules": [{"from_group": "w", "to_group": "zz", "relevant": true}]}
        """#
        let refused = api.call("PUT", "/api/reports/matrix-groups", role: .admin, body: bad)
        #expect(refused.status == 422)
        #expect(refused.json.detailLocs.contains(["body", "groups", "0", "color"]))
        // Once the shapes are right, the domain rules list every remaining problem.
        let semantic = #"""
        {"groups": [{"id": "w", "name": "Waters", "color": "#000000", "matrices": ["eau"]},
                    {"id": "w", "name": "Again", "color": "#000000", "matrices": ["water"]}],
         "rules": [{"from_group": "w", "to_group": "zz", "relevant": true}]}
        """#
        let refusedAgain = api.call("PUT", "/api/reports/matrix-groups", role: .admin, body: semantic)
        #expect(refusedAgain.status == 422)
        #expect(refusedAgain.json.detailLocs.count >= 3)
        #expect(try api.store.matrixConfiguration().groups.map(\.id) == ["w", "s"])
        #expect(api.call("PUT", "/api/reports/matrix-groups", role: .editor, body: good).status == 403)
    }
}
