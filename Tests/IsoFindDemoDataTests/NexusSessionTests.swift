import Foundation
import GRDB
import IsoFindDemoData
import Testing

@Suite("Demo data: Nexus sessions")
struct NexusSessionTests {
    struct Session {
        let id: Int64
        let name: String
        let sampleId: Int64
        let sampleName: String
        let element: String
        let createdAt: String
        let result: [String: Any]
    }

    func sessions() throws -> [Session] {
        try Shared.sessions().read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM nexus_sessions ORDER BY id").map { row in
                let json: String = row["result_json"]
                let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
                return Session(id: row["id"], name: row["name"], sampleId: row["sample_id"],
                               sampleName: row["sample_name"], element: row["element"],
                               createdAt: row["created_at"], result: try #require(object as? [String: Any]))
            }
        }
    }

    func keys(_ value: Any?) -> Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }

    @Test("every result_json is a full nexus_result")
    func fullShape() throws {
        let all = try sessions()
        #expect(all.count >= 6)
        for session in all {
            let r = session.result
            #expect(Set(r.keys).isSuperset(of: ["element", "system", "initial", "processes", "predicted", "mass_balance", "matches"]))
            #expect(r["element"] as? String == session.element)
            #expect(r["system"] is String)
            #expect(keys(r["initial"]).isSuperset(of: ["value", "uncertainty", "unit", "sample"]))
            #expect(keys(r["predicted"]).isSuperset(of: ["value", "uncertainty"]))
            #expect(keys(r["mass_balance"]).isSuperset(of: ["verified", "residual"]))
            let processes = try #require(r["processes"] as? [[String: Any]])
            #expect(!processes.isEmpty)
            for p in processes {
                #expect(Set(p.keys).isSuperset(of: ["name", "category", "epsilon", "uncertainty", "model", "fraction", "reference"]))
                #expect(p["epsilon"] is Double || p["epsilon"] is Int)
                let fraction = try #require((p["fraction"] as? NSNumber)?.doubleValue)
                #expect((0...1).contains(fraction))
                // A literature reference: an author and a year.
                #expect((p["reference"] as? String)?.contains(/\(\d{4}\)/) == true)
            }
            let matches = try #require(r["matches"] as? [[String: Any]])
            #expect(matches.count >= 3)
            for m in matches {
                #expect(Set(m.keys).isSuperset(of: ["reference", "score", "class", "distance"]))
                #expect(["full", "partial", "incompatible"].contains(m["class"] as? String ?? ""))
            }
            let scores = matches.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
            #expect(scores == scores.sorted(by: >))
            #expect((r["mass_balance"] as? [String: Any])?["verified"] is Bool)
        }
        // The demo shows both verdicts.
        let verdicts = Set(all.compactMap { ($0.result["mass_balance"] as? [String: Any])?["verified"] as? Bool })
        #expect(verdicts == [true, false])
    }

    @Test("sessions refer to real samples and to their measured signatures")
    func referToSamples() throws {
        let all = try sessions()
        try Shared.samples().read { db in
            for session in all {
                let name = try String.fetchOne(db, sql: "SELECT name FROM samples WHERE id = ?", arguments: [session.sampleId])
                #expect(name == session.sampleName)
                let initial = try #require(session.result["initial"] as? [String: Any])
                #expect(initial["sample"] as? String == session.sampleName)
                let system = try #require(session.result["system"] as? String)
                let measured = try #require(try Double.fetchOne(db, sql: """
                    SELECT COALESCE(ratio, delta_value) FROM sample_isotope WHERE sample_id = ? AND system = ? ORDER BY id LIMIT 1
                    """, arguments: [session.sampleId, system]))
                #expect(abs(measured - ((initial["value"] as? NSNumber)?.doubleValue ?? .nan)) < 1e-12)
                for match in session.result["matches"] as? [[String: Any]] ?? [] {
                    let reference = try #require(match["reference"] as? String)
                    let exists = try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM sample_isotope i JOIN samples s ON s.id = i.sample_id
                        WHERE s.name = ? AND i.system = ?
                        """, arguments: [reference, system]) ?? 0
                    #expect(exists >= 1, "\(reference) has no \(system)")
                }
            }
        }
    }

    @Test("predicted = initial + Σ process contributions (Rayleigh ε·ln f, mixing f·ε)")
    func chainIsConsistent() throws {
        for session in try sessions() {
            let r = session.result
            func number(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? .nan }
            let initial = number((r["initial"] as? [String: Any])?["value"])
            let predicted = number((r["predicted"] as? [String: Any])?["value"])
            var value = initial
            for p in r["processes"] as? [[String: Any]] ?? [] {
                let model = p["model"] as? String ?? ""
                let epsilon = number(p["epsilon"]), fraction = number(p["fraction"])
                if model.hasPrefix("Rayleigh") {
                    value += epsilon * log(fraction)
                } else if model.hasPrefix("Mélange") {
                    value += fraction * epsilon
                } else {
                    #expect(epsilon == 0, "\(session.name): \(model)")
                }
            }
            let tolerance = r["system"] as? String == "87Sr/86Sr" ? 1e-6 : 0.011
            #expect(abs(value - predicted) <= tolerance, "\(session.name): \(value) vs \(predicted)")
            #expect(number((r["predicted"] as? [String: Any])?["uncertainty"]) > 0)
        }
    }

    @Test("created_at values are distinct ISO-8601 UTC instants; newest-first order differs from id order")
    func creationTimes() throws {
        let all = try sessions()
        let times = all.map(\.createdAt)
        #expect(Set(times).count == times.count)
        let formatter = ISO8601DateFormatter()
        for t in times {
            #expect(t.hasSuffix("Z"))
            #expect(formatter.date(from: t) != nil, "\(t)")
        }
        let newestFirst = all.sorted { $0.createdAt > $1.createdAt }.map(\.id)
        #expect(newestFirst != all.map(\.id))
        #expect(newestFirst != all.map(\.id).reversed())
    }
}
