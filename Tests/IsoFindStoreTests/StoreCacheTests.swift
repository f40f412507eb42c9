import Foundation
import IsoFindDomain
import Synchronization
import Testing
@testable import IsoFindStore

/// The in-memory caches must never serve a stale answer: a second store on the same file stands
/// for the CLI or another responder process writing to reports.db.
@Suite struct StoreCacheTests {
    func twoStoresOnOneFile(clock: @escaping @Sendable () -> Date = { Date() }) throws -> (ReportsStore, ReportsStore, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-cache-\(UUID().uuidString)").path
        let path = folder + "/reports.db"
        return (try ReportsStore(path: path, now: clock), try ReportsStore(path: path, now: clock), folder)
    }

    @Test func aRevocationByAnotherProcessIsSeenAtOnce() throws {
        let (responder, cli, folder) = try twoStoresOnOneFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (record, token) = try cli.createToken(name: "ci", role: .editor, expiresInDays: nil)
        #expect(try responder.checkToken(token) == .valid(record))
        #expect(try responder.checkToken(token) == .valid(record))  // now from the cache
        _ = try cli.revokeToken("ci")
        guard case .revoked = try responder.checkToken(token) else {
            Issue.record("a revoked token was still accepted")
            return
        }
    }

    @Test func everyThreadSeesTheRevocation() throws {
        let (responder, cli, folder) = try twoStoresOnOneFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, token) = try cli.createToken(name: "threads", role: .reader, expiresInDays: nil)
        let valid = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            if case .valid = try? responder.checkToken(token) { valid.withLock { $0 += 1 } }
        }
        #expect(valid.withLock { $0 } == 64)
        _ = try cli.revokeToken("threads")
        let revoked = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            if case .revoked = try? responder.checkToken(token) { revoked.withLock { $0 += 1 } }
        }
        #expect(revoked.withLock { $0 } == 64)
    }

    @Test func cachedTokensStillExpireOnTime() throws {
        let current = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        let clock: @Sendable () -> Date = { current.withLock { $0 } }
        let (responder, cli, folder) = try twoStoresOnOneFile(clock: clock)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, token) = try cli.createToken(name: "day", role: .reader, expiresInDays: 1)
        guard case .valid = try responder.checkToken(token) else { Issue.record("fresh token refused"); return }
        current.withLock { $0 += 86_401 }
        guard case .expired = try responder.checkToken(token) else { Issue.record("expired token accepted"); return }
    }

    @Test func userTemplatesWrittenElsewhereAppear() throws {
        let (responder, other, folder) = try twoStoresOnOneFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try responder.userTemplates().isEmpty)
        let template = try other.insertTemplate(NewTemplate(name: "elsewhere", description: "", blocks: ["cover_page"],
                                                            language: .fr, mode: .concis), createdBy: nil)
        #expect(try responder.userTemplates().map(\.id) == [template.id])
        _ = try other.deleteTemplate(id: template.id)
        #expect(try responder.userTemplates().isEmpty)
    }

    @Test func theSentinelMovesOnEveryCommit() throws {
        let (store, _, folder) = try twoStoresOnOneFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sentinel = try #require(store.sentinel)
        let before = sentinel.version()
        #expect(sentinel.version() == before)
        _ = try store.createToken(name: "x", role: .reader, expiresInDays: nil)
        #expect(sentinel.version() != before)
    }
}
