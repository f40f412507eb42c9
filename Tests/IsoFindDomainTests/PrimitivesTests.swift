import Foundation
import IsoFindJSON
import Testing
@testable import IsoFindDomain

@Suite struct PrimitivesTests {
    @Test func licencesRankResearchToEnterprise() {
        #expect(Licence.research < .researchPlus)
        #expect(Licence.researchPlus < .pro)
        #expect(Licence.pro < .enterprise)
        #expect(!(Licence.pro < .pro))
        #expect(Licence.allCases.sorted() == [.research, .researchPlus, .pro, .enterprise])
        #expect([Licence.pro, .research, .enterprise, .researchPlus].max() == .enterprise)
        #expect(Licence.researchPlus.rawValue == "research+")
        #expect(Licence(rawValue: "research+") == .researchPlus)
        #expect(Licence.pro.permits(.researchPlus))
        #expect(!Licence.research.permits(.pro))
    }

    @Test func rolesNest() {
        #expect(Role.reader < .editor)
        #expect(Role.editor < .admin)
        #expect(Role.reader < .admin)
        #expect(!(Role.admin < .editor))
        #expect(Role.allCases.sorted() == [.reader, .editor, .admin])
        #expect(Role.admin >= .editor)
    }

    @Test func rawValuesMatchTheJSONVocabulary() {
        #expect(Nature.allCases.map(\.rawValue) == ["F", "A", "I", "H", "none"])
        #expect(Nature.none.badge == nil)
        #expect(Nature.honest.badge == "H")
        #expect(ReportMode.allCases.map(\.rawValue) == ["concis", "expert"])
        #expect(Language.allCases.map(\.rawValue) == ["fr", "en"])
        #expect(DataNeed.sectionSnapshots.rawValue == "snapshots.section")
        #expect(DataNeed.anyData.rawValue == "any")
    }

    @Test func localizedPicksTheLanguage() throws {
        let label = Localized(fr: "Synthèse", en: "Executive summary")
        #expect(label[.fr] == "Synthèse")
        #expect(label[.en] == "Executive summary")
        let data = try JSONEncoder().encode(label)
        let back = try JSONDecoder().decode(Localized.self, from: data)
        #expect(back == label)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == ["fr": "Synthèse", "en": "Executive summary"])
    }

    @Test func locComponentsFromLiterals() {
        let loc: [LocComponent] = ["groups", 2, "id"]
        #expect(loc == [.key("groups"), .index(2), .key("id")])
        let issue = ValidationIssue(loc: loc, msg: "group id is missing or empty")
        #expect(issue.type == "value_error")
        #expect(issue.prefixed(["body"]).loc == ["body", "groups", 2, "id"])
    }
}
