import Foundation
import Testing
@testable import IsoFindStore

/// `StoreBackup`: a backup holds every recorded report with its file and the folders a restore
/// needs; a restore checks everything first and refuses a folder in use or not empty.
@Suite struct StoreBackupTests {
    let fileManager = FileManager.default

    func folder(_ name: String) -> String {
        fileManager.temporaryDirectory.appendingPathComponent("isofind-backup-\(name)-\(UUID().uuidString)").path
    }

    /// A data folder with a store, `count` recorded reports and their files, a branding file and a key.
    func dataFolder(reports count: Int) throws -> (dataDir: String, store: ReportsStore, archive: ReportArchive) {
        let dataDir = folder("data")
        for sub in ["reports", "branding", "keys"] {
            try fileManager.createDirectory(atPath: dataDir + "/" + sub, withIntermediateDirectories: true)
        }
        let store = try ReportsStore(path: dataDir + "/reports.db")
        let archive = ReportArchive(folder: dataDir + "/reports")
        for index in 0..<count { _ = try record(store, archive, "report \(index)") }
        try Data("<svg/>".utf8).write(to: URL(fileURLWithPath: dataDir + "/branding/logo.svg"))
        fileManager.createFile(atPath: dataDir + "/keys/signing-key.pem", contents: Data("KEY".utf8),
                               attributes: [.posixPermissions: 0o600])
        return (dataDir, store, archive)
    }

    func record(_ store: ReportsStore, _ archive: ReportArchive, _ title: String) throws -> Int {
        let id = try store.reserveReportID()
        let bytes = Array("%PDF-1.7 \(title)".utf8)
        try archive.write(bytes, as: ReportRecord.fileName(id: id))
        try store.insertReport(ReportRecord(
            id: id, title: title, createdAt: "2026-12-05T00:00:00Z", createdBy: "test", templateID: 1, blocks: ["cover_page"],
            language: .fr, mode: .concis, sampleIDs: [], pages: 1, fileSize: bytes.count,
            sha256: ReportRecord.sha256Hex(bytes), fileName: ReportRecord.fileName(id: id), warnings: []))
        return id
    }

    @Test func aBackupRestoresIntoAnEmptyFolderWithEveryFile() throws {
        let (dataDir, _, _) = try dataFolder(reports: 3)
        let out = folder("out")
        let manifest = try StoreBackup.backup(dataDir: dataDir, to: out, softwareVersion: "test")
        #expect(manifest.reports == 3)
        #expect(Set(manifest.files.map(\.path)) == ["reports.db", "reports/report-1.pdf", "reports/report-2.pdf",
                                                    "reports/report-3.pdf", "branding/logo.svg", "keys/signing-key.pem"])
        #expect(try fileManager.attributesOfItem(atPath: out)[.posixPermissions] as? Int == 0o700)
        #expect(try StoreBackup.verify(out) == manifest)

        let target = folder("target")
        let summary = try StoreBackup.restore(from: out, into: target, force: false)
        #expect(summary.setAside == nil)
        let restored = try ReportsStore(path: target + "/reports.db")
        #expect(try restored.reports(limit: 10, offset: 0).total == 3)
        #expect(try restored.integrityCheck() == "ok")
        for id in 1...3 {
            #expect(fileManager.contents(atPath: target + "/reports/report-\(id).pdf")
                    == fileManager.contents(atPath: dataDir + "/reports/report-\(id).pdf"))
        }
        #expect(try fileManager.attributesOfItem(atPath: target + "/keys/signing-key.pem")[.posixPermissions] as? Int == 0o600)
    }

    @Test func aReportDeletedDuringTheBackupIsLeftOutOfTheCopy() throws {
        let (dataDir, _, archive) = try dataFolder(reports: 2)
        // The store was copied with report 2, whose file was then deleted (its record first, as
        // DELETE does): simulated by removing the file alone before the backup.
        archive.remove("report-2.pdf")
        let out = folder("out")
        let manifest = try StoreBackup.backup(dataDir: dataDir, to: out, softwareVersion: "test")
        #expect(manifest.deletedDuringBackup == [2])
        #expect(manifest.reports == 1)
        #expect(try StoreBackup.verify(out).reports == 1)
    }

    @Test func aFileThatNoLongerMatchesItsRecordStopsTheBackup() throws {
        let (dataDir, _, _) = try dataFolder(reports: 1)
        try Data("%PDF-1.7 changed".utf8).write(to: URL(fileURLWithPath: dataDir + "/reports/report-1.pdf"))
        let out = folder("out")
        #expect(throws: BackupError.self) { try StoreBackup.backup(dataDir: dataDir, to: out, softwareVersion: "test") }
        #expect(!fileManager.fileExists(atPath: out + "/backup.json"), "an unchecked backup must not look complete")
        #expect(try fileManager.contentsOfDirectory(atPath: out).isEmpty, "nothing of a failed backup is left (the key least of all)")
    }

    @Test func restoreRefusesADamagedBackupAndWritesNothing() throws {
        let (dataDir, _, _) = try dataFolder(reports: 2)
        let out = folder("out")
        _ = try StoreBackup.backup(dataDir: dataDir, to: out, softwareVersion: "test")
        try Data("%PDF-1.7 tampered".utf8).write(to: URL(fileURLWithPath: out + "/reports/report-1.pdf"))
        let target = folder("target")
        #expect { try StoreBackup.restore(from: out, into: target, force: false) } throws: { error in
            (error as? BackupError)?.kind == .damaged
        }
        #expect(!fileManager.fileExists(atPath: target))
        // Without a manifest, a folder is not a backup.
        try fileManager.removeItem(atPath: out + "/backup.json")
        #expect { try StoreBackup.verify(out) } throws: { error in (error as? BackupError)?.kind == .damaged }
    }

    @Test func restoreRefusesAFolderInUseOrNotEmpty() throws {
        let (dataDir, _, _) = try dataFolder(reports: 1)
        let out = folder("out")
        _ = try StoreBackup.backup(dataDir: dataDir, to: out, softwareVersion: "test")

        // A responder holds the folder's lock: refused even with force.
        let running = DataFolderMembership()
        try running.join(dataDir: dataDir) {}
        #expect { try StoreBackup.restore(from: out, into: dataDir, force: true) } throws: { error in
            (error as? BackupError)?.kind == .inUse
        }

        // Not empty: refused without force; with force, what was there is moved aside.
        let target = folder("target")
        _ = try StoreBackup.restore(from: out, into: target, force: false)
        #expect { try StoreBackup.restore(from: out, into: target, force: false) } throws: { error in
            (error as? BackupError)?.kind == .notEmpty
        }
        let summary = try StoreBackup.restore(from: out, into: target, force: true)
        let aside = try #require(summary.setAside)
        #expect(fileManager.fileExists(atPath: aside + "/reports.db"))
        #expect(fileManager.fileExists(atPath: aside + "/reports/report-1.pdf"))
        #expect(try ReportsStore(path: target + "/reports.db").reports(limit: 10, offset: 0).total == 1)
    }
}
