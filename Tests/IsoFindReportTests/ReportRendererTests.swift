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
        let inputs = try JSONDecoder().decode(ReportInputs.self, from: Data(#"{"project": "Vallée du Gardon — suivi 2026", "licence_data": {"holder": "Laboratoire Cévenol"}}"#.utf8))
        return ReportContext(language: language, title: language == .fr ? "Audit isotopique du Valat Nègre" : "Isotope audit of the Valat Nègre",
                             mode: mode, samples: all, inputs: inputs,
                             branding: .init(organizationName: "Laboratoire Cévenol d'Isotopie"), matrices: .default,
                             reference: reference, generatedAt: 1_795_947_300, licence: .pro,
                             sources: .init(samplesDatabase: Self.demo.summary.samplesDatabase, nexusSessionID: nil, softwareVersion: "0.1.0"))
    }

    func text(_ bytes: [UInt8], page: Int? = nil) throws -> String {
        try Poppler.text(bytes, page: page)
    }

    let blocks = ["cover_page", "table_of_contents", "sample_inventory", "isotope_signatures", "limitations"]

    @Test func frenchReportShowsEverySampleAndValueWithItsSource() throws {
        let context = try context(.fr)
        let output = try ReportRenderer.render(blocks: blocks, context: context, softwareVersion: "0.1.0")
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
        let output = try ReportRenderer.render(blocks: blocks, context: try context(.en), softwareVersion: "0.1.0")
        let whole = try text(output.bytes)
        #expect(whole.contains("Report 42"))
        #expect(whole.contains("Contents"))
        #expect(whole.contains("Source: IsoFind samples database"))
        #expect(whole.range(of: #"0\.71\d+ ± 0\.0000\d+"#, options: .regularExpression) != nil)
        #expect(!whole.contains("Sommaire"))
    }

    @Test func contentsListsLaterBlocksWithTheirPages() throws {
        let output = try ReportRenderer.render(blocks: blocks, context: try context(.en), softwareVersion: "0.1.0")
        let contents = try text(output.bytes, page: 2)
        for key in ["sample_inventory", "isotope_signatures", "limitations"] {
            let page = try #require(output.pageNumbers[key])
            let name = BlockCatalogue.builtin(key)!.name[.en]
            let line = contents.split(separator: "\n").first { $0.contains(name) }
            #expect(line?.trimmingCharacters(in: .whitespaces).hasSuffix(" \(page)") == true, "\(name): \(line ?? "missing")")
            #expect(try text(output.bytes, page: page).contains(name))
        }
    }

    @Test func noSamplesIsSaidAndWarned() throws {
        let context = try context(.en, samples: [])
        let output = try ReportRenderer.render(blocks: ["sample_inventory", "limitations"], context: context, softwareVersion: "0.1.0")
        let whole = try text(output.bytes)
        #expect(whole.contains("No sample matches this report's selection."))
        #expect(context.warnings.contains { $0.block == "sample_inventory" })
    }

    @Test func warningsFollowTheReportsOrderThoughSummariesAreBuiltLast() throws {
        let context = try context(.en, samples: [])
        let blocks = ["executive_summary", "sample_inventory", "sample_map", "limitations"]
        _ = try ReportRenderer.render(blocks: blocks, context: context, softwareVersion: "0.1.0")
        let positions = context.warnings.compactMap { $0.block.flatMap(blocks.firstIndex(of:)) }
        #expect(positions.count >= 2)
        #expect(positions == positions.sorted())
        #expect(context.warnings.first?.block == "executive_summary")   // built after sample_inventory
    }

    @Test func previewsSayTheyAreNotSigned() throws {
        let output = try ReportRenderer.render(blocks: blocks, context: try context(.en, reference: .preview), softwareVersion: "0.1.0")
        let cover = try text(output.bytes, page: 1)
        #expect(cover.contains("This document is a preview: it is neither recorded nor signed."))
        #expect(!cover.contains("Report 42"))
    }

    @Test func sameRequestSameBytes() throws {
        let first = try ReportRenderer.render(blocks: blocks, context: try context(.fr), softwareVersion: "0.1.0")
        let second = try ReportRenderer.render(blocks: blocks, context: try context(.fr), softwareVersion: "0.1.0")
        #expect(first.bytes == second.bytes)
    }
}

@Suite struct BlockRegistryTests {
    @Test func everyBuiltinBlockHasARenderer() {
        let missing = BlockCatalogue.builtin.map(\.key).filter { !ReportComposer.isImplemented($0) }
        #expect(missing.isEmpty, "not implemented: \(missing)")
    }

    @Test func everyDefaultTemplateRendersInBothLanguagesWithoutOverflow() throws {
        let samples = try SamplesReader(path: ReportRendererTests.demo.summary.samplesDatabase).samples(.all)
        for template in BuiltinTemplates.all {
            for language in Language.allCases {
                let context = ReportContext(
                    language: language, title: template.name, mode: template.mode, samples: samples, inputs: ReportInputs(),
                    branding: .init(organizationName: "IsoFind"), matrices: .default, reference: .report(id: template.id),
                    generatedAt: 1_795_947_300, licence: .pro,
                    sources: .init(samplesDatabase: ReportRendererTests.demo.summary.samplesDatabase, nexusSessionID: nil, softwareVersion: "0.1.0"))
                let output = try ReportRenderer.render(blocks: template.blocks, context: context, softwareVersion: "0.1.0")
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
            language: .en, title: "Profiles", mode: .expert, samples: samples, inputs: ReportInputs(),
            branding: .init(organizationName: "IsoFind"), matrices: .default, reference: .preview, generatedAt: 1_795_947_300,
            licence: .pro, sources: .init(samplesDatabase: "isofind.db", nexusSessionID: nil, softwareVersion: "0.1.0"))
        let output = try ReportRenderer.render(blocks: ["vertical_profiles"], context: context, softwareVersion: "0.1.0")
        let text = try ReportRendererTests().text(output.bytes)
        // The demo data has two physico-chemical profiles; its isotope rows are one depth per sample.
        #expect(text.contains("Measured at a single depth per sample, hence no profile:"))
        #expect(text.contains("⁸⁷Sr/⁸⁶Sr"))
        #expect(text.contains("pH"))
    }
}
