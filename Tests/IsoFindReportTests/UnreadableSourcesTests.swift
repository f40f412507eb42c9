import Foundation
import IsoFindDemoData
import IsoFindDomain
import IsoFindStore
import PDFTestSupport
import Testing
@testable import IsoFindReport

/// ReportContext's degrading rule: a source that could not be read is said by the blocks that
/// need it, in the PDF and as their warning, besides the renderer's warning with the reason.
@Suite struct UnreadableSourcesTests {
    static let demo: (folder: URL, summary: DemoDataSummary) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-unreadable-\(UUID().uuidString)")
        let summary = try! DemoData.write(to: folder)
        return (folder, summary)
    }()

    static let samples: [Sample] = try! SamplesReader(path: demo.summary.samplesDatabase).samples(.all)

    func context(_ language: Language, samples: [Sample], inputs json: String = "{}", sessionID: Int? = nil,
                 matrices: MatrixConfiguration = .default, unavailable: [ReportContext.DataSource: String]) throws -> ReportContext {
        ReportContext(language: language, title: "Unreadable", mode: .expert, reference: .report(id: 9), generatedAt: 1_795_947_300,
                      licence: .pro,
                      sources: .init(samplesDatabase: Self.demo.summary.samplesDatabase, nexusSessionID: sessionID, softwareVersion: "0.1.0"),
                      samples: samples, inputs: try readInputs(json), branding: .init(organizationName: "IsoFind"), matrices: matrices,
                      unavailable: unavailable)
    }

    /// The report's text on one line, and its warnings.
    func render(_ keys: [BlockKey], _ context: ReportContext) throws -> (String, [ReportWarning]) {
        let output = try IsoFindReportTests.render(keys, context)
        #expect(output.overflowCount == 0)
        let text = try Poppler.text(output.bytes, ["-raw"])
        return (text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{00A0}" || $0 == "\u{202F}" }).joined(separator: " "),
                output.warnings)
    }

    func flat(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" }).joined(separator: " ")
    }

    /// Every block that shows "no sample" says instead that the samples database could not be read.
    @Test(arguments: Language.allCases)
    func unreadableSamplesDatabaseIsSaidInsteadOfNoSample(_ language: Language) throws {
        let keys: [BlockKey] = [.executiveSummary, .projectContext, .sampleInventory, .sampleMap, .isotopeSignatures, .deltaDeltaPlot,
                                .descriptiveStatistics, .analyticalMethods, .qualityControl, .pollutantInventory,
                                .regulatoryCompliance, .elementalData, .physicochemistry, .verticalProfiles, .matrixRelevance,
                                .annexRawData]
        let context = try context(language, samples: [], unavailable: [.samples: "disk I/O error"])
        let (text, warnings) = try render(keys + [.limitations], context)
        let sentence = BlockSupport.samplesUnreadable[language]
        #expect(text.contains(flat(sentence)))
        #expect(!text.contains(flat(Strings.noSamples[language])))
        for key in keys {
            #expect(warnings.contains { $0.block == key && $0.message == sentence }, "\(key)")
            #expect(!warnings.contains { $0.block == key && $0.message == Strings.noSamples[language] }, "\(key)")
        }
        // The renderer's warning gives the reason, once, for the report as a whole.
        #expect(warnings.filter { $0.block == nil && $0.message.contains("disk I/O error") }.count == 1)

        // A readable database with no sample selected still says that no sample matches.
        let (readable, readableWarnings) = try render([.sampleInventory], try self.context(language, samples: [], unavailable: [:]))
        #expect(readable.contains(flat(Strings.noSamples[language])))
        #expect(readableWarnings.map(\.message) == [Strings.noSamples[language]])
    }

    /// The Nexus blocks, the summary and the interpretation say that the session asked for could
    /// not be read, not that no result was provided.
    @Test(arguments: Language.allCases)
    func unreadableNexusSessionIsSaidByTheNexusBlocks(_ language: Language) throws {
        let context = try context(language, samples: Self.samples, sessionID: 3, unavailable: [.nexusSession: "database is locked"])
        let (text, warnings) = try render([.executiveSummary, .nexusProcesses, .nexusChain, .interpretation, .limitations], context)
        let sentence = NexusText.sessionUnreadable[language]
        #expect(text.contains(flat(sentence)))
        #expect(!text.contains(flat(NexusText.noNexus[language])))
        for key in [BlockKey.nexusProcesses, .nexusChain] {
            #expect(warnings.contains { $0.block == key && $0.message == sentence }, "\(key)")
        }
        #expect(text.contains(flat(ExecutiveSummary.summary.nexusUnreadable[language])))
        #expect(!text.contains(flat(ExecutiveSummary.summary.noNexus[language])))
        #expect(warnings.contains { $0.block == .interpretation && $0.message == Interpretation.nexusUnreadable[language] })
        #expect(!text.contains(flat(Interpretation.noResult[language])))
        #expect(warnings.contains { $0.block == nil && $0.message.contains("database is locked") })

        // Without a session asked for, the blocks say that no result was provided.
        let (plain, plainWarnings) = try render([.nexusProcesses], try self.context(language, samples: Self.samples, unavailable: [:]))
        #expect(plain.contains(flat(NexusText.noNexus[language])))
        #expect(plainWarnings.map(\.message) == [NexusText.noNexus[language]])
    }

    /// Without the matrix rules, matrix_relevance gives no verdict and the δ–δ plot flags no
    /// receptor, though `context.matrices` (empty) would make every pair incomparable.
    @Test(arguments: Language.allCases)
    func unreadableMatrixRulesGiveNoVerdictAndNoFlag(_ language: Language) throws {
        var samples = Self.samples
        let index = try #require(samples.firstIndex { $0.isReceptor && $0.isotopes.contains { $0.system == "206Pb/204Pb" }
                                                     && $0.isotopes.contains { $0.system == "208Pb/206Pb" } })
        samples[index].matrix = "moss"
        let empty = MatrixConfiguration(groups: [], rules: [])
        let context = try context(language, samples: samples, matrices: empty, unavailable: [.matrixRules: "no such table: matrix_rules"])
        let (text, warnings) = try render([.matrixRelevance, .deltaDeltaPlot, .limitations], context)
        let sentence = MatrixRelevance.relevance.rulesUnreadable[language]
        #expect(text.contains(flat(sentence)))
        #expect(warnings.filter { $0.block == .matrixRelevance }.map(\.message) == [sentence])
        for verdict in [MatrixRelevance.relevance.relevant, MatrixRelevance.relevance.notRelevant, MatrixRelevance.relevance.undefined] {
            #expect(!warnings.contains { $0.message.contains(verdict[language]) })
        }
        #expect(!text.contains(flat(DeltaDeltaPlot.mismatchLabel[language])))
        #expect(!text.contains(flat(DeltaDeltaPlot.mismatchNote[language])))
        #expect(!warnings.contains { $0.block == .deltaDeltaPlot })
        #expect(warnings.contains { $0.block == nil && $0.message.contains("no such table: matrix_rules") })

        // The same empty rules, read without error, do flag the receptors.
        let readable = try self.context(language, samples: samples, matrices: empty, unavailable: [:])
        let (flagged, flaggedWarnings) = try render([.deltaDeltaPlot], readable)
        #expect(flagged.contains(flat(DeltaDeltaPlot.mismatchLabel[language])))
        #expect(flaggedWarnings.contains { $0.block == .deltaDeltaPlot })
    }

    /// data_provenance names each source that could not be read with the reason, instead of
    /// counting it as empty.
    @Test func provenanceNamesUnreadableSources() throws {
        let context = try context(.en, samples: [], sessionID: 3, matrices: MatrixConfiguration(groups: [], rules: []),
                                  unavailable: [.samples: "disk I/O error", .nexusSession: "database is locked",
                                                .matrixRules: "no such table: matrix_groups"])
        let (text, _) = try render([.dataProvenance], context)
        #expect(text.contains("isofind.db: could not be read (disk I/O error)"))
        #expect(text.contains("Nexus session 3 of workflows.db: could not be read (database is locked)"))
        #expect(text.contains("Matrix rules: could not be read (no such table: matrix_groups)"))
        #expect(!text.contains("0 samples"))
    }
}
