import Foundation
import GRDB
import IsoFindDemoData
import IsoFindDomain
import IsoFindGeneration
import IsoFindJSON
import IsoFindReport
import Logging
@testable import IsoFindStore

/// The demo databases, written once for the whole target.
let demo: (folder: URL, summary: DemoDataSummary) = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-generation-\(UUID().uuidString)")
    return (folder, try! DemoData.write(to: folder))
}()

/// A generation pipeline over a private in-memory store, the demo databases and a data folder of
/// its own. The samples source, the sessions source, the runner and the signer can be replaced.
struct Pipeline {
    let generator: ReportGenerator
    let store: ReportsStore
    let archive: ReportArchive
    let folder: URL

    static let generatedAt: Int64 = 1_796_115_600

    init(samples: (any SamplesSource)? = nil, sessions: (any NexusSessionSource)? = nil,
         runner: any CustomBlockRunner = CustomBlocksNotEnabled(), signer: any ReportSigner = UnsignedReports(),
         licence: Licence = .pro) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-pipeline-\(UUID().uuidString)")
        for name in ["reports", "branding", "keys", "tiles"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        store = try ReportsStore(inMemoryWithClock: { Date() })
        archive = ReportArchive(folder: folder.appendingPathComponent("reports").path)
        generator = ReportGenerator(
            settings: .init(licence: licence, tiles: TilesFolder(path: folder.appendingPathComponent("tiles").path),
                            samplesDatabase: demo.summary.samplesDatabase, clock: { Pipeline.generatedAt }),
            store: store, samples: samples ?? SamplesReader(path: demo.summary.samplesDatabase),
            sessions: sessions ?? NexusSessionsReader(path: demo.summary.sessionsDatabase),
            brandingFolder: BrandingFolder(path: folder.appendingPathComponent("branding").path,
                                           keysFolder: folder.appendingPathComponent("keys").path),
            archive: archive, runner: runner, signer: signer)
    }

    static let logger = Logger(label: "test")

    func preview(_ json: String) throws -> RenderedReport {
        try generator.preview(try GenerateRequest(body: Array(json.utf8)), logger: Self.logger)
    }

    func generate(_ json: String) throws -> GeneratedReport {
        try generator.generate(try GenerateRequest(body: Array(json.utf8)), createdBy: "test", logger: Self.logger)
    }

    /// Files in the reports folder.
    var reportFiles: [String] { (try? FileManager.default.contentsOfDirectory(atPath: archive.folder)) ?? [] }

    /// Adds an active custom block row, as the custom-block endpoints will.
    func addCustomBlock(key: String, name: String, code: String = "story.append(Paragraph('hello'))", active: Bool = true) throws {
        try store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO custom_blocks (key, name, code_python, active, licence, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'research', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')
                """, arguments: [key, name, code, active])
        }
    }
}

/// A samples database that cannot be read.
struct UnreadableSamples: SamplesSource {
    var message = "database disk image is malformed"
    func missingIDs(_ ids: [Int]) throws -> [Int] { throw StoreError.failure(message) }
    func samples(_ selection: SampleSelection) throws -> [Sample] { throw StoreError.failure(message) }
}

/// A sessions database that cannot be read.
struct UnreadableSessions: NexusSessionSource {
    func session(id: Int) throws -> (sampleID: Int?, resultJSON: String?)? { throw StoreError.failure("database is locked") }
}

/// A runner that answers every custom block with the same story, and remembers what it was given.
final class StoryRunner: CustomBlockRunner, @unchecked Sendable {
    let outcome: CustomBlockOutcome
    private let lock = NSLock()
    private var jobs: [(key: BlockKey, code: String, samples: Int)] = []

    init(_ outcome: CustomBlockOutcome) { self.outcome = outcome }

    func run(_ block: CustomBlock, job: CustomBlockJob, logger: Logger) -> CustomBlockOutcome {
        lock.withLock { jobs.append((block.key, block.code, job.data["samples"].flatMap { try? JSONParser.parse(JSONWriter.bytes($0)) }?.arrayValue?.count ?? -1)) }
        return outcome
    }

    var received: [(key: BlockKey, code: String, samples: Int)] { lock.withLock { jobs } }
}

/// A signer that appends a PDF comment to the file and reports a fixed signature.
struct CommentSigner: ReportSigner {
    static let signature = ReportSignature(algorithm: "test-ecdsa-p256-sha256", signer: "CN=Test Lab",
                                           certificateSHA256: String(repeating: "ab", count: 32), signedAt: "2026-12-01T09:00:00Z")
    var certification: ReportContext.Certification? {
        .init(subject: Self.signature.signer, certificateSHA256: Self.signature.certificateSHA256, algorithm: Self.signature.algorithm)
    }

    func sign(_ pdf: [UInt8], report: SigningRequest) throws -> SignedReport {
        SignedReport(bytes: pdf + Array("%signed report \(report.reportID)\n".utf8), signature: Self.signature)
    }
}

/// A signer that counts the reports it was asked to sign.
final class RecordingSigner: ReportSigner, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var calls: Int { lock.withLock { count } }
    var certification: ReportContext.Certification? { nil }

    func sign(_ pdf: [UInt8], report: SigningRequest) throws -> SignedReport {
        lock.withLock { count += 1 }
        return SignedReport(bytes: pdf, signature: nil)
    }
}

/// A signer whose key is unusable.
struct BrokenSigner: ReportSigner {
    struct KeyUnavailable: Error, CustomStringConvertible { var description: String { "the signing key cannot be read" } }
    var certification: ReportContext.Certification? { nil }
    func sign(_ pdf: [UInt8], report: SigningRequest) throws -> SignedReport { throw KeyUnavailable() }
}

extension GenerationError {
    /// The issues of an `.invalid`, as `loc` paths joined by dots.
    var locations: [String] {
        guard case .invalid(let issues) = self else { return [] }
        return issues.map { $0.loc.map(\.description).joined(separator: ".") }
    }
}
