/// How a table shares its width between columns.
///
/// Each column states a weight (the author's intended proportion) and its content's needs: the
/// width that shows every cell on one line (`natural`) and the widest word, below which words
/// would be cut (`minimum`). The widths start in proportion to the weights, then
///
/// 1. the columns wider than their natural width give up room to the columns that still wrap,
///    as much as those lack, each giving in proportion to its surplus (room nobody needs stays
///    where the weights put it);
/// 2. a column narrower than its widest word takes what it lacks from the columns that have room
///    above their own minimum, in proportion to that room.
///
/// When even the minimums do not fit, only the columns with the widest words give way: every
/// column keeps its minimum up to a common level, and the columns above that level are cut to
/// it (their longest words break; short headers such as "depth_m" stay whole). The result always
/// sums to the total width.
public enum ColumnWidths {
    public struct Need: Equatable, Sendable {
        public var weight: Double
        public var minimum: Double
        public var natural: Double

        public init(weight: Double, minimum: Double, natural: Double) {
            self.weight = max(0, weight)
            self.minimum = max(0, minimum)
            self.natural = max(self.minimum, natural)
        }
    }

    public static func distribute(_ width: Double, _ needs: [Need]) -> [Double] {
        guard !needs.isEmpty, width > 0 else { return needs.map { _ in 0 } }
        let totalWeight = needs.reduce(0) { $0 + $1.weight }
        var widths = needs.map { totalWeight > 0 ? width * $0.weight / totalWeight : width / Double(needs.count) }

        // 1. Room from over-wide columns to the columns that wrap, as much as they lack.
        let surplus = needs.indices.map { max(0, widths[$0] - needs[$0].natural) }
        let lack = needs.indices.map { max(0, needs[$0].natural - widths[$0]) }
        let totalSurplus = surplus.reduce(0, +), totalLack = lack.reduce(0, +)
        let given = min(totalSurplus, totalLack)
        if given > 0 {
            for index in needs.indices {
                widths[index] += given * (lack[index] / totalLack - surplus[index] / totalSurplus)
            }
        }

        // 2. No column narrower than its widest word, while others have room to give.
        let minimums = needs.map(\.minimum)
        let totalMinimum = minimums.reduce(0, +)
        guard totalMinimum <= width else { return levelled(minimums, width) }
        let deficit = needs.indices.reduce(0.0) { $0 + max(0, minimums[$1] - widths[$1]) }
        if deficit > 0 {
            let room = needs.indices.reduce(0.0) { $0 + max(0, widths[$1] - minimums[$1]) }
            for index in needs.indices {
                if widths[index] < minimums[index] {
                    widths[index] = minimums[index]
                } else {
                    widths[index] -= deficit * (widths[index] - minimums[index]) / room
                }
            }
        }
        return widths
    }

    /// `minimums` capped at the level where they sum to `width` (which is below their sum).
    static func levelled(_ minimums: [Double], _ width: Double) -> [Double] {
        var remaining = width
        var level = width / Double(minimums.count)
        for (index, minimum) in minimums.sorted().enumerated() {
            let left = Double(minimums.count - index)
            if minimum * left >= remaining {
                level = remaining / left
                break
            }
            remaining -= minimum
        }
        return minimums.map { min($0, level) }
    }
}
