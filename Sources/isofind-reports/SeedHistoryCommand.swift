import ArgumentParser
import Foundation
import IsoFindDemoData
import IsoFindDomain
import IsoFindStore

/// `isofind-reports seed-history`: a development and benchmark tool that fills the report history
/// with made-up records, straight through the store (no HTTP, no rendering), to measure and test
/// the history at scale. Never run it on a store whose history matters.
struct SeedHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-history",
        abstract: "Development and benchmarks only: fill the report history with made-up records.",
        discussion: """
            Inserts --count records straight into the store, 10 000 to a transaction. They look like \
            a laboratory's history (the built-in templates, a dozen token names, French and English, \
            dates spread over --days days up to now, newest with the highest id), but they are not \
            reports: each title starts with "[seeded]", nothing was rendered or signed (signature \
            null, sha256 all zeros), and no file is written, so a download answers 404 (the file is \
            missing). Their path is reports/seeded-<id>.pdf.

            It refuses a store that holds real reports unless --alongside-real-reports is given. \
            --remove deletes every seeded record and nothing else.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "How many records to insert.") var count: Int = 100_000
    @Option(help: "The records' dates spread over this many days, up to now.") var days: Int = 1095
    @Option(help: "Seed of the choices: the same seed and count give the same records (dates aside).")
    var seed: UInt64 = 20_261_205
    @Flag(help: "Seed even though the store holds real reports.") var alongsideRealReports = false
    @Flag(help: "Delete every seeded record instead, and nothing else.") var remove = false

    func validate() throws {
        guard (1...10_000_000).contains(count) else { throw ValidationError("--count must be 1 to 10 000 000") }
        guard (1...36_500).contains(days) else { throw ValidationError("--days must be 1 to 36 500") }
    }

    func run() throws {
        let configuration = try options.load()
        let store: ReportsStore
        do {
            store = try ReportsStore(path: configuration.storePath)
        } catch {
            throw ValidationError("cannot open the store \(configuration.storePath): \(error)")
        }
        if remove {
            print("Deleted \(try store.deleteSeededReports()) seeded records from \(configuration.storePath).")
            return
        }
        let real = try store.reportCounts().real
        if real > 0 && !alongsideRealReports {
            throw ValidationError("""
                \(configuration.storePath) holds \(real) real reports; seeded records would mix with them. \
                Use a fresh data folder, or --alongside-real-reports if this is really wanted.
                """)
        }
        let started = Date()
        let history = SeededHistory(seed: seed, count: count, days: days, end: started)
        let ids = try store.insertSeededReports(count: count, history.record(position:id:))
        let seconds = Date().timeIntervalSince(started)
        guard let ids else { return }
        print("""
            Seeded \(count) made-up report records (ids \(ids.lowerBound)–\(ids.upperBound)) into \
            \(configuration.storePath) in \(String(format: "%.1f", seconds)) s. They have no files: \
            downloads answer 404. Remove them with `seed-history --remove`.
            """)
    }
}

/// The made-up records: every choice is a pure function of the seed and the record's position,
/// so the same seed gives the same history.
struct SeededHistory {
    let seed: UInt64
    let count: Int
    let days: Int
    let end: Date

    /// Token names, the first ones far more frequent (an integration, then the busiest people).
    static let creators = ["lims-sync", "lab-lyon", "c.martin", "ci-nightly", "lab-montpellier", "j.dupont", "a.bernard",
                           "m.petit", "s.durand", "l.moreau", "e.laurent", "audit-2025"]
    static let places = ["Valat Nègre", "Source du Lez", "Étang de Thau", "Fontaine de Nîmes", "Puits P12", "Gardon d'Anduze",
                         "Forage F3", "Causse Méjean", "Vidourle", "Lac du Salagou"]
    static let titles: [Language: [String]] = [
        .fr: ["Suivi trimestriel", "Attribution de source", "Contrôle réglementaire", "Campagne de prélèvements",
              "Rapport d'expertise", "Bilan annuel"],
        .en: ["Quarterly monitoring", "Source attribution", "Regulatory check", "Sampling campaign", "Expert report",
              "Annual review"],
    ]

    /// The record at `position` (0 is the oldest) of the history, which gets `id`.
    func record(position: Int, id: Int) -> ReportRecord {
        var pick = Picker(seed: seed, position: position)
        let template = BuiltinTemplates.all[pick.skewed(BuiltinTemplates.all.count)]
        let language: Language = pick.int(10) < 7 ? .fr : .en
        let creator = Self.creators[pick.skewed(Self.creators.count)]
        let title = "[seeded] \(Self.titles[language]![pick.int(6)]) — \(Self.places[pick.int(Self.places.count)])"
        let samples = (0..<(1 + pick.int(pick.int(10) == 0 ? 200 : 50))).map { _ in 1 + pick.int(2000) }
        let pages = max(1, template.blocks.count + samples.count / 8 + pick.int(4))
        // Evenly spread over the span, oldest first, with a jitter shorter than the step.
        let step = Double(days) * 86_400 / Double(max(count, 1))
        let offset = Double(count - position) * step - pick.fraction() * step * 0.9
        let created = Timestamp.string(end.addingTimeInterval(-offset.rounded()))
        return ReportRecord(id: id, title: title, createdAt: created, createdBy: creator, templateID: template.id,
                            blocks: template.blocks.map(\.rawValue), language: language, mode: template.mode,
                            sampleIDs: Array(Set(samples)).sorted(), pages: pages, fileSize: 40_000 + pages * 18_000 + pick.int(9_000),
                            sha256: String(repeating: "0", count: 64), fileName: ReportRecord.seededFileName(id: id),
                            warnings: pick.int(20) == 0 ? ["Seeded record: no data was read."] : [])
    }

    /// The choices for one record: the demo data's generator, one stream per position.
    struct Picker {
        var random: SplitMix64

        init(seed: UInt64, position: Int) { random = SplitMix64(seed: seed, stream: "seed-history \(position)") }

        /// Uniform in 0..<n.
        mutating func int(_ n: Int) -> Int { random.int(0...(n - 1)) }

        /// In 0..<n, the small values far more frequent (about geometric).
        mutating func skewed(_ n: Int) -> Int { min(int(n), int(n), int(n)) }

        mutating func fraction() -> Double { random.uniform() }
    }
}
