// Validation of a matrix configuration before it is saved (PUT /matrix-groups).

import IsoFindJSON

extension MatrixConfiguration {
    /// Every problem of the configuration, in document order, with `loc` relative to the body
    /// object (`["groups", 2, "id"]`, `["rules", 0, "from_group"]`); empty when it is valid.
    ///
    /// Refused: a missing, empty or repeated group id; an empty group name; a colour that is
    /// not `#RRGGBB`; an empty matrix name; a matrix (compared by `MatrixName.canonical`, so
    /// "eau" and "water" are one matrix) listed in two groups; a rule naming an unknown group;
    /// a rule from a group to itself (it could never apply: matrices of one group always
    /// compare); a repeated (from_group, to_group) pair. Listing one matrix twice in the same
    /// group is harmless and accepted.
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func issue(_ loc: [LocComponent], _ msg: String) { issues.append(ValidationIssue(loc: loc, msg: msg)) }

        var firstGroupWithID: [String: Int] = [:]
        var owner: [String: (group: Int, id: String)] = [:]  // canonical matrix → first group listing it

        for (g, group) in groups.enumerated() {
            let at: [LocComponent] = ["groups", .index(g)]
            let id = group.id.trimmingWhitespace
            if id.isEmpty {
                issue(at + ["id"], "group id is missing or empty")
            } else if let first = firstGroupWithID[group.id] {
                issue(at + ["id"], "group id '\(group.id)' is repeated (already used by group \(first))")
            } else {
                firstGroupWithID[group.id] = g
            }
            if group.name.trimmingWhitespace.isEmpty {
                issue(at + ["name"], "group name is missing or empty")
            }
            if !Self.isHexColour(group.color) {
                issue(at + ["color"], "colour '\(group.color)' is not of the form #RRGGBB")
            }
            for (m, matrix) in group.matrices.enumerated() {
                let loc = at + ["matrices", .index(m)]
                let canonical = MatrixName.canonical(matrix)
                if canonical.isEmpty {
                    issue(loc, "matrix name is empty")
                    continue
                }
                if let first = owner[canonical] {
                    if first.group != g {
                        let shown = canonical == matrix ? "'\(matrix)'" : "'\(matrix)' (\(canonical))"
                        let other = first.id.trimmingWhitespace.isEmpty ? "group \(first.group)" : "group '\(first.id)'"
                        issue(loc, "matrix \(shown) already belongs to \(other)")
                    }
                } else {
                    owner[canonical] = (g, group.id)
                }
            }
        }

        let knownIDs = Set(firstGroupWithID.keys)
        var firstRuleWithPair: [String: Int] = [:]
        for (r, rule) in rules.enumerated() {
            let at: [LocComponent] = ["rules", .index(r)]
            for (field, value) in [("from_group", rule.fromGroup), ("to_group", rule.toGroup)] {
                if value.trimmingWhitespace.isEmpty {
                    issue(at + [.key(field)], "\(field) is missing or empty")
                } else if !knownIDs.contains(value) {
                    issue(at + [.key(field)], "rule names unknown group '\(value)'")
                }
            }
            if !rule.fromGroup.isEmpty && rule.fromGroup == rule.toGroup {
                issue(at, "rule from group '\(rule.fromGroup)' to itself has no effect: matrices of one group always compare")
            }
            let pair = rule.fromGroup + "\u{0}" + rule.toGroup
            if let first = firstRuleWithPair[pair] {
                issue(at, "rule from '\(rule.fromGroup)' to '\(rule.toGroup)' repeats rule \(first)")
            } else {
                firstRuleWithPair[pair] = r
            }
        }
        return issues
    }

    /// `^#[0-9A-Fa-f]{6}$`.
    static func isHexColour(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#") else { return false }
        return bytes.dropFirst().allSatisfy { b in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
        }
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[start...end])
    }
}
