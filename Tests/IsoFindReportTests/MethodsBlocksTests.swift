import Foundation
import IsoFindDemoData
import IsoFindDomain
import IsoFindStore
import PDFTestSupport
import Testing
@testable import IsoFindReport

/// The project, methods, molecules, matrix, glossary and provenance blocks, rendered from the demo
/// databases and read back with pdftotext.
@Suite struct MethodsBlocksTests {
    static let demo: (folder: URL, summary: DemoDataSummary) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-methods-\(UUID().uuidString)")
        let summary = try! DemoData.write(to: folder)
        return (folder, summary)
    }()

    static let allSamples: [Sample] = try! SamplesReader(path: demo.summary.samplesDatabase).samples(.all)

    static let fullRequest = #"""
    {
      "project_data": {"name": "Vallée du Gardon — suivi 2026", "objective": "Attribuer l'origine du plomb des sédiments du Valat Nègre",
                       "constraints": ["Accès limité aux piézomètres en hiver", "Budget de 40 analyses isotopiques"],
                       "client": "Syndicat mixte des Gardons", "reference": "SMG-2026-017"},
      "scoring_result": {"algorithm": "z-score pondéré", "threshold": 0.8, "matches": [
          {"sample_id": 12, "sample_name": "SED-VN-03", "reference": "GAL-PRADAL-01", "reference_matrix": "ore", "score": 0.91, "class": "full"},
          {"sample_id": 12, "sample_name": "SED-VN-03", "reference": "SOL-FOND-02", "reference_matrix": "soil", "score": 0.42, "class": "partial"},
          {"sample_id": 13, "sample_name": "SED-VN-04", "reference": "GAL-PRADAL-01", "reference_matrix": "ore", "score": 0.97, "class": "full"},
          {"sample_id": 13, "sample_name": "SED-VN-04", "reference": "SLAG-01", "reference_matrix": "slag", "score": 0.05, "class": "incompatible"}]},
      "nexus_result": {"element": "C", "system": "13C/12C (TCE)",
                       "initial": {"value": -27.81, "uncertainty": 0.46, "unit": "‰ VPDB", "sample": "GW-P01-2026-04"},
                       "processes": [{"name": "Déchloration réductrice", "category": "biodégradation", "epsilon": -13, "uncertainty": 1.5,
                                      "model": "Rayleigh (δ = δ0 + ε·ln f)", "fraction": 0.55, "reference": "Slater et al. (2001)"}],
                       "predicted": {"value": -20.02, "uncertainty": 1.01}},
      "snapshots": {"map": [], "section": []},
      "licence_data": {"holder": "Laboratoire Cévenol"}
    }
    """#

    func context(_ language: Language, request: String = fullRequest, samples: [Sample]? = nil,
                 matrices: MatrixConfiguration = .default, mode: ReportMode = .expert, nexusSession: Int? = nil,
                 unavailable: [ReportContext.DataSource: String] = [:]) throws -> ReportContext {
        let inputs = try readInputs(request)
        return ReportContext(language: language, title: language == .fr ? "Audit isotopique du Valat Nègre" : "Isotope audit of the Valat Nègre",
                             mode: mode, reference: .report(id: 42), generatedAt: 1_795_947_300, licence: .pro,
                             sources: .init(samplesDatabase: Self.demo.summary.samplesDatabase, nexusSessionID: nexusSession, softwareVersion: "0.1.0"),
                             samples: samples ?? Self.allSamples, inputs: inputs,
                             branding: .init(organizationName: "Laboratoire Cévenol d'Isotopie"), matrices: matrices, unavailable: unavailable)
    }

    func text(_ bytes: [UInt8]) throws -> String {
        Poppler.keepForALook(bytes, name: "methods-\(bytes.count)")
        // Joined lines: a sentence may wrap anywhere.
        return try Poppler.text(bytes, []).replacingOccurrences(of: "\n", with: " ")
    }

    static let blocks: [BlockKey] = [.coverPage, .executiveSummary, .projectContext, .analyticalMethods, .qualityControl,
                                     .pollutantInventory, .regulatoryCompliance, .matrixRelevance, .limitations, .dataProvenance,
                                     .glossary]

    /// The report's text and its warnings.
    func render(_ context: ReportContext, _ blocks: [BlockKey] = blocks) throws -> (String, [ReportWarning]) {
        let output = try IsoFindReportTests.render(blocks, context)
        #expect(output.overflowCount == 0)
        return (try text(output.bytes), output.warnings)
    }

    @Test func frenchReportShowsEveryBlockWithItsSources() throws {
        let context = try context(.fr)
        let (whole, _) = try render(context)
        // project_context
        for piece in ["Attribuer l'origine du plomb", "Accès limité aux piézomètres en hiver", "Syndicat mixte des Gardons", "SMG-2026-017",
                      "Source : données de projet fournies avec la requête (project_data).", "Site et secteurs", "Fonderie du Mas Rouge",
                      "Emprise des prélèvements"] {
            #expect(whole.contains(piece), "project_context: \(piece)")
        }
        #expect(whole.range(of: #"latitude 44,\d{4}° N à 44,\d{4}° N"#, options: .regularExpression) != nil)
        #expect(whole.range(of: #"environ \d+,\d km \(est–ouest\) × \d+,\d km"#, options: .regularExpression) != nil)
        // executive_summary
        #expect(whole.contains("Le rapport porte sur 53 échantillons"))
        #expect(whole.contains("source : base d'échantillons IsoFind, isofind.db"))
        #expect(whole.range(of: #"⁸⁷Sr/⁸⁶Sr \(n\s=\s49\)"#, options: .regularExpression) != nil)
        #expect(whole.contains("SED-VN-04 ↔ GAL-PRADAL-01 : score 0,970 (compatibilité complète)"))
        #expect(!whole.contains("SLAG-01"))  // only the top 3
        #expect(whole.contains("−20,0 ± 1,0 ‰ VPDB (2σ)"))
        #expect(whole.contains("résultat Nexus fourni avec la requête"))
        #expect(whole.contains("Échantillons par matrice"))
        #expect(!whole.contains("prouve que") && !whole.contains("proves"))
        // analytical_methods
        for piece in ["TIMS Thermo Triton Plus", "NIST SRM 987", "NBS 981", "Sessions analytiques",
                      "Source : table sample_isotope de la base d'échantillons IsoFind (isofind.db)", "ICP-MS (NF EN ISO 17294-2)",
                      "Source : table sample_molecules de la base d'échantillons IsoFind (isofind.db), colonnes methode"] {
            #expect(whole.contains(piece), "analytical_methods: \(piece)")
        }
        // quality_control
        #expect(whole.contains("2SE / rapport (ppm)"))
        #expect(whole.contains("3 × MAD"))
        #expect(whole.contains("Matériaux de référence utilisés"))
        // pollutant_inventory
        #expect(whole.contains("Trichloroéthylène (TCE)"))
        #expect(whole.contains("Méthodes et laboratoires"))
        #expect(whole.contains("SPE + LC-MS/MS (ISO 21675)"))
        #expect(whole.contains("Laboratoire Hydro-Cévennes (Alès)"))
        #expect(whole.range(of: #"non détecté \(< LD [\d,]+ µg/L\)"#, options: .regularExpression) != nil)
        #expect(whole.range(of: #"\d+,\d+ ± \d+,\d+ (µg|mg)/L"#, options: .regularExpression) != nil)
        // regulatory_compliance
        #expect(whole.contains("61 dépassent leur seuil"))
        #expect(whole.contains("NON CONFORME"))
        #expect(whole.contains("Dépassements par molécule"))
        // matrix_relevance
        #expect(whole.contains("Matrice source"))
        #expect(whole.contains("pertinente"))
        // data_provenance
        #expect(whole.contains("isofind.db (base IsoFind, lecture seule) : 53 échantillons"))
        #expect(whole.contains("FNV-1a 64 bits : \(DataProvenance.inputFingerprint(context.samples))"))
        #expect(whole.contains("n'est pas une signature"))
        #expect(whole.contains("IsoFind Reports 0.1.0"))
        #expect(whole.contains("project_data, nexus_result, scoring_result"))  // nexus given directly
        #expect(whole.contains("29 novembre 2026 à"))
        // glossary
        for term in ["FAIH", "δ (delta)", "2SE", "2SD", "ε (epsilon)", "Rayleigh", "LD / LQ", "VPDB", "V-CDT", "MC-ICP-MS", "TIMS", "IRMS"] {
            #expect(whole.contains(term), "glossary: \(term)")
        }
        #expect(whole.contains("I (interprété)"))
    }

    @Test func englishReportUsesEnglishNumbersAndSources() throws {
        let context = try context(.en, nexusSession: 3)
        let (whole, _) = try render(context)
        #expect(whole.contains("The report covers 53 samples"))
        #expect(whole.contains("SED-VN-04 ↔ GAL-PRADAL-01: score 0.970 (full compatibility)"))
        #expect(whole.contains("−20.0 ± 1.0 ‰ VPDB (2σ)"))
        #expect(whole.contains("Nexus session 3 of workflows.db"))
        #expect(whole.contains("Source: IsoFind samples database (isofind.db)") || whole.contains("Source: sample_isotope table"))
        #expect(whole.range(of: #"not detected \(< LOD [\d.]+ µg/L\)"#, options: .regularExpression) != nil)
        #expect(whole.contains("61 above it"))
        #expect(whole.contains("NON-COMPLIANT"))
        #expect(whole.contains("Receptor matrix"))
        #expect(whole.contains("FNV-1a 64-bit: "))
        #expect(whole.contains("it is not a signature") || whole.contains("It is not a signature"))
        #expect(whole.contains("29 November 2026, "))
        #expect(!whole.contains("nexus_result,"))  // it came from the session
        #expect(whole.contains("I (interpreted)"))
        #expect(!whole.contains("Sommaire") && !whole.contains("Échantillons par matrice"))
    }

    @Test func missingDataIsSaidAndWarned() throws {
        // Samples without any measurement, no project data, no scoring, no Nexus.
        let bare = Self.allSamples.prefix(4).map {
            Sample(id: $0.id, name: $0.name, classificationRaw: $0.classificationRaw, matrix: $0.matrix, sector: $0.sector)
        }
        for language in [Language.fr, .en] {
            let context = try context(language, request: #"{"project": "Vallée du Gardon — suivi 2026"}"#, samples: bare)
            let (whole, warnings) = try render(context)
            let expectations: [(BlockKey, Localized)] = [
                (.projectContext, ProjectContext.project.missing),
                (.projectContext, ProjectContext.project.noCoordinates),
                (.analyticalMethods, BlockSupport.noIsotopes),
                (.qualityControl, BlockSupport.noIsotopes),
                (.pollutantInventory, PollutantInventory.pollutants.missing),
                (.regulatoryCompliance, RegulatoryCompliance.compliance.missing),
            ]
            for (block, message) in expectations {
                #expect(whole.contains(message[language]), "\(block): \(message[language])")
                #expect(warnings.contains { $0.block == block && $0.message == message[language] }, "warning \(block)")
            }
            #expect(whole.contains(ExecutiveSummary.summary.noScoring[language]))
            #expect(whole.contains(ExecutiveSummary.summary.noNexus[language]))
            #expect(whole.contains("Vallée du Gardon — suivi 2026"))
            // The summary lists the warnings of every other block (it is built after them).
            #expect(whole.contains(language == .fr ? "6 avertissements relevés" : "6 warnings recorded"))
        }
    }

    @Test func noSamplesAtAll() throws {
        let context = try context(.en, samples: [])
        let (whole, warnings) = try render(context, [.projectContext, .matrixRelevance, .glossary, .dataProvenance])
        #expect(whole.contains("No sample matches this report's selection."))
        #expect(whole.contains("Syndicat mixte des Gardons"))  // the project part still shows
        #expect(warnings.contains { $0.block == .matrixRelevance })
        #expect(whole.contains("FAIH"))
    }

    @Test func matrixPairsWithoutVerdictBecomeWarnings() throws {
        let samples = [
            Sample(id: 1, name: "GAS-01", classificationRaw: "source", matrix: "soil gas"),
            Sample(id: 2, name: "SOIL-01", classificationRaw: "fille", matrix: "soil"),
            Sample(id: 3, name: "MOON-01", classificationRaw: "daughter", matrix: "moon dust"),
            Sample(id: 4, name: "NOMAT-01", classificationRaw: "daughter"),
        ]
        let context = try context(.en, samples: samples)
        let (whole, warnings) = try render(context, [.executiveSummary, .matrixRelevance, .limitations])
        #expect(whole.contains("2 pairs examined: 0 relevant, 1 not relevant, 1 without a defined verdict"))
        let messages = warnings.filter { $0.block == .matrixRelevance }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("Comparing the matrices “soil gas” and “soil” is not relevant under the matrix rules: Not comparable directly") })
        #expect(messages.contains { $0.hasPrefix("No relevance verdict is defined for the matrices “soil gas” and “moon dust”") })
        #expect(messages.contains("1 sample without a matrix, left out of the relevance check."))
        // The limitations block (after) repeats them.
        #expect(whole.contains("is not relevant under the matrix rules"))

        // Without classification: every pair of the matrices present.
        let unclassified = [Sample(id: 1, name: "A", matrix: "water"), Sample(id: 2, name: "B", matrix: "soil"),
                            Sample(id: 3, name: "C", matrix: "ore")]
        let french = try self.context(.fr, samples: unclassified)
        let (text, frenchWarnings) = try render(french, [.matrixRelevance])
        #expect(text.contains("3 couples examinés : 3 pertinents, 0 non pertinent, 0 sans verdict défini"))
        #expect(text.contains("Matrice A"))
        #expect(frenchWarnings.isEmpty)
    }

    @Test func outliersFollowTheDocumentedRule() throws {
        let values = [0.7100, 0.7101, 0.7102, 0.7101, 0.7100, 0.7300]
        let samples = values.enumerated().map { index, value in
            Sample(id: index + 1, name: "R-\(index + 1)", classificationRaw: "fille", matrix: "water",
                   isotopes: [IsotopeMeasurement(id: 100 + index, sampleID: index + 1, element: "Sr", system: "87Sr/86Sr", ratio: value,
                                                 ratio2SE: 0.00001, standard: "NIST SRM 987", instrument: "TIMS Thermo Triton Plus",
                                                 sessionDate: "2026-04-1\(index)")])
        }
        let context = try context(.en, request: "{}", samples: samples)
        let (whole, _) = try render(context, [.qualityControl, .analyticalMethods])
        #expect(whole.contains("1 value flagged in 1 group examined."))
        #expect(whole.contains("R-6"))
        #expect(whole.contains("2026-04-10 – 2026-04-15 (6 dates)"))
        #expect(whole.contains("2SE / ratio (ppm)"))
    }

    @Test func fingerprintIsFNV1a64() {
        #expect(DataProvenance.fnv1a64("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(DataProvenance.fnv1a64("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(DataProvenance.fnv1a64("foobar".utf8) == 0x8594_4171_f739_67e8)
        let samples = Array(Self.allSamples.prefix(3))
        #expect(DataProvenance.inputFingerprint(samples) == DataProvenance.inputFingerprint(samples))
        #expect(DataProvenance.inputFingerprint(samples) != DataProvenance.inputFingerprint(Array(samples.prefix(2))))
        #expect(DataProvenance.inputFingerprint(samples).count == 16)
    }

    @Test func largeSelectionsStayFast() throws {
        // 2 000 samples (the demo set repeated with new ids).
        var many: [Sample] = []
        for round in 0..<38 {
            for sample in Self.allSamples {
                var copy = sample
                copy.id = round * 1000 + sample.id
                copy.name = sample.name + "-\(round)"
                many.append(copy)
            }
        }
        let context = try context(.en, samples: many)
        let start = Date()
        let output = try IsoFindReportTests.render([.executiveSummary, .projectContext, .analyticalMethods, .qualityControl,
                                                    .matrixRelevance, .glossary, .dataProvenance], context)
        #expect(output.pageCount < 120)
        #expect(Date().timeIntervalSince(start) < 20)
    }
}
