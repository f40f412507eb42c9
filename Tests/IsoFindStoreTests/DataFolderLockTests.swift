import Foundation
import Testing
@testable import IsoFindStore

/// The start-up sweep of several responders on one data folder: only a responder alone on the
/// folder removes every file without a record; one that is not alone removes only old ones.
@Suite struct DataFolderLockTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/reports", withIntermediateDirectories: true)
        return path
    }

    @Test func theFirstMemberIsAloneAndTheSecondIsNot() throws {
        let data = try folder()
        let first = DataFolderMembership(), second = DataFolderMembership()
        var ranAlone = 0
        #expect(try first.join(dataDir: data) { ranAlone += 1 })
        #expect(try !second.join(dataDir: data) { ranAlone += 1 })
        #expect(ranAlone == 1, "the second member must not sweep as if alone")
        // While both hold it shared, nobody gets it exclusively (what restore checks).
        #expect(!(try DataFolderLock(dataDir: data).tryExclusive()))
    }

    @Test func aLockIsReleasedWhenItsHolderGoes() throws {
        let data = try folder()
        do {
            let lock = try DataFolderLock(dataDir: data)
            #expect(lock.tryExclusive())
            #expect(!(try DataFolderLock(dataDir: data).tryExclusive()))
        }
        // The first lock's file was closed with it, as the kernel closes it for a killed process.
        #expect(try DataFolderLock(dataDir: data).tryExclusive())
    }

    @Test func theLockFileIsPrivate() throws {
        let lock = try DataFolderLock(dataDir: try folder())
        let attributes = try FileManager.default.attributesOfItem(atPath: lock.path)
        #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o027 == 0)
    }

    @Test func aSweepWithACutoffKeepsYoungFilesWithoutRecords() throws {
        let data = try folder()
        let archive = ReportArchive(folder: data + "/reports")
        for name in ["report-1.pdf", "report-2.pdf", ".report-3.pdf.tmp", "report-4.pdf", ".report-5.pdf.tmp"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: archive.path(of: name)))
        }
        // report-2 and report-3 were left two hours ago; report-4 and report-5 are being
        // recorded by another responder right now.
        let old = Date().addingTimeInterval(-2 * 3600)
        for name in ["report-2.pdf", ".report-3.pdf.tmp"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: archive.path(of: name))
        }
        let cutoff = Date().addingTimeInterval(-ReportArchive.orphanAge)
        #expect(archive.sweep(keeping: ["report-1.pdf"], modifiedBefore: cutoff) == 2)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: archive.folder))
                == ["report-1.pdf", "report-4.pdf", ".report-5.pdf.tmp"])
    }

    @Test func aWriteThatFailsLeavesNoFile() throws {
        let data = try folder()
        let archive = ReportArchive(folder: data + "/missing-folder")
        #expect(throws: ReportArchive.ArchiveError.self) { try archive.write(Array("%PDF".utf8), as: "report-1.pdf") }
        #expect(!archive.exists("report-1.pdf"))
    }
}
