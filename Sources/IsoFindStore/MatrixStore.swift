import GRDB
import IsoFindDomain

extension ReportsStore {
    /// The configured matrix groups and relevance rules, in their saved order.
    public func matrixConfiguration() throws -> MatrixConfiguration {
        try read { db in try MatrixTable.load(db) }
    }

    /// Replaces the whole configuration in one transaction. The caller validates it first.
    public func replaceMatrixConfiguration(_ configuration: MatrixConfiguration) throws {
        try write { db in try MatrixTable.replace(configuration, in: db) }
    }
}

enum MatrixTable {
    static func load(_ db: Database) throws -> MatrixConfiguration {
        let groups = try Row.fetchAll(db, sql: "SELECT * FROM matrix_groups ORDER BY position").map { row in
            MatrixGroup(id: row["id"], name: row["name"], color: row["color"],
                        matrices: try JSONColumn.decode([String].self, row["matrices"]), note: row["note"])
        }
        let rules = try Row.fetchAll(db, sql: "SELECT * FROM matrix_rules ORDER BY position").map { row in
            MatrixRule(fromGroup: row["from_group"], toGroup: row["to_group"], relevant: row["relevant"], note: row["note"])
        }
        return MatrixConfiguration(groups: groups, rules: rules)
    }

    static func replace(_ configuration: MatrixConfiguration, in db: Database) throws {
        try db.execute(sql: "DELETE FROM matrix_rules")
        try db.execute(sql: "DELETE FROM matrix_groups")
        for (position, group) in configuration.groups.enumerated() {
            try db.execute(sql: "INSERT INTO matrix_groups (id, position, name, color, matrices, note) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [group.id, position, group.name, group.color, try JSONColumn.encode(group.matrices), group.note])
        }
        for (position, rule) in configuration.rules.enumerated() {
            try db.execute(sql: "INSERT INTO matrix_rules (position, from_group, to_group, relevant, note) VALUES (?, ?, ?, ?, ?)",
                           arguments: [position, rule.fromGroup, rule.toGroup, rule.relevant, rule.note])
        }
    }
}
