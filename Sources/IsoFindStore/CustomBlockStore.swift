import Foundation
import GRDB
import IsoFindDomain

/// A custom block as stored (`custom_blocks`): what the catalogue lists, what templates may name
/// and what a generation runs. The custom-block endpoints manage the rows.
public struct StoredCustomBlock: Sendable, Equatable {
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
    /// `api_calls`: the data sections the code may see; nil for all of them. A stored value that
    /// is not a JSON list of strings reads as no section at all: least privilege, never more.
    public var apiCalls: [String]?
    public var code: String
    public var active: Bool
}

extension ReportsStore {
    /// Active custom blocks, by id.
    public func activeCustomBlocks() throws -> [StoredCustomBlock] {
        try readStatement { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, key, name, description, category, nature, icon, licence, expert, language, api_calls,
                       code_python, active
                FROM custom_blocks WHERE active = 1 ORDER BY id
                """)).map { StoredCustomBlock(row: $0) }
        }
    }
}

extension StoredCustomBlock {
    init(row: Row) {
        let apiCalls: String? = row["api_calls"]
        self.init(id: row["id"], key: row["key"], name: row["name"], description: row["description"],
                  category: row["category"], nature: row["nature"], icon: row["icon"],
                  licence: Licence(rawValue: row["licence"]) ?? .pro, expert: row["expert"],
                  language: Language(rawValue: row["language"]) ?? .fr,
                  apiCalls: apiCalls.map { (try? JSONColumn.decode([String].self, $0)) ?? [] }, code: row["code_python"],
                  active: row["active"])
    }
}
