import Foundation
import GRDB
import IsoFindDomain
import Testing
@testable import IsoFindStore

@Suite struct StoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("isofind-store-\(UUID().uuidString)/reports.db").path
    }

    /// Whatever the umask: a new store and its WAL files give others nothing; an existing store
    /// open to others is closed to them, its owner's and group's permissions kept.
    @Test func otherUsersCannotReadTheStore() throws {
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let store = try ReportsStore(path: path)
            _ = try store.createToken(name: "ci", role: .reader, expiresInDays: nil)
            for file in [path, path + "-wal", path + "-shm"] {
                let bits = try mode(file)
                #expect(bits & 0o007 == 0, "\(file): \(String(bits, radix: 8))")
                #expect(bits & 0o600 == 0o600)
            }
        }
        chmod(path, 0o666)
        _ = try ReportsStore(path: path)
        #expect(try mode(path) == 0o660)
    }

    @Test func opensAFileStoreInWALModeAndMigratesOnce() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let store = try ReportsStore(path: path)
            _ = try store.insertTemplate(NewTemplate(name: "a", description: "", blocks: ["cover_page"], language: .fr, mode: .concis), createdBy: "t")
            #expect(try store.integrityCheck() == "ok")
            let mode = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
        let reopened = try ReportsStore(path: path)
        #expect(try reopened.userTemplates().map(\.name) == ["a"])
    }

    @Test func userTemplateIdsNeverCollideWithBuiltIns() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let first = try store.insertTemplate(NewTemplate(name: "a", description: "", blocks: ["cover_page"], language: .en, mode: .expert), createdBy: nil)
        #expect(first.id == BuiltinTemplates.maxReservedID + 1)
        #expect(BuiltinTemplates.all.allSatisfy { $0.id <= BuiltinTemplates.maxReservedID })
    }

    @Test func updatesOnlyWhatIsGiven() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let template = try store.insertTemplate(NewTemplate(name: "a", description: "d", blocks: ["cover_page"], language: .en, mode: .expert), createdBy: nil)
        let updated = try #require(try store.updateTemplate(id: template.id, TemplateChanges(blocks: ["glossary", "certification"])))
        #expect(updated.name == "a")
        #expect(updated.description == "d")
        #expect(updated.blocks == ["glossary", "certification"])
        #expect(try store.updateTemplate(id: 99_999, TemplateChanges(name: "x")) == nil)
        #expect(try store.deleteTemplate(id: template.id))
        #expect(try !store.deleteTemplate(id: template.id))
    }

    @Test func tokensAreStoredOnlyAsDigests() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let (record, secret) = try store.createToken(name: "ci", role: .editor, expiresInDays: nil)
        #expect(secret.hasPrefix(TokenSecret.prefix))
        #expect(secret.count > 40)
        let stored = try store.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM tokens") }
        #expect(stored.count == 1)
        for row in stored {
            for column in row.columnNames {
                let value = row[column] as DatabaseValue
                #expect(!value.description.contains(String(secret.dropFirst(TokenSecret.prefix.count).prefix(20))))
            }
        }
        #expect(try store.checkToken(secret) == .valid(record))
        #expect(try store.checkToken(secret + "x") == .unknown)
    }

    @Test func activeTokenNamesAreUniqueAndRevocationIsImmediate() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let (_, secret) = try store.createToken(name: "ci", role: .reader, expiresInDays: nil)
        #expect(throws: StoreError.self) { try store.createToken(name: "ci", role: .admin, expiresInDays: nil) }
        let revoked = try #require(try store.revokeToken("ci"))
        #expect(revoked.revokedAt != nil)
        if case .revoked = try store.checkToken(secret) {} else { Issue.record("revoked token accepted") }
        // The name is free again once the old token is revoked.
        _ = try store.createToken(name: "ci", role: .admin, expiresInDays: 30)
        #expect(try store.revokeToken("nobody") == nil)
        #expect(try store.tokens().count == 2)
    }

    @Test func constantTimeComparison() {
        #expect(TokenSecret.constantTimeEqual(Data([1, 2, 3]), Data([1, 2, 3])))
        #expect(!TokenSecret.constantTimeEqual(Data([1, 2, 3]), Data([1, 2, 4])))
        #expect(!TokenSecret.constantTimeEqual(Data([1, 2]), Data([1, 2, 3])))
    }

    @Test func matrixConfigurationRoundTrips() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        #expect(try store.matrixConfiguration() == MatrixConfiguration.default)
        let custom = MatrixConfiguration(groups: [MatrixGroup(id: "a", name: "A", color: "#000000", matrices: ["water"], note: nil)], rules: [])
        try store.replaceMatrixConfiguration(custom)
        #expect(try store.matrixConfiguration() == custom)
    }

    @Test func timestampsAreISO8601UTC() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.date("2026-11-29T10:15:00Z") == Date(timeIntervalSince1970: 1_795_947_300))
    }
}
