/// Row arithmetic of a table that splits across pages: rows never split, and the header row is
/// repeated at the top of every part.
public enum TableRows {
    /// How many rows, starting at `first`, fit in `available` under a header of `headerHeight`.
    /// Zero when not even one row fits with its header.
    public static func fitting(headerHeight: Double, rowHeights: [Double], from first: Int, available: Double) -> Int {
        var used = headerHeight
        var count = 0
        for height in rowHeights[first...] {
            guard used + height <= available + 1e-6 else { break }
            used += height
            count += 1
        }
        return count
    }
}
