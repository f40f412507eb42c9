/// Values kept in first-seen order, counted.
struct OrderedCounter {
    var keys: [String] = []
    var counts: [String: Int] = [:]

    mutating func add(_ key: String, _ amount: Int = 1) {
        if counts[key] == nil { keys.append(key) }
        counts[key, default: 0] += amount
    }

    /// The values, most counted first (first seen first among equals), with their counts.
    var byCountDescending: [(String, Int)] {
        keys.enumerated().sorted { a, b in
            let ca = counts[a.element]!, cb = counts[b.element]!
            return ca != cb ? ca > cb : a.offset < b.offset
        }.map { ($0.element, counts[$0.element]!) }
    }
}
