import IsoFindDomain
import Testing
@testable import IsoFindReport

/// The table of domain.md, transcribed independently: key, category, nature, licence, expert.
private let specTable = """
cover_page header none research -
table_of_contents header none research -
executive_summary header I research -
project_context header F research -
glossary header none research -
sample_inventory samples F research -
sample_map samples F research -
isotope_signatures samples F research -
delta_delta_plot samples A research -
descriptive_statistics samples A research -
analytical_methods methods F research -
quality_control methods A research+ yes
pollutant_inventory molecules F research -
regulatory_compliance molecules A research+ -
elemental_data geochem F research -
physicochemistry geochem F research -
vertical_profiles geochem A research+ -
cross_sections geochem F research+ -
scoring_matches results I research+ -
matrix_relevance results H research -
auto_context nexus A research+ -
nexus_processes nexus A research+ -
nexus_chain nexus I research+ yes
interpretation interpretation I research+ yes
sim_csia simulation A pro yes
sim_redox simulation A pro yes
sim_plume simulation F pro -
scenario_comparison simulation A pro -
limitations closing H research -
data_provenance closing F research -
certification closing H research -
annex_raw_data closing F research yes
"""

private struct SpecRow {
    let key: String, category: String, nature: String, licence: String, expert: Bool
}

private let specRows: [SpecRow] = specTable.split(separator: "\n").map { line in
    let f = line.split(separator: " ").map(String.init)
    return SpecRow(key: f[0], category: f[1], nature: f[2], licence: f[3], expert: f[4] == "yes")
}

/// The built-in definitions, from the registry.
private let builtin = BlockRegistry.builtin.blocks.map(\.definition)

private func definition(_ key: String) -> BlockDefinition? { BlockRegistry.builtin.block(named: key)?.definition }

@Suite struct BlockCatalogueTests {
    @Test func thirtyTwoUniqueKeysInSpecOrder() {
        let keys = builtin.map(\.key.rawValue)
        #expect(keys.count == 32)
        #expect(Set(keys).count == 32)
        #expect(keys == specRows.map(\.key))
        #expect(Set(BlockRegistry.builtin.keys.map(\.rawValue)) == Set(specRows.map(\.key)))
    }

    @Test(arguments: specRows.map(\.key))
    func rowMatchesSpec(key: String) throws {
        let row = try #require(specRows.first { $0.key == key })
        let block = try #require(definition(key))
        #expect(block.key.rawValue == key)
        #expect(block.category.rawValue == row.category)
        #expect(block.nature.rawValue == row.nature)
        #expect(block.licence.rawValue == row.licence)
        #expect(block.expert == row.expert)
        #expect((1...3).contains(block.estPages))
        for language in Language.allCases {
            #expect(!block.name[language].isEmpty)
            #expect(block.description[language].count > 20, "\(key) \(language) description too short")
            #expect(block.description[language].hasSuffix(".") || block.description[language].hasSuffix("…"))
        }
        #expect(block.name.fr != block.description.fr)
    }

    @Test func namesAreDistinctInEachLanguage() {
        for language in Language.allCases {
            let names = builtin.map { $0.name[language] }
            #expect(Set(names).count == names.count)
        }
    }

    @Test func needsFollowTheSpec() throws {
        func needs(_ key: String) throws -> [DataNeed] { try #require(definition(key)).needs }
        for key in ["cover_page", "table_of_contents", "glossary", "limitations", "data_provenance", "certification"] {
            #expect(try needs(key).isEmpty, "\(key) needs nothing")
        }
        #expect(try needs("executive_summary") == [.anyData])
        #expect(try needs("project_context") == [.project])
        #expect(try needs("sample_map") == [.samplesWithCoordinates])
        #expect(try needs("delta_delta_plot") == [.twoIsotopeSystems])
        #expect(try needs("regulatory_compliance") == [.moleculesWithThresholds])
        #expect(try needs("vertical_profiles") == [.depthData])
        #expect(try needs("cross_sections") == [.sectionSnapshots])
        #expect(try needs("nexus_chain") == [.nexusResult])
        #expect(try needs("interpretation") == [.anyResult])
        #expect(try needs("scenario_comparison") == [.scenarios])
        #expect(try needs("annex_raw_data") == [.samples])
        for block in builtin where block.requiresSimulation {
            #expect(block.needs == [.simulationResult])
        }
    }

    @Test func onlySimBlocksRequireASimulation() {
        let sims = builtin.filter(\.requiresSimulation).map(\.key.rawValue)
        #expect(sims == ["sim_csia", "sim_redox", "sim_plume"])
    }

    @Test func lookupOfUnknownKeyIsNil() {
        #expect(definition("cover_pag") == nil)
        #expect(definition("") == nil)
        #expect(definition("Cover_Page") == nil)
    }

    @Test func frenchTypography() throws {
        let annex = try #require(definition("annex_raw_data"))
        #expect(annex.name.fr == "Annexe\u{00A0}: données brutes")
        for block in builtin {
            let fr = block.name.fr + block.description.fr
            #expect(!fr.contains(" :"), "\(block.key): a colon needs a no-break space before it")
            #expect(!fr.contains("'"), "\(block.key): French uses the typographic apostrophe")
        }
        #expect(definition("delta_delta_plot")?.name.fr == "Diagramme δ–δ")
    }
}

@Suite struct BlockKeyTests {
    @Test func everyBuiltinKeyIsWellFormed() {
        #expect(builtin.allSatisfy { BlockKey.isWellFormed($0.key.rawValue) })
    }

    @Test(arguments: ["ab", "Cover", "1abc", "cover page", "cover-page", "é_bloc", String(repeating: "a", count: 51)])
    func refusesMalformedKeys(key: String) {
        #expect(!BlockKey.isWellFormed(key))
    }

    @Test(arguments: ["abc", "my_block_2", String(repeating: "a", count: 50)])
    func acceptsWellFormedKeys(key: String) {
        #expect(BlockKey.isWellFormed(key))
    }
}
