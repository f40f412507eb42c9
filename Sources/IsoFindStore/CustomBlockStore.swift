import GRDB
import IsoFindDomain

/// What the rest of the service needs to know about an active custom block to list it in the
/// catalogue and to accept its key in templates. (The custom blocks endpoints manage the rows.)
public struct CustomBlockSummary: Sendable, Equatable {
    public var id: Int
    public var key: String
    public var name: String
    public var description: String
    public var category: String
    public var nature: String
    public var icon: String
    public var licence: Licence
    public var expert: Bool
    public var language: Language
}

extension ReportsStore {
    /// Active custom blocks, by id.
    public func activeCustomBlocks() throws -> [CustomBlockSummary] {
        try readStatement { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, key, name, description, category, nature, icon, licence, expert, language
                FROM custom_blocks WHERE active = 1 ORDER BY id
                """)).map { row in
                CustomBlockSummary(id: row["id"], key: row["key"], name: row["name"], description: row["description"],
                                   category: row["category"], nature: row["nature"], icon: row["icon"],
                                   licence: Licence(rawValue: row["licence"]) ?? .pro, expert: row["expert"],
                                   language: Language(rawValue: row["language"]) ?? .fr)
            }
        }
    }
}
