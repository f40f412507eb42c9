import Foundation
import IsoFindDemoData
import IsoFindDomain
import IsoFindStore
import PDFTestSupport
import Testing
@testable import IsoFindReport

/// Reports rendered from the demo databases, read back with pdftotext.
@Suite struct ReportRendererTests {
    static let demo: (folder: URL, summary: DemoDataSummary) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-report-\(UUID().uuidString)")
        let summary = try! DemoData.write(to: folder)
        return (folder, summary)
    }()

    func context(_ language: Language, reference: ReportContext.Reference = .report(id: 42), mode: ReportMode = .expert,
                 samples: [Sample]? = nil) throws -> ReportContext {
        let all = try samples ?? SamplesReader(path: Self.demo.summary.samplesDatabase).samples(.all)
        let inputs = try readInputs(#"{"project": "Vallée du Gardon — suivi 2026", "licence_data": {"holder": "Laboratoire Cévenol"}}"#)
        return ReportContext(language: language, title: language == .fr ? "Audit isotopique du Valat Nègre" : "Isotope audit of the Valat Nègre",
                             mode: mode, reference: reference, generatedAt: 1_795_947_300, licence: .pro,
                             sources: .init(samplesDatabase: Self.demo.summary.samplesDatabase, nexusSessionID: nil, softwareVersion: "0.1.0"),
                             samples: all, inputs: inputs, branding: .init(organizationName: "Laboratoire Cévenol d'Isotopie"),
                             matrices: .default)
    }

    func text(_ bytes: [UInt8], page: Int? = nil) throws -> String {
        try Poppler.text(bytes, page: page)
    }

    let blocks: [BlockKey] = [.coverPage, .tableOfContents, .sampleInventory, .isotopeSignatures, .limitations]

    @Test func frenchReportShowsEverySampleAndValueWithItsSource() throws {
        let context = try context(.fr)
        let output = try render(blocks, context)
        let whole = try text(output.bytes)
        #expect(whole.contains("Audit isotopique du Valat Nègre"))
        #expect(whole.contains("Rapport n° 42"))
        #expect(whole.contains("Vallée du Gardon — suivi 2026"))
        for heading in ["Sommaire", "Inventaire", "Signatures isotopiques", "Limites"] {
            #expect(whole.contains(heading), "heading \(heading)")
        }
        for sample in context.samples { #expect(whole.contains(sample.name), "sample \(sample.name)") }
        #expect(whole.contains("⁸⁷Sr/⁸⁶Sr"))
        #expect(whole.contains("Source : base d'échantillons IsoFind (isofind.db)"))
        // French numbers: a Sr ratio with a decimal comma and its 2SE.
        #expect(whole.range(of: #"0,71\d+ ± 0,0000\d+"#, options: .regularExpression) != nil)
        #expect(whole.contains("page 1 / \(output.pageCount)"))
        #expect(output.overflowCount == 0)
    }

    @Test func englishReportUsesEnglishEverywhere() throws {
        let output = try render(blocks, try context(.en))
        let whole = try text(output.bytes)
        #expect(whole.contains("Report 42"))
        #expect(whole.contains("Contents"))
        #expect(whole.contains("Source: IsoFind samples database"))
        #expect(whole.range(of: #"0\.71\d+ ± 0\.0000\d+"#, options: .regularExpression) != nil)
        #expect(!whole.contains("Sommaire"))
    }

    @Test func contentsListsLaterBlocksWithTheirPages() throws {
        let output = try render(blocks, try context(.en))
        let contents = try text(output.bytes, page: 2)
        for key in [BlockKey.sampleInventory, .isotopeSignatures, .limitations] {
            let page = try #require(output.pageNumbers[key.rawValue])
            let name = BlockRegistry.builtin.block(key)!.definition.name[.en]
            let line = contents.split(separator: "\n").first { $0.contains(name) }
            #expect(line?.trimmingCharacters(in: .whitespaces).hasSuffix(" \(page)") == true, "\(name): \(line ?? "missing")")
            #expect(try text(output.bytes, page: page).contains(name))
        }
    }

    @Test func noSamplesIsSaidAndWarned() throws {
        let context = try context(.en, samples: [])
        let output = try render([.sampleInventory, .limitations], context)
        let whole = try text(output.bytes)
        #expect(whole.contains("No sample matches this report's selection."))
        #expect(output.warnings.contains { $0.block == .sampleInventory })
    }

    @Test func warningsFollowTheReportsOrderThoughSummariesAreBuiltLast() throws {
        let context = try context(.en, samples: [])
        let blocks: [BlockKey] = [.executiveSummary, .sampleInventory, .sampleMap, .limitations]
        let output = try render(blocks, context)
        let positions = output.warnings.compactMap { $0.block.flatMap(blocks.firstIndex(of:)) }
        #expect(positions.count >= 2)
        #expect(positions == positions.sorted())
        #expect(output.warnings.first?.block == .executiveSummary)   // built after sample_inventory
    }

    @Test func previewsSayTheyAreNotSigned() throws {
        let output = try render(blocks, try context(.en, reference: .preview))
        let cover = try text(output.bytes, page: 1)
        #expect(cover.contains("This document is a preview: it is neither recorded nor signed."))
        #expect(!cover.contains("Report 42"))
    }

    @Test func sameRequestSameBytes() throws {
        let first = try render(blocks, try context(.fr))
        let second = try render(blocks, try context(.fr))
        #expect(first.bytes == second.bytes)
    }
}

@Suite struct BlockRegistryTests {
    @Test func everyBuiltinKeyHasExactlyOneBlockInTheCataloguesOrder() {
        let keys = BlockRegistry.builtin.keys
        #expect(keys == [.coverPage, .tableOfContents, .executiveSummary, .projectContext, .glossary, .sampleInventory, .sampleMap,
                         .isotopeSignatures, .deltaDeltaPlot, .descriptiveStatistics, .analyticalMethods, .qualityControl,
                         .pollutantInventory, .regulatoryCompliance, .elementalData, .physicochemistry, .verticalProfiles,
                         .crossSections, .scoringMatches, .matrixRelevance, .autoContext, .nexusProcesses, .nexusChain,
                         .interpretation, .simCSIA, .simRedox, .simPlume, .scenarioComparison, .limitations, .dataProvenance,
                         .certification, .annexRawData])
        for key in keys {
            #expect(BlockRegistry.builtin.blocks.filter { $0.key == key }.count == 1, "\(key)")
            #expect(BlockRegistry.builtin.block(key)?.key == key)
            #expect(BlockRegistry.builtin.contains(key))
        }
        // Only the structural blocks draw their own heading; only the summaries are built last.
        #expect(BlockRegistry.builtin.blocks.filter(\.drawsOwnHeading).map(\.key) == [.coverPage, .tableOfContents])
        #expect(BlockRegistry.builtin.blocks.filter(\.summarisesOthers).map(\.key) == [.executiveSummary, .limitations])
    }

    @Test(arguments: Language.allCases)
    func everyBlockRendersAloneWithAndWithoutData(_ language: Language) throws {
        let samples = try SamplesReader(path: ReportRendererTests.demo.summary.samplesDatabase).samples(.all)
        for withData in [true, false] {
            for key in BlockRegistry.builtin.keys {
                let context = ReportContext(
                    language: language, title: "Block \(key)", mode: .concis, reference: .preview, generatedAt: 1_795_947_300,
                    licence: .pro, sources: .init(samplesDatabase: nil, nexusSessionID: nil, softwareVersion: "0.1.0"),
                    samples: withData ? samples : [], inputs: ReportInputs(), branding: .init(organizationName: "IsoFind"),
                    matrices: .default)
                let output = try render([key], context)
                #expect(output.pageCount >= 1, "\(key) \(language)")
                #expect(output.overflowCount == 0, "\(key) \(language)")
            }
        }
    }

    @Test func everyDefaultTemplateRendersInBothLanguagesWithoutOverflow() throws {
        let samples = try SamplesReader(path: ReportRendererTests.demo.summary.samplesDatabase).samples(.all)
        for template in BuiltinTemplates.all {
            for language in Language.allCases {
                let context = ReportContext(
                    language: language, title: template.name, mode: template.mode, reference: .report(id: template.id),
                    generatedAt: 1_795_947_300, licence: .pro,
                    sources: .init(samplesDatabase: ReportRendererTests.demo.summary.samplesDatabase, nexusSessionID: nil, softwareVersion: "0.1.0"),
                    samples: samples, inputs: ReportInputs(), branding: .init(organizationName: "IsoFind"), matrices: .default)
                let output = try render(template.blocks, context)
                #expect(output.pageCount >= 2, "\(template.name) \(language)")
                #expect(output.overflowCount == 0, "\(template.name) \(language)")
            }
        }
    }
}

@Suite struct VerticalProfileTests {
    @Test func onlyParametersWithARealProfileArePlotted() throws {
        let samples = try SamplesReader(path: ReportRendererTests.demo.summary.samplesDatabase).samples(.all)
        let context = ReportContext(
            language: .en, title: "Profiles", mode: .expert, reference: .preview, generatedAt: 1_795_947_300, licence: .pro,
            sources: .init(samplesDatabase: "isofind.db", nexusSessionID: nil, softwareVersion: "0.1.0"),
            samples: samples, inputs: ReportInputs(), branding: .init(organizationName: "IsoFind"), matrices: .default)
        let output = try render([.verticalProfiles], context)
        let text = try ReportRendererTests().text(output.bytes)
        // The demo data has two physico-chemical profiles; its isotope rows are one depth per sample.
        #expect(text.contains("Measured at a single depth per sample, hence no profile:"))
        #expect(text.contains("⁸⁷Sr/⁸⁶Sr"))
        #expect(text.contains("pH"))
    }
}
