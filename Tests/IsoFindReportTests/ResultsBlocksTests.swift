import Foundation
import GRDB
import IsoFindDemoData
import IsoFindDomain
import IsoFindJSON
import IsoFindStore
import PDFTestSupport
import Testing
@testable import IsoFindReport

/// The result blocks (scoring, automatic context, Nexus, interpretation, simulations, scenarios,
/// cross-sections, certification) rendered from the demo databases and realistic request dicts,
/// read back with pdftotext.
@Suite struct ResultsBlocksTests {
    static let demo: (folder: URL, summary: DemoDataSummary) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-results-\(UUID().uuidString)")
        let summary = try! DemoData.write(to: folder)
        return (folder, summary)
    }()

    static let samples: [Sample] = try! SamplesReader(path: demo.summary.samplesDatabase).samples(.all)

    /// A Nexus session's `result_json`, as stored in the demo sessions database.
    static func sessionJSON(_ id: Int) throws -> String {
        let queue = try DatabaseQueue(path: demo.summary.sessionsDatabase)
        return try queue.read { db in
            try String.fetchOne(db, sql: "SELECT result_json FROM nexus_sessions WHERE id = ?", arguments: [id])!
        }
    }

    static let scoring = #"""
    {"algorithm": "Mahalanobis multi-isotope (Pb, Sr)", "threshold": 0.8, "matches": [
      {"sample_id": 12, "sample_name": "SED-S03-2026-05", "reference": "ORE-GAL-01", "reference_matrix": "ore", "score": 0.934, "class": "full",
       "ratios": [{"system": "206Pb/204Pb", "compatible": true, "z": 0.41}, {"system": "208Pb/206Pb", "compatible": true, "z": -0.87}]},
      {"sample_id": 12, "sample_name": "SED-S03-2026-05", "reference": "SLG-C01-2026-03", "reference_matrix": "slag", "score": 0.412, "class": "partial",
       "ratios": [{"system": "206Pb/204Pb", "compatible": true, "z": 1.62}, {"system": "208Pb/206Pb", "compatible": false, "z": 2.71}]},
      {"sample_name": "SED-S03-2026-05", "reference": "SOL-REF-01-2026-03", "reference_matrix": "soil", "score": 0.021, "class": "incompatible",
       "ratios": [{"system": "206Pb/204Pb", "compatible": false, "z": 4.9}]},
      {"sample_name": "SW-S04-2026-04", "reference": "SW-DM1-2026-04", "reference_matrix": "water", "score": 0.957, "class": "full",
       "ratios": [{"system": "87Sr/86Sr", "compatible": true, "z": 0.3}]}
    ]}
    """#

    static let autoContext = #"""
    {"element": "Zn", "source": "ml_speciation", "conditions": {"pH": 6.8, "Eh_mV": 320, "temperature_c": 12.5, "ionic_strength": 0.0042},
     "species": [{"name": "Zn2+", "fraction": 0.71}, {"name": "ZnSO4(aq)", "fraction": 0.19}, {"name": "ZnHCO3+", "fraction": 0.07}, {"name": "ZnOH+", "fraction": 0.03}],
     "dominant": "Zn2+", "confidence": 0.86}
    """#

    static let csia = #"""
    {"type": "csia", "compound": "TCE", "element": "C", "epsilon": -13.0, "delta0": -27.8, "half_life_days": 240,
     "points": [{"f": 1.0, "delta": -27.8}, {"f": 0.8, "delta": -24.9}, {"f": 0.6, "delta": -21.2}, {"f": 0.4, "delta": -15.9}, {"f": 0.2, "delta": -6.9}, {"f": 0.1, "delta": 2.1}],
     "metabolites": [{"name": "cis-DCE", "fraction": 0.62}, {"name": "Chlorure de vinyle", "fraction": 0.11}],
     "redox": {"pH": 7.1, "boundary_pe": 4.2, "points": [{"pe": -4, "reduced_fraction": 1.0}, {"pe": 0, "reduced_fraction": 0.99}, {"pe": 2, "reduced_fraction": 0.9}, {"pe": 4.2, "reduced_fraction": 0.5}, {"pe": 6, "reduced_fraction": 0.1}, {"pe": 10, "reduced_fraction": 0.0}]},
     "plume": {"max_extent_m": 1250, "max_concentration": 845.5, "unit": "µg/L", "duration_days": 3650}}
    """#

    static let scenarios = #"""
    [{"id": "s1", "label": "Référence", "ts": "2026-10-01T09:00:00Z", "meta": {"recharge_mm": 250, "k_m_s": 0.0003, "source_kg": 120, "biodegradation": true, "model": "MT3DMS"}},
     {"id": "s2", "label": "Recharge faible", "ts": "2026-10-02T09:00:00Z", "meta": {"recharge_mm": 120, "k_m_s": 0.0003, "source_kg": 120, "biodegradation": true, "model": "MT3DMS"}},
     {"id": "s3", "label": "Sans biodégradation", "ts": "2026-10-03T09:00:00Z", "meta": {"recharge_mm": 250, "k_m_s": 0.0003, "source_kg": 120, "biodegradation": false, "model": "MT3DMS"}}]
    """#

    /// A 240 × 100 PNG: three coloured layers cut by dark lines.
    static let section = "iVBORw0KGgoAAAANSUhEUgAAAPAAAABkCAIAAAA3wCqQAAABkUlEQVR42u3SMQ3AMBAEQcN5OK4NIrWRuDYIgwisKEWKFA/gpZEOwOo0LSLuM2tNs+ZszdGagXa0ZqDh0Aw0HJqB1gy0ozUD7WjNQMOhGWg4NAOtGWhHawba0ZqBhkMz0HBoBloz0I7WDLSjNQMNh2agNWsGWjPQjtYMtKM1Aw2HZqA1awZaM9CO1gy0ozUDDYdmoDVr/oNes9eaZs3ZgNYMtKM1Aw2HZqDh0Ay0ZqAdrRloR2sGGg7NQMOhGWjNQDtaM9CO1gw0HJqBhkMz0JqBdrRmoB2tGWg4NAMNh2agNQPtaM1AO1oz0HBoBlqzZqA1A+1ozUA7WjPQcGgGWrNmoDUD7WjNQDtaM9BwaAZas+YP9Lh2rWnWnA1ozUA7WjPQcGgGGg7NQGsG2tGagXa0ZqDh0Aw0HJqB1gy0ozUD7WjNQMOhGWg4NAOtGWhHawba0ZqBhkMz0HBoBloz0I7WDLSjNQMNh2agNWsGWjPQjtYMtKM1Aw2HZqA1awZaM9CO1gy0ozUDDYdmoDVrfvcAw/lEqQ6ULpQAAAAASUVORK5CYII="

    func context(_ language: Language, _ json: String, reference: ReportContext.Reference = .report(id: 42),
                 sessionID: Int? = nil, mode: ReportMode = .expert, samples: [Sample]? = nil,
                 unavailable: [ReportContext.DataSource: String] = [:],
                 certification: ReportContext.Certification? = ResultsBlocksTests.certification) throws -> ReportContext {
        let inputs = try readInputs(json)
        return ReportContext(language: language, title: language == .fr ? "Résultats du Valat Nègre" : "Valat Nègre results",
                             mode: mode, reference: reference, generatedAt: 1_795_947_300, licence: .pro,
                             sources: .init(samplesDatabase: Self.demo.summary.samplesDatabase, nexusSessionID: sessionID, softwareVersion: "0.1.0"),
                             samples: samples ?? Self.samples, inputs: inputs,
                             branding: .init(organizationName: "Laboratoire Cévenol d'Isotopie"), matrices: .default,
                             unavailable: unavailable, certification: reference == .preview ? nil : certification)
    }

    static let certification = ReportContext.Certification(
        subject: "CN=Laboratoire Cévenol d'Isotopie (IsoFind Reports),O=Laboratoire Cévenol d'Isotopie",
        certificateSHA256: "5f1c0e9a7b3d4c2e8a6f0b1d3c5e7a9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c", algorithm: "ECDSA P-256 with SHA-256")

    /// Set ISOFIND_TEST_ARTEFACTS to a folder to keep the named PDFs for a look (`Poppler.keepForALook`).

    /// The report's text and its warnings.
    func render(_ blocks: [BlockKey], _ context: ReportContext, name: String? = nil) throws -> (String, [ReportWarning]) {
        let output = try IsoFindReportTests.render(blocks, context)
        #expect(output.overflowCount == 0)
        if let name { Poppler.keepForALook(output.bytes, name: name) }
        // Both the layout text (lines as on the page) and the raw text (each table cell or box in
        // one piece), so that wrapped cells can be checked too.
        return (try [["-layout"], ["-raw"]].map { try Poppler.text(output.bytes, $0) }.joined(separator: "\n\u{1E}\n"), output.warnings)
    }

    /// pdftotext -layout may break a long sentence over lines and pad with spaces: compare with
    /// runs of white space collapsed.
    func flat(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{00A0}" || $0 == "\u{202F}" }).joined(separator: " ")
    }

    func contains(_ whole: String, _ piece: String) -> Bool { flat(whole).contains(flat(piece)) }

    // MARK: - Full reports

    @Test(arguments: [Language.fr, .en])
    func resultsReportFromSession3(_ language: Language) throws {
        let session = try Self.sessionJSON(3)
        let json = #"{"nexus_result": \#(session), "scoring_result": \#(Self.scoring), "auto_context_result": \#(Self.autoContext)}"#
        let context = try context(language, json, sessionID: 3)
        let (whole, warnings) = try render([.scoringMatches, .autoContext, .nexusProcesses, .nexusChain, .interpretation, .certification, .limitations],
                               context, name: "results-\(language.rawValue)")
        let fr = language == .fr
        // scoring_matches
        for name in ["SED-S03-2026-05", "ORE-GAL-01", "SLG-C01-2026-03", "SW-DM1-2026-04"] { #expect(whole.contains(name), "\(name)") }
        #expect(contains(whole, fr ? "Algorithme : Mahalanobis multi-isotope (Pb, Sr) · seuil : 0,8" : "Algorithm: Mahalanobis multi-isotope (Pb, Sr) · threshold: 0.8"))
        #expect(whole.contains(fr ? "0,957" : "0.957"))
        #expect(whole.contains(fr ? "complète" : "full"))
        #expect(whole.contains(fr ? "partielle" : "partial"))
        #expect(whole.contains("²⁰⁸Pb/²⁰⁶Pb ✗"))
        #expect(whole.contains(fr ? "(z = 2,71)" : "(z = 2.71)"))
        #expect(contains(whole, fr ? "Source : résultat de scoring fourni avec la requête" : "Source: scoring result provided with the request"))
        // The best match (0.957) is ranked first.
        let first = try #require(whole.range(of: "SW-DM1-2026-04")), second = try #require(whole.range(of: "ORE-GAL-01"))
        #expect(first.lowerBound < second.lowerBound)
        // auto_context
        #expect(whole.contains("Zn²⁺"))
        #expect(whole.contains(fr ? "71,0 %" : "71.0%") || whole.contains(fr ? "71,0\u{202F}%" : "71.0%"))
        #expect(contains(whole, fr ? "spéciation par apprentissage automatique (ML)" : "machine-learning (ML) speciation"))
        #expect(whole.contains(fr ? "0,0042" : "0.0042"))
        #expect(contains(whole, fr ? "Source : contexte géochimique automatique fourni avec la requête" : "Source: automatic geochemical context provided with the request"))
        // nexus_processes and nexus_chain: session 3 (sulfate reduction, mass balance not verified)
        let nexus = NexusResult(lenient: try #require(LenientObject(try JSONParser.parse(Array(session.utf8)))))
        for process in nexus.processes ?? [] { #expect(contains(whole, process.name!), "\(process.name!)") }
        #expect(contains(whole, fr ? "Source : session Nexus n° 3 de workflows.db." : "Source: Nexus session 3 of workflows.db."))
        #expect(contains(whole, fr ? "Bilan de masse non vérifié" : "Mass balance not verified"))
        // The unverified mass balance is one warning, given by the first block that shows it.
        let verdictWarnings = warnings.filter { $0.message.contains(fr ? "n'est pas vérifié" : "is not verified") }
        #expect(verdictWarnings.map(\.block) == [.nexusProcesses])
        #expect(whole.contains("δ³⁴S"))
        #expect(contains(whole, fr ? "Correspondances avec la signature prédite" : "Matches with the predicted signature"))
        // interpretation: statements with their sources
        #expect(contains(whole, fr ? "[résultat de scoring]" : "[scoring result]"))
        #expect(contains(whole, fr ? "[session Nexus n° 3]" : "[Nexus session 3]"))
        #expect(contains(whole, fr ? "[contexte géochimique automatique]" : "[automatic geochemical context]"))
        #expect(contains(whole, fr ? "est compatible avec une contribution de SW-DM1-2026-04" : "is compatible with a contribution from SW-DM1-2026-04"))
        #expect(contains(whole, fr ? "2 des 4 paires évaluées sont de classe complète." : "2 of the 4 pairs assessed are full matches."))
        // certification (final report): who signs, the fingerprint, the report, when, how to verify
        #expect(contains(whole, fr ? "Rapport n° 42" : "Report 42"))
        #expect(contains(whole, "CN=Laboratoire Cévenol d'Isotopie (IsoFind Reports),O=Laboratoire Cévenol d'Isotopie"))
        #expect(whole.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "").contains(Self.certification.certificateSHA256))
        #expect(contains(whole, "ECDSA P-256 with SHA-256"))
        #expect(contains(whole, fr ? "Signé le" : "Signed on"))
        #expect(contains(whole, fr ? "porte une signature électronique de certification" : "carries an electronic certification signature"))
        #expect(whole.contains("pdfsig"))
        #expect(contains(whole, "POST /api/reports/verify"))
        #expect(contains(whole, fr ? "Ce qu'elle ne prouve pas" : "What it does not prove"))
        // No no-data warning for blocks that had their data.
        #expect(!warnings.contains { $0.block == .scoringMatches || $0.block == .autoContext || $0.block == .interpretation })
    }

    @Test(arguments: [Language.fr, .en])
    func verifiedSessionHasNoVerdictWarning(_ language: Language) throws {
        let context = try context(language, #"{"nexus_result": \#(try Self.sessionJSON(1))}"#, sessionID: 1)
        let (whole, warnings) = try render([.nexusProcesses, .nexusChain, .interpretation], context)
        #expect(contains(whole, language == .fr ? "Bilan de masse vérifié" : "Mass balance verified"))
        #expect(whole.contains("δ¹³C-TCE"))
        #expect(whole.contains("GW-P01-2026-04"))
        #expect(contains(whole, language == .fr ? "−13,0 ± 1,5 ‰" : "−13.0 ± 1.5 ‰"))
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func nexusResultFromTheRequestNamesTheRequest() throws {
        let context = try context(.en, #"{"nexus_result": \#(try Self.sessionJSON(4))}"#)
        let (whole, _) = try render([.nexusProcesses], context)
        #expect(contains(whole, "Source: Nexus result provided with the request."))
        #expect(whole.contains("⁸⁷Sr/⁸⁶Sr"))
    }

    @Test(arguments: [Language.fr, .en])
    func simulationReport(_ language: Language) throws {
        let json = #"{"simulation_result": \#(Self.csia), "scenarios": \#(Self.scenarios), "snapshots": {"section": [{"image": "\#(Self.section)", "caption": "Coupe AA' — panache de TCE"}, "\#(Self.section)"]}}"#
        let context = try context(language, json)
        let (whole, warnings) = try render([.simCSIA, .simRedox, .simPlume, .scenarioComparison, .crossSections, .interpretation], context,
                               name: "simulation-\(language.rawValue)")
        let fr = language == .fr
        // sim_csia
        #expect(whole.contains("δ¹³C-TCE (‰)"))
        #expect(contains(whole, fr ? "−13 ‰" : "−13 ‰"))
        #expect(contains(whole, fr ? "−27,8 ‰" : "−27.8 ‰"))
        #expect(contains(whole, fr ? "240 jours" : "240 days"))
        #expect(contains(whole, fr ? "Calculé ici : δ = δ₀ + ε·ln f" : "Computed here: δ = δ₀ + ε·ln f"))
        #expect(whole.contains("cis-DCE"))
        #expect(whole.contains(fr ? "62,0" : "62.0"))
        #expect(contains(whole, fr ? "Source : résultat de simulation fourni avec la requête" : "Source: simulation result provided with the request"))
        // sim_redox
        #expect(contains(whole, fr ? "limite pe = 4,2" : "boundary pe = 4.2"))
        #expect(whole.contains(fr ? "7,1" : "7.1"))
        // sim_plume
        #expect(contains(whole, fr ? "1 250 m" : "1,250 m"))
        #expect(contains(whole, fr ? "845,5 µg/L" : "845.5 µg/L"))
        #expect(contains(whole, fr ? "3 650 jours" : "3,650 days"))
        #expect(contains(whole, fr ? "Source : chiffres clés du résultat de simulation" : "Source: key figures of the simulation result"))
        // scenario_comparison: the differing values are marked
        for label in ["Référence", "Recharge faible", "Sans biodégradation"] { #expect(contains(whole, label)) }
        #expect(whole.contains("≠ 120"))
        #expect(whole.contains(fr ? "≠ non" : "≠ no"))
        #expect(!whole.contains("≠ MT3DMS"))
        #expect(contains(whole, fr ? "Source : scénarios fournis avec la requête" : "Source: scenarios provided with the request"))
        // cross_sections
        #expect(contains(whole, fr ? "Coupe 1 — Coupe AA' — panache de TCE. Source : image fournie avec la requête (snapshots.section)."
                                   : "Section 1 — Coupe AA' — panache de TCE. Source: image provided with the request (snapshots.section)."))
        #expect(contains(whole, fr ? "Coupe 2. Source : image fournie avec la requête" : "Section 2. Source: image provided with the request"))
        // interpretation from a simulation only
        #expect(contains(whole, fr ? "[résultat de simulation]" : "[simulation result]"))
        #expect(warnings.isEmpty, "\(warnings)")
    }

    // MARK: - No data

    @Test(arguments: [Language.fr, .en])
    func missingDataIsSaidAndWarned(_ language: Language) throws {
        let context = try context(language, #"{}"#)
        let keys: [BlockKey] = [.scoringMatches, .autoContext, .nexusProcesses, .nexusChain, .interpretation, .scenarioComparison, .crossSections,
                    .simCSIA, .simRedox, .simPlume]
        let (whole, warnings) = try render(keys + [.limitations], context)
        let expected: [BlockKey: Localized] = [
            .scoringMatches: ScoringMatches.noScoring, .autoContext: AutoContext.noAutoContext, .nexusProcesses: NexusText.noNexus,
            .nexusChain: NexusText.noNexus, .interpretation: Interpretation.noResult, .scenarioComparison: ScenarioComparison.noScenario,
            .crossSections: CrossSections.noSection, .simCSIA: ResultText.noSimulation, .simRedox: ResultText.noSimulation,
            .simPlume: ResultText.noSimulation,
        ]
        for key in keys {
            let message = expected[key]![language]
            #expect(contains(whole, message), "\(key)")
            #expect(warnings.contains { $0.block == key && $0.message == message }, "\(key)")
        }
        #expect(contains(whole, language == .fr ? "Aucun résultat Nexus n'a été fourni pour ce rapport." : "No Nexus result was provided for this report."))
    }

    @Test func redoxResultInCSIABlockAndEmptyPartsAreSaid() throws {
        let json = #"{"simulation_result": {"type": "redox", "redox": {"pH": 7, "boundary_pe": 3, "points": []}}, "scoring_result": {"algorithm": "x", "matches": []}}"#
        let context = try context(.en, json)
        let (whole, warnings) = try render([.simCSIA, .simRedox, .simPlume, .scoringMatches], context)
        for (key, message) in [(BlockKey.simCSIA, SimCSIA.simulationIsRedox), (.simRedox, SimRedox.noRedoxPoints),
                               (.simPlume, SimPlume.noPlume), (.scoringMatches, ScoringMatches.noScoringMatch)] {
            #expect(contains(whole, message[.en]), "\(key)")
            #expect(warnings.contains { $0.block == key && $0.message == message[.en] }, "\(key)")
        }
    }

    @Test(arguments: [Language.fr, .en])
    func matchesOfSamplesOutsideTheSelectionAreSaid(_ language: Language) throws {
        // The report holds only the Gardon surface waters; the scoring result also names a sediment.
        let waters = Self.samples.filter { $0.name.hasPrefix("SW-") }
        let context = try context(language, #"{"scoring_result": \#(Self.scoring)}"#, samples: waters)
        let (whole, warnings) = try render([.scoringMatches], context)
        let outside = ScoringMatches.samplesOutsideSelection(context.inputs.scoringResult!.ranked, blockContext(.scoringMatches, context))
        #expect(outside == ["SED-S03-2026-05"])
        #expect(warnings.contains { $0.block == .scoringMatches && $0.message.contains("SED-S03-2026-05") })
        #expect(contains(whole, language == .fr ? "absents de la sélection de ce rapport" : "not in this report's selection"))
        // With every sample selected, nothing is said.
        let all = try self.context(language, #"{"scoring_result": \#(Self.scoring)}"#)
        let (_, allWarnings) = try render([.scoringMatches], all)
        #expect(allWarnings.isEmpty)
    }

    @Test(arguments: [Language.fr, .en])
    func previewCertificationSaysPreviewsAreNotSigned(_ language: Language) throws {
        let context = try context(language, #"{}"#, reference: .preview)
        let (whole, _) = try render([.certification], context)
        #expect(contains(whole, language == .fr ? "les aperçus ne sont jamais signés" : "previews are never signed"))
        #expect(!whole.contains("pdfsig"))
    }

    @Test(arguments: [Language.fr, .en])
    func finalReportOfAnInstallationThatDoesNotSignSaysSo(_ language: Language) throws {
        let context = try context(language, #"{}"#, certification: nil)
        let (whole, _) = try render([.certification], context)
        #expect(contains(whole, language == .fr ? "ce rapport ne porte aucune signature électronique" : "this report carries no electronic signature"))
        #expect(!whole.contains("pdfsig"))
        #expect(!contains(whole, language == .fr ? "Signé le" : "Signed on"))
    }

    @Test func largeScoringResultStaysFast() throws {
        let matches = (0..<2_000).map { i in
            #"{"sample_name": "R-\#(i)", "reference": "REF-\#(i % 40)", "reference_matrix": "soil", "score": \#(Double(i % 997) / 997), "class": "\#(i % 3 == 0 ? "full" : "partial")", "ratios": [{"system": "87Sr/86Sr", "compatible": true, "z": 0.5}]}"#
        }
        let context = try context(.en, #"{"scoring_result": {"algorithm": "a", "threshold": 0.5, "matches": [\#(matches.joined(separator: ","))]}}"#)
        let start = Date()
        let (whole, _) = try render([.scoringMatches], context)
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(contains(whole, "The chart shows the 30 best scores out of 2,000"))
        // None of these receptors is a sample of the report: ten are named, the others counted.
        #expect(contains(whole, "and 1,990 more"))
    }
}
