import Foundation
import IsoFindDomain
import IsoFindReport
import Testing
@testable import IsoFindAPI

@Suite struct TemplateEndpointTests {
    @Test func anonymousCallersSeeOnlyDefaultTemplates() throws {
        let api = try TestAPI()
        _ = api.call("POST", "/api/reports/templates", role: .editor, body: #"{"name": "Mine", "blocks": ["cover_page"]}"#)
        let anonymous = api.call("GET", "/api/reports/templates")
        #expect(anonymous.status == 200)
        let templates = anonymous.json.object["templates"] as? [[String: Any]] ?? []
        #expect(templates.count == BuiltinTemplates.all.count)
        #expect(templates.allSatisfy { $0["is_default"] as? Bool == true })
        #expect(anonymous.json.object["count"] as? Int == BuiltinTemplates.all.count)
        let reader = api.call("GET", "/api/reports/templates", role: .reader)
        let names = (reader.json.object["templates"] as? [[String: Any]] ?? []).map { $0["name"] as? String }
        #expect(names.count == BuiltinTemplates.all.count + 1)
        #expect(names.last == "Mine")
    }

    @Test func defaultTemplateCarriesDerivedFields() throws {
        let api = try TestAPI()
        let result = api.call("GET", "/api/reports/templates/8")
        #expect(result.status == 200)
        let template = BuiltinTemplates.template(id: 8)!
        #expect(result.json.object["name"] as? String == template.name)
        #expect(result.json.object["estimated_pages"] as? Int == BlockRegistry.builtin.estimatedPages(template.blocks.map(\.rawValue)))
        #expect(result.json.object["min_licence"] as? String == "pro")
        #expect(result.json.object["is_default"] as? Bool == true)
    }

    @Test func createReadUpdateDelete() throws {
        let api = try TestAPI()
        let created = api.call("POST", "/api/reports/templates", role: .editor,
                               body: #"{"name": "Suivi Gardon", "blocks": ["cover_page", "sample_inventory", "sim_csia"], "language": "en", "mode": "expert"}"#)
        #expect(created.status == 201)
        let id = try #require(created.json.object["id"] as? Int)
        #expect(id > BuiltinTemplates.maxReservedID)
        #expect(created.json.object["min_licence"] as? String == "pro")
        #expect(created.json.object["description"] as? String == "")
        #expect(created.json.object["language"] as? String == "en")

        let updated = api.call("PUT", "/api/reports/templates/\(id)", role: .editor, body: #"{"description": "Quarterly"}"#)
        #expect(updated.status == 200)
        #expect(updated.json.object["description"] as? String == "Quarterly")
        #expect(updated.json.object["name"] as? String == "Suivi Gardon")
        #expect(api.call("GET", "/api/reports/templates/\(id)", role: .reader).json.object["description"] as? String == "Quarterly")

        #expect(api.call("DELETE", "/api/reports/templates/\(id)", role: .editor).status == 200)
        #expect(api.call("DELETE", "/api/reports/templates/\(id)", role: .editor).status == 404)
        #expect(api.call("GET", "/api/reports/templates/\(id)", role: .reader).status == 404)
    }

    @Test func defaultTemplatesAreReadOnly() throws {
        let api = try TestAPI()
        #expect(api.call("PUT", "/api/reports/templates/1", role: .admin, body: #"{"name": "x"}"#).status == 403)
        #expect(api.call("DELETE", "/api/reports/templates/1", role: .admin).status == 403)
    }

    @Test func invalidBodiesListEveryProblemAndStoreNothing() throws {
        let api = try TestAPI()
        let result = api.call("POST", "/api/reports/templates", role: .editor,
                              body: #"{"blocks": ["cover_page", "cover_page"], "mode": "long", "colour": 1}"#)
        #expect(result.status == 422)
        #expect(result.json.detailLocs == [["body", "name"], ["body", "blocks", "1"], ["body", "mode"], ["body", "colour"]])
        let unknown = api.call("POST", "/api/reports/templates", role: .editor, body: #"{"name": "x", "blocks": ["cover_pag", "glossary", "nope"]}"#)
        #expect(unknown.status == 422)
        #expect(unknown.json.detailLocs == [["body", "blocks", "0"], ["body", "blocks", "2"]])
        let first = (unknown.json.object["detail"] as? [[String: Any]])?.first
        #expect(first?["msg"] as? String == "unknown block key 'cover_pag'")
        #expect(api.call("POST", "/api/reports/templates", role: .editor, body: #"{"name": "x", "#).status == 422)
        #expect(api.call("PUT", "/api/reports/templates/1001", role: .editor, body: "{}").status == 422)
        #expect(try api.store.userTemplates().isEmpty)
    }

    @Test func nonIntegerIdIs422AndMissingIs404() throws {
        let api = try TestAPI()
        let result = api.call("GET", "/api/reports/templates/abc", role: .reader)
        #expect(result.status == 422)
        #expect(result.json.detailLocs == [["path", "id"]])
        #expect(api.call("GET", "/api/reports/templates/999999", role: .reader).status == 404)
    }

    @Test func rolesAreEnforcedByTheApplicationToo() throws {
        let api = try TestAPI()
        let anonymous = api.call("POST", "/api/reports/templates", body: #"{"name": "x", "blocks": ["cover_page"]}"#)
        #expect(anonymous.status == 401)
        #expect(anonymous.response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(api.call("POST", "/api/reports/templates", role: .reader, body: #"{"name": "x", "blocks": ["cover_page"]}"#).status == 403)
        #expect(api.call("GET", "/api/reports/templates/1001").status == 401)
    }
}
