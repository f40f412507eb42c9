import Foundation
import IsoFindDemoData
import IsoFindDomain
import IsoFindStore
import PDFTestSupport
import Testing
@testable import IsoFindReport

/// The geochemistry blocks (δ–δ plot, statistics, elemental data, physico-chemistry, profiles,
/// raw-data annex) and the sample map, rendered from the demo databases and read back with pdftotext.
@Suite struct GeochemBlocksTests {
    static let demo: (folder: URL, summary: DemoDataSummary) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-geochem-\(UUID().uuidString)")
        let summary = try! DemoData.write(to: folder)
        return (folder, summary)
    }()

    static let blocks: [BlockKey] = [.sampleMap, .deltaDeltaPlot, .descriptiveStatistics, .elementalData, .physicochemistry,
                                     .verticalProfiles, .annexRawData, .limitations]

    /// A 1 × 1 PNG.
    static let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    static func demoSamples() throws -> [Sample] {
        try SamplesReader(path: demo.summary.samplesDatabase).samples(.all)
    }

    func context(_ language: Language, samples: [Sample]? = nil, inputs json: String = #"{"project_data": {"name": "Démonstration"}}"#,
                 matrices: MatrixConfiguration = .default, unavailable: [ReportContext.DataSource: String] = [:]) throws -> ReportContext {
        let all = try samples ?? Self.demoSamples()
        let inputs = try readInputs(json)
        return ReportContext(language: language, title: language == .fr ? "Géochimie du Valat Nègre" : "Geochemistry of the Valat Nègre",
                             mode: .expert, reference: .report(id: 7), generatedAt: 1_795_947_300, licence: .pro,
                             sources: .init(samplesDatabase: Self.demo.summary.samplesDatabase, nexusSessionID: nil, softwareVersion: "0.1.0"),
                             samples: all, inputs: inputs, branding: .init(organizationName: "Laboratoire Cévenol d'Isotopie"),
                             matrices: matrices, unavailable: unavailable)
    }

    func text(_ bytes: [UInt8], raw: Bool = false) throws -> String {
        Poppler.keepForALook(bytes, name: "geochem-\(bytes.count)")
        // Normalise the no-break spaces so that assertions read plainly.
        return try Poppler.text(bytes, [raw ? "-raw" : "-layout"]).replacingOccurrences(of: "\u{202F}", with: " ")
            .replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    func matches(_ text: String, _ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }

    @Test func frenchReportShowsEveryBlockWithFrenchNumbersAndSources() throws {
        let context = try context(.fr)
        let output = try render(Self.blocks, context)
        let whole = try text(output.bytes)
        #expect(output.overflowCount == 0)
        for heading in ["Carte des échantillons", "Diagramme", "Statistiques descriptives", "Données élémentaires", "Paramètres physico-chimiques",
                        "Profils verticaux", "Annexe"] {
            #expect(whole.contains(heading), "heading \(heading)")
        }
        // Every value names its source.
        let flat = try text(output.bytes, raw: true).replacingOccurrences(of: "\n", with: " ")
        #expect(flat.components(separatedBy: "Source : base d'échantillons IsoFind (isofind.db)").count - 1 >= 7)
        // Map: graticule in French degrees, scale bar, caption.
        #expect(matches(whole, #"44,\d+° N"#))
        #expect(matches(whole, #"3,\d+° E"#))
        #expect(matches(whole, #"\d+ (k?m)"#))
        #expect(whole.contains("échantillons positionnés"))
        #expect(whole.contains("Sources") && whole.contains("Filles"))  // the map legend, as every figure names them
        // δ–δ plot: the pair measured together on most samples (Pb–Pb, 41 samples).
        #expect(whole.contains("²⁰⁶Pb/²⁰⁴Pb en abscisse, ²⁰⁸Pb/²⁰⁶Pb en ordonnée : 41 échantillons"))
        // Statistics: French decimals, δ in ‰.
        for word in ["Moyenne", "Écart-type", "Médiane", "filles", "δ¹³C", "⁸⁷Sr/⁸⁶Sr"] {
            #expect(whole.contains(word), "statistics \(word)")
        }
        #expect(matches(whole, #"−\d+,\d{2} ‰"#))
        #expect(matches(whole, #"0,7\d{5}"#))
        // Elemental data: value ± U with unit, below-LOD with its LOD, method key.
        #expect(matches(whole, #"\d+,?\d* ± \d+,?\d* (µg/L|mg/kg)"#))
        #expect(matches(whole, #"< LD \(\d+,?\d* (µg/L|mg/kg|mg/L|%)\)"#))
        #expect(whole.contains("Méthodes"))
        #expect(whole.contains("ICP-MS"))
        // Physico-chemistry: localized names and French numbers.
        for name in ["Température (°C)", "Conductivité (µS/cm)", "Oxygène dissous (mg/L)", "Eh (mV)", "Profondeur (m)"] {
            #expect(whole.contains(name), "physico \(name)")
        }
        #expect(matches(whole, #"\d,\d+ ± 0,\d+"#))
        // Annex: raw values with a decimal point, NULLs, database column names.
        #expect(whole.contains("sample_isotope"))
        #expect(matches(whole, #"0\.7\d{4,}"#))
        #expect(whole.contains("NULL"))
        for sample in context.samples { #expect(whole.contains(sample.name), "sample \(sample.name)") }
        // The demo data need no warning from these blocks.
        let mine = Set(Self.blocks)
        #expect(output.warnings.filter { $0.block.map(mine.contains) == true }.isEmpty, "\(output.warnings)")
    }

    @Test func englishReportUsesEnglishEverywhere() throws {
        let context = try context(.en)
        let output = try render(Self.blocks, context)
        let whole = try text(output.bytes)
        #expect(output.overflowCount == 0)
        #expect(whole.contains("Source: IsoFind samples database (isofind.db)"))
        #expect(matches(whole, #"44\.\d+° N"#))
        #expect(whole.contains("²⁰⁶Pb/²⁰⁴Pb on the x axis, ²⁰⁸Pb/²⁰⁶Pb on the y axis: 41 samples"))
        for word in ["Mean", "Median", "receptors", "Temperature (°C)", "Dissolved oxygen (mg/L)", "Depth (m)", "Methods"] {
            #expect(whole.contains(word), "english \(word)")
        }
        #expect(matches(whole, #"< LOD \(\d+\.?\d* (µg/L|mg/kg|mg/L|%)\)"#))
        #expect(matches(whole, #"\d\.\d+ ± 0\.\d+"#))
        #expect(matches(whole, #"−\d+\.\d{2} ‰"#))
        for french in ["Moyenne", "Température", "Profondeur", "Source :"] { #expect(!whole.contains(french), "french \(french)") }
    }

    @Test func missingDataIsSaidAndWarned() throws {
        let bare = try Self.demoSamples().prefix(5).map { sample -> Sample in
            var s = sample
            s.isotopes = []
            s.geochem = []
            s.physico = []
            s.molecules = []
            s.latitude = nil
            return s
        }
        let context = try context(.en, samples: bare)
        let output = try render(Self.blocks, context)
        let whole = try text(output.bytes, raw: true)
        let expected: [(BlockKey, String)] = [
            (.sampleMap, "No sample of this report has coordinates: the map cannot be drawn."),
            (.deltaDeltaPlot, "The δ–δ plot needs at least two isotope systems measured on the same sample; the data of this report do not provide them."),
            (.descriptiveStatistics, "No isotope measurement is available for the samples of this report."),
            (.elementalData, "No elemental concentration is available for the samples of this report."),
            (.physicochemistry, "No physico-chemical measurement is available for the samples of this report."),
            (.verticalProfiles, "No physico-chemical or isotope measurement of this report's samples has a depth."),
            (.annexRawData, "No measurement is available for the samples of this report."),
        ]
        let flat = whole.replacingOccurrences(of: "\n", with: " ")
        for (block, message) in expected {
            #expect(flat.contains(message), "PDF: \(message)")
            #expect(output.warnings.contains { $0.block == block && $0.message == message }, "warning \(block)")
        }
        #expect(flat.contains("5 samples without coordinates: "))
        for sample in bare { #expect(whole.replacingOccurrences(of: "\n", with: "").contains(sample.name)) }

        // No sample at all.
        let empty = try self.context(.fr, samples: [])
        let emptyOutput = try render(Self.blocks, empty)
        for block in Self.blocks where block != .limitations {
            #expect(emptyOutput.warnings.contains { $0.block == block }, "no samples: \(block)")
        }
    }

    @Test func oneIsotopeSystemIsNotEnoughForTheDeltaPlot() throws {
        let samples = try Self.demoSamples().map { sample -> Sample in
            var s = sample
            s.isotopes = s.isotopes.filter { $0.system == "87Sr/86Sr" }
            return s
        }
        let context = try context(.fr, samples: samples)
        let output = try render([.deltaDeltaPlot, .descriptiveStatistics], context)
        let whole = try text(output.bytes, raw: true).replacingOccurrences(of: "\n", with: " ")
        #expect(whole.contains("Le diagramme δ–δ demande au moins deux systèmes isotopiques"))
        #expect(output.warnings.contains { $0.block == .deltaDeltaPlot })
        #expect(whole.contains("⁸⁷Sr/⁸⁶Sr"))
    }

    @Test func receptorOfAnIncomparableMatrixIsFlagged() throws {
        var samples = try Self.demoSamples()
        let index = try #require(samples.firstIndex { $0.isReceptor && $0.isotopes.contains { $0.system == "206Pb/204Pb" }
                                                     && $0.isotopes.contains { $0.system == "208Pb/206Pb" } })
        samples[index].matrix = "moss"
        let context = try context(.en, samples: samples)
        let output = try render([.deltaDeltaPlot, .limitations], context)
        let whole = try text(output.bytes, raw: true).replacingOccurrences(of: "\n", with: " ")
        #expect(whole.contains("Matrix mismatch"))
        #expect(whole.contains("Points ringed in red"))
        let warning = try #require(output.warnings.first { $0.block == .deltaDeltaPlot })
        #expect(warning.message.contains("matrix “moss” of \(samples[index].name)"))
        #expect(whole.contains("matrix “moss” of \(samples[index].name)"))
        #expect(warning.message.contains("“ore”"))
        #expect(output.warnings.filter { $0.block == .deltaDeltaPlot }.count == 1)
    }

    @Test func mapListsSamplesWithoutCoordinatesAndShowsSnapshots() throws {
        var samples = try Self.demoSamples()
        samples[0].latitude = nil
        samples[3].longitude = nil
        let json = #"{"snapshots": {"map": [{"image": "\#(Self.png)", "caption": "Vue aérienne du Valat Nègre"}, "data:image/png;base64,\#(Self.png)"]}}"#
        let context = try context(.fr, samples: samples, inputs: json)
        let output = try render([.sampleMap], context)
        let whole = try text(output.bytes, raw: true).replacingOccurrences(of: "\n", with: " ")
        #expect(whole.contains("2 échantillons sans coordonnées : \(samples[0].name), \(samples[3].name)."))
        #expect(whole.contains("Vue aérienne du Valat Nègre — Source : capture fournie avec la requête."))
        #expect(whole.contains("Capture de carte 2 fournie avec la requête (snapshots.map)."))
        #expect(whole.contains("51 échantillons positionnés"))
        #expect(output.warnings.isEmpty)
    }

    @Test func twoThousandSamplesStayFast() throws {
        let base = try Self.demoSamples()
        let many = (0..<2000).map { i -> Sample in
            var s = base[i % base.count]
            s.id = i + 1
            s.name = "\(s.name)-\(i)"
            s.latitude = s.latitude.map { $0 + Double(i % 37) * 0.0007 }
            return s
        }
        let context = try context(.fr, samples: many)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let output = try render([.sampleMap, .deltaDeltaPlot, .descriptiveStatistics, .verticalProfiles], context)
            #expect(output.overflowCount == 0)
        }
        #expect(elapsed < .seconds(30), "\(elapsed)")
    }

    @Test func projectionKeepsEqualScaleAndNiceSteps() {
        #expect(MapFrame.step(0.07) == 0.02)
        #expect(MapFrame.step(1.3) == 0.5)
        let frame = MapFrame(points: [.init(latitude: 44.05, longitude: 3.93, name: "A", role: .source),
                                      .init(latitude: 44.12, longitude: 4.03, name: "B", role: .receptor)], language: .en)
        let p = frame.projection(in: .init(x: 0, y: 0, width: 480, height: 0))
        // One degree of latitude and cos φ degrees of longitude take the same length.
        let dy = p.y(44.05) - p.y(44.06)
        let dx = p.x(3.93 + 0.01 / p.cosine) - p.x(3.93)
        #expect(abs(dx - dy) < 1e-6)
        #expect(p.x(3.93) > p.plot.x && p.x(4.03) < p.plot.maxX && p.y(44.12) > p.plot.y && p.y(44.05) < p.plot.maxY)
    }
}
