import Foundation
import Testing
@testable import IsoFindStore

@Suite struct ReportArchiveTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-archive-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesWholeFilesAndLeavesNoTemporaryOnes() throws {
        let archive = ReportArchive(folder: try folder())
        try archive.write(Array("%PDF-1.5 test".utf8), as: "report-7.pdf")
        #expect(archive.exists("report-7.pdf"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive.folder) == ["report-7.pdf"])
        let attributes = try FileManager.default.attributesOfItem(atPath: archive.path(of: "report-7.pdf"))
        #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o007 == 0, "not readable by others")
    }

    @Test func theSweepRemovesOnlyFilesNoRecordNames() throws {
        let archive = ReportArchive(folder: try folder())
        for name in ["report-1.pdf", "report-2.pdf", ".report-3.pdf.tmp", "notes.txt"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: archive.path(of: name)))
        }
        #expect(archive.sweep(keeping: ["report-1.pdf"]) == 2)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: archive.folder)) == ["report-1.pdf", "notes.txt"])
    }
}
