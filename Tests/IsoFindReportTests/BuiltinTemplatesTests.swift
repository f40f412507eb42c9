import IsoFindDomain
import Testing
@testable import IsoFindReport

@Suite struct BuiltinTemplatesTests {
    @Test func nineTemplatesWithStableIDsAndSpecNames() {
        #expect(BuiltinTemplates.all.map(\.id) == Array(1...9))
        #expect(BuiltinTemplates.all.map(\.name) == [
            "Source attribution (concise)", "Source attribution (expert)", "Nexus report", "Exploratory report",
            "Analytical services delivery", "Drilling and hydrogeology", "Regulatory and traceability",
            "CSIA simulation (concise)", "CSIA simulation (expert)",
        ])
        #expect(BuiltinTemplates.all.map(\.mode) == [
            .concis, .expert, .expert, .concis, .concis, .expert, .expert, .concis, .expert,
        ])
        #expect(BuiltinTemplates.all.allSatisfy { $0.language == .en && !$0.description.isEmpty })
        #expect(BuiltinTemplates.all.allSatisfy { BuiltinTemplates.isReserved($0.id) })
        #expect(BuiltinTemplates.maxReservedID == 1000)
    }

    @Test func lookupByID() {
        #expect(BuiltinTemplates.template(id: 3)?.name == "Nexus report")
        #expect(BuiltinTemplates.template(id: 0) == nil)
        #expect(BuiltinTemplates.template(id: 10) == nil)
        #expect(BuiltinTemplates.template(id: 1001) == nil)
    }

    @Test(arguments: BuiltinTemplates.all.map(\.id))
    func blocksExistAndDoNotRepeat(id: Int) throws {
        let template = try #require(BuiltinTemplates.template(id: id))
        #expect(!template.blocks.isEmpty)
        for key in template.blocks {
            #expect(BlockRegistry.builtin.block(key) != nil, "unknown block \(key) in \(template.name)")
        }
        #expect(Set(template.blocks).count == template.blocks.count)
        #expect(template.blocks.first == .coverPage)
    }

    @Test func blocksFollowTheSpecOrder() throws {
        let csiaConcise = try #require(BuiltinTemplates.template(id: 8))
        #expect(csiaConcise.blocks.map(\.rawValue) == ["cover_page", "executive_summary", "project_context", "sim_csia",
                                       "sim_plume", "limitations", "certification"])
        let exploratory = try #require(BuiltinTemplates.template(id: 4))
        #expect(exploratory.blocks.map(\.rawValue) == ["cover_page", "executive_summary", "sample_inventory", "sample_map",
                                       "isotope_signatures", "delta_delta_plot", "descriptive_statistics",
                                       "limitations"])
        #expect(try #require(BuiltinTemplates.template(id: 2)).blocks.count == 23)
        #expect(try #require(BuiltinTemplates.template(id: 7)).blocks.count == 18)
    }

    @Test(arguments: BuiltinTemplates.all.map(\.id))
    func estimatesEqualCatalogueSumAndMax(id: Int) throws {
        let template = try #require(BuiltinTemplates.template(id: id))
        var pages = 0
        var licence = Licence.research
        for key in template.blocks {
            let block = try #require(BlockRegistry.builtin.block(key)?.definition)
            pages += block.estPages
            if block.licence > licence { licence = block.licence }
        }
        let keys = template.blocks.map(\.rawValue)
        #expect(BlockRegistry.builtin.estimatedPages(keys) == pages)
        #expect(BlockRegistry.builtin.minimumLicence(keys) == licence)
        #expect(pages >= template.blocks.count && pages <= 3 * template.blocks.count)
    }

    @Test func minimumLicences() throws {
        func minLicence(_ id: Int) throws -> Licence {
            BlockRegistry.builtin.minimumLicence(try #require(BuiltinTemplates.template(id: id)).blocks.map(\.rawValue))
        }
        #expect(try minLicence(8) == .pro)           // CSIA simulation (concise)
        #expect(try minLicence(9) == .pro)           // CSIA simulation (expert)
        #expect(try minLicence(4) == .research)      // Exploratory report
        #expect(try minLicence(5) == .research)      // Analytical services delivery
        #expect(try minLicence(1) == .researchPlus)  // scoring_matches
        #expect(try minLicence(2) == .researchPlus)
        #expect(try minLicence(3) == .researchPlus)
    }

    @Test func customBlocksCountAndUnknownKeysAreSkipped() throws {
        let custom = CustomBlock(id: 1, key: try #require(BlockKey("my_block")), name: "My block", description: "A laboratory block.",
                                 category: .results, nature: .analytical, icon: "MB", licence: .enterprise, expert: false,
                                 language: .en, dataSections: nil, code: "story = []")
        let registry = BlockRegistry.builtin.adding([custom])
        let blocks = ["cover_page", "my_block", "ghost_block", "limitations"]
        let expectedPages = try #require(BlockRegistry.builtin.block(.coverPage)).definition.estPages
            + custom.definition.estPages + (try #require(BlockRegistry.builtin.block(.limitations)).definition.estPages)
        #expect(registry.estimatedPages(blocks) == expectedPages)
        #expect(registry.minimumLicence(blocks) == .enterprise)
        // The built-in registry ignores the custom block.
        #expect(BlockRegistry.builtin.minimumLicence(blocks) == .research)
        #expect(BlockRegistry.builtin.estimatedPages([]) == 0)
        #expect(BlockRegistry.builtin.minimumLicence([]) == .research)
    }
}
