import Foundation
import GRDB
import IsoFindDomain
import Testing
@testable import IsoFindStore

/// The history's store queries: filters, newest-first pages by offset and by keyset, the total,
/// the seeded records, and query plans that never read whole records to skip or filter rows.
@Suite struct HistoryQueryTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01T00:00:00Z
    static let creators = ["lims-sync", "lab-lyon", "c.martin", "ci-nightly"]

    /// 600 records, one an hour from `start`, with templates 1...5 and four creators in turn.
    func seededStore(count: Int = 600) throws -> (ReportsStore, [ReportRecord]) {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        var made: [ReportRecord] = []
        let ids = try store.insertSeededReports(count: count, batchSize: 128) { position, id in
            let record = ReportRecord(
                id: id, title: "[seeded] \(position)", createdAt: Timestamp.string(Self.start.addingTimeInterval(Double(position) * 3600)),
                createdBy: Self.creators[position % 4], templateID: 1 + position % 5, blocks: ["cover_page"],
                language: position % 3 == 0 ? .en : .fr, mode: .concis, sampleIDs: [position], pages: 1, fileSize: 1,
                sha256: String(repeating: "0", count: 64), fileName: "ignored.pdf", warnings: [])
            made.append(record)
            return record
        }
        #expect(ids == 1...count)
        return (store, made.map { record in
            var record = record
            record.fileName = ReportRecord.seededFileName(id: record.id)
            return record
        })
    }

    func expected(_ all: [ReportRecord], _ keep: (ReportRecord) -> Bool) -> [Int] {
        all.filter(keep).map(\.id).sorted(by: >)
    }

    @Test func seededRecordsAreMarkedAndRoundTrip() throws {
        let (store, made) = try seededStore(count: 10)
        let stored = try #require(try store.report(id: 7))
        #expect(stored == made[6])
        #expect(stored.isSeeded && stored.fileName == "seeded-7.pdf" && stored.signature == nil)
        #expect(try store.reportCounts() == (real: 0, seeded: 10))
    }

    @Test func seedingReservesIdsSoRealReportsContinueTheNumbering() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let real = try store.reserveReportID()
        #expect(real == 1)
        let ids = try store.insertSeededReports(count: 25, batchSize: 10) { _, id in Self.record(id: id) }
        #expect(ids == 2...26)
        #expect(try store.reserveReportID() == 27)
        try store.insertReport(Self.record(id: 27, fileName: ReportRecord.fileName(id: 27)))
        #expect(try store.reportCounts() == (real: 1, seeded: 25))
        #expect(try store.deleteSeededReports() == 25)
        #expect(try store.reports(ReportQuery()).reports.map(\.id) == [27])
        #expect(try store.insertSeededReports(count: 0) { _, id in Self.record(id: id) } == nil)
    }

    @Test func eachFilterSelectsExactlyItsRecordsNewestFirstWithTheirTotal() throws {
        let (store, all) = try seededStore()
        let day10 = Self.start.addingTimeInterval(10 * 86_400), day12 = Self.start.addingTimeInterval(12 * 86_400)
        let cases: [(ReportQuery, (ReportRecord) -> Bool)] = [
            (ReportQuery(), { _ in true }),
            (ReportQuery(templateID: 3), { $0.templateID == 3 }),
            (ReportQuery(createdBy: "lab-lyon"), { $0.createdBy == "lab-lyon" }),
            (ReportQuery(createdBy: "nobody"), { _ in false }),
            (ReportQuery(createdAfter: day10), { $0.createdAt >= "2026-01-11T00:00:00Z" }),
            (ReportQuery(createdBefore: day10), { $0.createdAt < "2026-01-11T00:00:00Z" }),
            (ReportQuery(createdAfter: day10, createdBefore: day12), { $0.createdAt >= "2026-01-11T00:00:00Z" && $0.createdAt < "2026-01-13T00:00:00Z" }),
            (ReportQuery(templateID: 2, createdBy: "c.martin"), { $0.templateID == 2 && $0.createdBy == "c.martin" }),
            (ReportQuery(templateID: 4, createdBy: "lims-sync", createdAfter: day10, createdBefore: day12),
             { $0.templateID == 4 && $0.createdBy == "lims-sync" && $0.createdAt >= "2026-01-11T00:00:00Z" && $0.createdAt < "2026-01-13T00:00:00Z" }),
        ]
        for (query, keep) in cases {
            var query = query
            query.limit = 1000
            let (page, total) = try store.reports(query)
            let ids = expected(all, keep)
            #expect(page.map(\.id) == ids, "\(query)")
            #expect(total == ids.count, "\(query)")
        }
        // The date-range case is not empty, so the check above could fail.
        #expect(expected(all, { $0.createdAt >= "2026-01-11T00:00:00Z" && $0.createdAt < "2026-01-13T00:00:00Z" }).count == 48)
    }

    @Test func dateBoundsAreInclusiveThenExclusiveAndAFractionRoundsUp() throws {
        let (store, _) = try seededStore(count: 5)   // 00:00, 01:00, ..., 04:00
        func ids(after: Double?, before: Double?) throws -> [Int] {
            try store.reports(ReportQuery(createdAfter: after.map { Self.start.addingTimeInterval($0) },
                                          createdBefore: before.map { Self.start.addingTimeInterval($0) })).reports.map(\.id)
        }
        #expect(try ids(after: 3600, before: 3 * 3600) == [3, 2])
        #expect(try ids(after: 3600.5, before: nil) == [5, 4, 3])
        #expect(try ids(after: nil, before: 3600.5) == [2, 1])
        #expect(try ids(after: -1e12, before: 1e13) == [5, 4, 3, 2, 1])
    }

    @Test func keysetPagesVisitEveryRecordOnceAndAgreeWithOffsets() throws {
        let (store, all) = try seededStore()
        for filter in [ReportQuery(limit: 37), ReportQuery(createdBy: "ci-nightly", limit: 37),
                       ReportQuery(templateID: 5, createdAfter: Self.start.addingTimeInterval(86_400), limit: 7)] {
            var seen: [Int] = []
            var query = filter
            var offset = 0
            while true {
                let (page, total) = try store.reports(query)
                let byOffset = try store.reports(ReportQuery(templateID: filter.templateID, createdBy: filter.createdBy,
                                                             createdAfter: filter.createdAfter, limit: filter.limit, offset: offset))
                #expect(page.map(\.id) == byOffset.reports.map(\.id))
                #expect(total == byOffset.total)
                seen += page.map(\.id)
                offset += page.count
                guard page.count == query.limit, let last = page.last else { break }
                query.beforeID = last.id
            }
            var unfiltered = filter
            unfiltered.limit = 1000
            #expect(try seen == store.reports(unfiltered).reports.map(\.id))
            #expect(Set(seen).count == seen.count && !seen.isEmpty)
        }
        #expect(all.count == 600)
    }

    @Test func offsetAndBeforeIDCombine() throws {
        let (store, _) = try seededStore(count: 50)
        #expect(try store.reports(ReportQuery(beforeID: 40, limit: 3, offset: 2)).reports.map(\.id) == [37, 36, 35])
        #expect(try store.reports(ReportQuery(beforeID: 1)).reports.isEmpty)
        #expect(try store.reports(ReportQuery(beforeID: 40)).total == 50)
        #expect(try store.reports(ReportQuery(limit: 10, offset: 49)).reports.map(\.id) == [1])
        // Past the middle, pages are counted from the oldest end: the same records.
        let all = Array((1...50).reversed())
        let lyon = all.filter { ($0 - 1) % 4 == 1 }
        for offset in [0, 5, 6, 7, 12, 13, 24, 25, 26, 40, 45, 46, 49, 50, 51, 1000] {
            #expect(try store.reports(ReportQuery(limit: 5, offset: offset)).reports.map(\.id)
                    == Array(all.dropFirst(offset).prefix(5)), "offset \(offset)")
            #expect(try store.reports(ReportQuery(createdBy: "lab-lyon", limit: 5, offset: offset)).reports.map(\.id)
                    == Array(lyon.dropFirst(offset).prefix(5)), "offset \(offset)")
        }
    }

    /// The indexes of `v4-history-indexes` at work: a page's ids and the totals come from an
    /// index, so no query reads whole records to skip or filter rows, and none sorts in a
    /// temporary b-tree but the date-range pages (which read the date index's range).
    @Test func pagesAndTotalsAreReadFromIndexes() throws {
        let (store, _) = try seededStore(count: 50)
        let date = Self.start
        let queries: [ReportQuery] = [
            ReportQuery(), ReportQuery(beforeID: 30), ReportQuery(offset: 40), ReportQuery(templateID: 2),
            ReportQuery(createdBy: "lab-lyon", beforeID: 30), ReportQuery(templateID: 2, createdBy: "lab-lyon"),
            ReportQuery(createdAfter: date), ReportQuery(createdBy: "lab-lyon", createdAfter: date, createdBefore: date + 86_400),
        ]
        for query in queries {
            var page = query.filterSQL()
            if let beforeID = query.beforeID {
                page.conditions.append("id < ?")
                page.arguments += [beforeID]
            }
            let pagePlan = try plan(store, "SELECT id FROM reports\(page.whereClause) ORDER BY id DESC LIMIT 100 OFFSET 0", page.arguments)
            let countPlan = try plan(store, "SELECT COUNT(*) FROM reports\(query.filterSQL().whereClause)", query.filterSQL().arguments)
            for line in pagePlan + countPlan {
                #expect(line.contains("COVERING INDEX"), "\(query): \(line)")
            }
            #expect(!pagePlan.contains { $0.contains("TEMP B-TREE") }, "\(query): \(pagePlan)")
        }
        let records = try plan(store, ReportQuery.pageSQL(""), [100, 0])
        #expect(records.contains { $0.contains("INTEGER PRIMARY KEY") }, "\(records)")
    }

    @Test func listColumnsReadAsJSONDecoderReadsThem() throws {
        let strings: [[String]] = [[], ["cover_page"], ["a", "b", ""], ["Nègre — Δ¹³C", "tab\there", "quote \" and \\", "a/b"],
                                   ["\u{1}"], [",", "]", "[\"x\"]"]]
        for value in strings {
            let text = try JSONColumn.encode(value)
            #expect(try ListColumn.strings(text) == value, "\(text)")
        }
        let integers: [[Int]] = [[], [0], [1, 22, 333], [-5, 7], [Int.max, Int.min], [123_456_789_012_345_678]]
        for value in integers {
            let text = try JSONColumn.encode(value)
            #expect(try ListColumn.integers(text) == value, "\(text)")
        }
        // What JSONEncoder never writes reads exactly as JSONDecoder reads it (or is refused alike).
        for odd in ["[ 1 , 2 ]", "[1,]", "[,1]", "[1", "[-]", "x", "[01]", "[1e2]", "[12345678901234567890]"] {
            #expect((try? ListColumn.integers(odd)) == (try? JSONColumn.decode([Int].self, odd)), "\(odd)")
        }
        for odd in [" [\"a\"]", "[\"a\",]", "[\"a]", "[a]", "[\"a\" \"b\"]", "[\"\\u00e9\"]", "[\"a\"]x"] {
            #expect((try? ListColumn.strings(odd)) == (try? JSONColumn.decode([String].self, odd)), "\(odd)")
        }
        #expect(throws: StoreError.self) { try ListColumn.integers("[-]") }
        #expect(throws: StoreError.self) { try ListColumn.strings(nil) }
    }

    func plan(_ store: ReportsStore, _ sql: String, _ arguments: StatementArguments) throws -> [String] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    static func record(id: Int, fileName: String = "x.pdf") -> ReportRecord {
        ReportRecord(id: id, title: "t", createdAt: "2026-01-01T00:00:00Z", createdBy: "c", templateID: 1, blocks: [],
                     language: .fr, mode: .concis, sampleIDs: [], pages: 1, fileSize: 1, sha256: "", fileName: fileName,
                     warnings: [])
    }
}
