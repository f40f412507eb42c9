import IsoFindDomain
import IsoFindGeneration
import IsoFindJSON
import Testing

/// The request is read once, with one rule for numbers and one for NUL at every depth.
@Suite struct GenerateRequestTests {
    func read(_ json: String) throws(GenerationError) -> GenerateRequest { try GenerateRequest(body: Array(json.utf8)) }

    func issues(_ json: String) -> [String] {
        do {
            _ = try read(json)
            return []
        } catch {
            guard case .invalid(let issues) = error else { return ["\(error)"] }
            return issues.map { $0.loc.map(\.description).joined(separator: ".") + " " + $0.type }
        }
    }

    @Test(arguments: ["1", "1.0", "1e0", "1.0e0", "10e-1"])
    func aWholeNumberIsThatInteger(number: String) throws {
        let request = try read(#"{"template_id": \#(number), "sample_ids": [\#(number), 2.0], "nexus_session_id": \#(number)}"#)
        #expect(request.templateID == 1)
        #expect(request.sampleIDs == [1, 2])
        #expect(request.nexusSessionID == 1)
    }

    @Test func aFractionIsRefusedNeverDropped() {
        #expect(issues(#"{"template_id": 1.5}"#) == ["body.template_id int_type"])
        #expect(issues(#"{"blocks": ["cover_page"], "sample_ids": [1, 2.5]}"#) == ["body.sample_ids.1 int_type"])
        #expect(issues(#"{"blocks": ["cover_page"], "nexus_session_id": "3"}"#) == ["body.nexus_session_id int_type"])
    }

    @Test func nulIsRefusedAtEveryDepth() {
        #expect(issues(#"{"blocks": ["cover_page"], "title": "a\u0000b"}"#) == ["body.title string_nul"])
        #expect(issues(#"{"blocks": ["cover_page"], "project_data": {"name": "alpha\u0000beta"}}"#) == ["body.project_data.name string_nul"])
        #expect(issues(#"{"blocks": ["cover_page"], "scoring_result": {"matches": [{"reference": "x"}, {"reference": "\u0000"}]}}"#)
            == ["body.scoring_result.matches.1.reference string_nul"])
        #expect(issues(#"{"blocks": ["cover_page"], "scenarios": [{"meta": {"k\u0000": 1}}]}"#) == ["body.scenarios.0.meta.k\u{0} string_nul"])
        #expect(issues(#"{"blocks": ["cover_pag\u0000e"]}"#) == ["body.blocks.0 string_nul"])
    }

    @Test func theBodyAloneDecidesTheseTogether() {
        #expect(issues(#"{"title": "x"}"#) == ["body missing"])
        let eleven = "[" + Array(repeating: "{}", count: 11).joined(separator: ",") + "]"
        #expect(issues(#"{"title": "x", "scenarios": \#(eleven)}"#) == ["body.scenarios too_long", "body missing"])
        // The schema's problems and the body's own rules, in one answer.
        #expect(issues(#"{"template_id": 0, "snapshots": {"map": ["bm90IGFuIGltYWdl"]}, "colour": 1}"#)
            == ["body.template_id greater_than_equal", "body.colour extra_forbidden", "body.snapshots.map.0 value_error"])
        #expect(issues(#"{"blocks": ["cover_page"], "snapshots": {"map": ["bm90IGFuIGltYWdl"]}}"#) == ["body.snapshots.map.0 value_error"])
        #expect(issues(#"{"blocks": ["cover_page"], "language": "de", "colour": 1}"#) == ["body.language literal_error", "body.colour extra_forbidden"])
        #expect(issues("{\"blocks\": [") == ["body.12 json_invalid"])
    }

    @Test func theRequestKeepsWhatItWasGiven() throws {
        let request = try read("""
            {"blocks": ["cover_page", "sample_map"], "title": "Suivi", "language": "en", "is_preview": true,
             "mbtiles_path": "region.mbtiles", "project": "Aval", "licence_data": {"holder": "Lab"}}
            """)
        #expect(request.blocks == [.coverPage, .sampleMap])
        #expect(request.title == "Suivi" && request.language == .en && request.isPreview)
        #expect(request.mbtilesPath == "region.mbtiles")
        #expect(request.inputs.projectName == "Aval" && request.inputs.licenceData?.holder == "Lab")
        #expect(try read(#"{"template_id": 2}"#).language == nil)
        #expect(try read(#"{"template_id": 2}"#).title == GenerateRequest.defaultTitle)
    }
}
