// The relevance verdict for a pair of matrices (GET /matrix-groups/check).

/// Encodes as `{matrix_a, matrix_b, group_a, group_b, relevant, defined, note}`, nulls included.
public struct MatrixCheck: Sendable, Equatable, Codable {
    /// The names as asked.
    public let matrixA, matrixB: String
    /// Group ids, nil for a matrix in no group.
    public let groupA, groupB: String?
    /// nil when no verdict is defined.
    public let relevant: Bool?
    public let defined: Bool
    public let note: String?

    public init(matrixA: String, matrixB: String, groupA: String?, groupB: String?,
                relevant: Bool?, defined: Bool, note: String?) {
        self.matrixA = matrixA
        self.matrixB = matrixB
        self.groupA = groupA
        self.groupB = groupB
        self.relevant = relevant
        self.defined = defined
        self.note = note
    }

    private enum CodingKeys: String, CodingKey {
        case matrixA = "matrix_a", matrixB = "matrix_b", groupA = "group_a", groupB = "group_b"
        case relevant, defined, note
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(matrixA, forKey: .matrixA)
        try c.encode(matrixB, forKey: .matrixB)
        try c.encode(groupA, forKey: .groupA)
        try c.encode(groupB, forKey: .groupB)
        try c.encode(relevant, forKey: .relevant)
        try c.encode(defined, forKey: .defined)
        try c.encode(note, forKey: .note)
    }
}

extension MatrixConfiguration {
    /// The relevance of comparing matrix `a` with matrix `b`:
    /// - both in the same group: relevant, defined;
    /// - a rule from a's group to b's, else from b's to a's: its verdict and note, defined;
    /// - no such rule, or a matrix in no group: relevant nil, defined false, with a note that
    ///   says why (for the report's warnings and `limitations` block).
    public func check(_ a: String, _ b: String) -> MatrixCheck {
        let ga = group(containing: a)
        let gb = group(containing: b)
        func verdict(_ relevant: Bool?, _ defined: Bool, _ note: String?) -> MatrixCheck {
            MatrixCheck(matrixA: a, matrixB: b, groupA: ga?.id, groupB: gb?.id,
                        relevant: relevant, defined: defined, note: note)
        }
        guard let ga, let gb else {
            let missing = [(a, ga), (b, gb)].filter { $0.1 == nil }.map { "'\($0.0)'" }
            let note = missing.count == 2 && MatrixName.same(a, b)
                ? "Matrix \(missing[0]) belongs to no matrix group; add it to a group to get a relevance verdict."
                : missing.count == 2
                ? "Neither \(missing[0]) nor \(missing[1]) belongs to a matrix group; add them to groups to get a relevance verdict."
                : "Matrix \(missing[0]) belongs to no matrix group; add it to a group to get a relevance verdict."
            return verdict(nil, false, note)
        }
        if ga.id == gb.id {
            return verdict(true, true, "Both matrices belong to the same group (\(ga.name)) and compare directly.")
        }
        if let rule = rule(from: ga.id, to: gb.id) ?? rule(from: gb.id, to: ga.id) {
            return verdict(rule.relevant, true, rule.note)
        }
        return verdict(nil, false,
                       "No rule is defined between groups '\(ga.id)' and '\(gb.id)'; treat this comparison with caution.")
    }
}
