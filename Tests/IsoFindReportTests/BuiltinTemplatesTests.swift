import Testing
@testable import IsoFindDomain

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
            #expect(BlockCatalogue.builtin(key) != nil, "unknown block \(key) in \(template.name)")
        }
        #expect(Set(template.blocks).count == template.blocks.count)
        #expect(template.blocks.first == "cover_page")
    }

    @Test func blocksFollowTheSpecOrder() throws {
        let csiaConcise = try #require(BuiltinTemplates.template(id: 8))
        #expect(csiaConcise.blocks == ["cover_page", "executive_summary", "project_context", "sim_csia",
                                       "sim_plume", "limitations", "certification"])
        let exploratory = try #require(BuiltinTemplates.template(id: 4))
        #expect(exploratory.blocks == ["cover_page", "executive_summary", "sample_inventory", "sample_map",
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
            let block = try #require(BlockCatalogue.builtin(key))
            pages += block.estPages
            if block.licence > licence { licence = block.licence }
        }
        #expect(TemplateEstimate.estimatedPages(template.blocks) == pages)
        #expect(TemplateEstimate.minLicence(template.blocks) == licence)
        #expect(pages >= template.blocks.count && pages <= 3 * template.blocks.count)
    }

    @Test func minimumLicences() throws {
        func minLicence(_ id: Int) throws -> Licence {
            TemplateEstimate.minLicence(try #require(BuiltinTemplates.template(id: id)).blocks)
        }
        #expect(try minLicence(8) == .pro)           // CSIA simulation (concise)
        #expect(try minLicence(9) == .pro)           // CSIA simulation (expert)
        #expect(try minLicence(4) == .research)      // Exploratory report
        #expect(try minLicence(5) == .research)      // Analytical services delivery
        #expect(try minLicence(1) == .researchPlus)  // scoring_matches
        #expect(try minLicence(2) == .researchPlus)
        #expect(try minLicence(3) == .researchPlus)
    }

    @Test func customLookupSkipsUnknownKeys() {
        let custom: [String: (estPages: Int, licence: Licence)] = ["my_block": (2, .enterprise)]
        let lookup: TemplateEstimate.Lookup = { key in
            TemplateEstimate.builtinLookup(key) ?? custom[key]
        }
        let blocks = ["cover_page", "my_block", "ghost_block", "limitations"]
        let expectedPages = BlockCatalogue.builtin("cover_page")!.estPages + 2
            + BlockCatalogue.builtin("limitations")!.estPages
        #expect(TemplateEstimate.estimatedPages(blocks, lookup: lookup) == expectedPages)
        #expect(TemplateEstimate.minLicence(blocks, lookup: lookup) == .enterprise)
        // The built-in-only convenience ignores the custom block.
        #expect(TemplateEstimate.minLicence(blocks) == .research)
        #expect(TemplateEstimate.estimatedPages([]) == 0)
        #expect(TemplateEstimate.minLicence([]) == .research)
    }
}
