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
    public var createdAt: String
    public var updatedAt: String
}

/// The fields of a new custom block, already validated (and its code compiled) by the caller.
public struct NewCustomBlock: Sendable, Equatable {
    public var key: String
    public var name: String
    public var description: String
    public var category: String
    public var nature: String
    public var icon: String
    public var licence: Licence
    public var expert: Bool
    public var language: Language
    /// nil: every data section.
    public var apiCalls: [String]?
    public var code: String
    public var active: Bool

    public init(key: String, name: String, description: String = "", category: String = "custom", nature: String = "I",
                icon: String = "CB", licence: Licence = .pro, expert: Bool = false, language: Language = .fr,
                apiCalls: [String]? = nil, code: String, active: Bool = true) {
        self.key = key
        self.name = name
        self.description = description
        self.category = category
        self.nature = nature
        self.icon = icon
        self.licence = licence
        self.expert = expert
        self.language = language
        self.apiCalls = apiCalls
        self.code = code
        self.active = active
    }
}

/// A partial update of a custom block (`CustomBlockUpdate`): nil leaves a field as it is. The key
/// never changes: templates and past reports refer to blocks by it.
public struct CustomBlockChanges: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var category: String?
    public var nature: String?
    public var icon: String?
    public var licence: Licence?
    public var expert: Bool?
    public var language: Language?
    /// nil leaves `api_calls` as it is; `.some(nil)` sets it to null (every section).
    public var apiCalls: [String]??
    public var code: String?
    public var active: Bool?

    public init(name: String? = nil, description: String? = nil, category: String? = nil, nature: String? = nil,
                icon: String? = nil, licence: Licence? = nil, expert: Bool? = nil, language: Language? = nil,
                apiCalls: [String]?? = nil, code: String? = nil, active: Bool? = nil) {
        self.name = name
        self.description = description
        self.category = category
        self.nature = nature
        self.icon = icon
        self.licence = licence
        self.expert = expert
        self.language = language
        self.apiCalls = apiCalls
        self.code = code
        self.active = active
    }

    func applied(to block: StoredCustomBlock, at stamp: String) -> StoredCustomBlock {
        var block = block
        if let name { block.name = name }
        if let description { block.description = description }
        if let category { block.category = category }
        if let nature { block.nature = nature }
        if let icon { block.icon = icon }
        if let licence { block.licence = licence }
        if let expert { block.expert = expert }
        if let language { block.language = language }
        if let apiCalls { block.apiCalls = apiCalls }
        if let code { block.code = code }
        if let active { block.active = active }
        block.updatedAt = stamp
        return block
    }
}

extension ReportsStore {
    /// Active custom blocks, by id.
    public func activeCustomBlocks() throws -> [StoredCustomBlock] {
        try readStatement { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM custom_blocks WHERE active = 1 ORDER BY id"))
                .map(StoredCustomBlock.init(row:))
        }
    }

    /// The custom block with this id, active or not; nil when there is none.
    public func customBlock(id: Int) throws -> StoredCustomBlock? {
        try readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM custom_blocks WHERE id = ?"), arguments: [id])
                .map(StoredCustomBlock.init(row:))
        }
    }

    /// The custom block with this key, active or not; nil when there is none.
    public func customBlock(key: String) throws -> StoredCustomBlock? {
        try readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM custom_blocks WHERE key = ?"), arguments: [key])
                .map(StoredCustomBlock.init(row:))
        }
    }

    /// Inserts a custom block and returns it as stored. Keys are unique among all custom blocks,
    /// active or not: the table's UNIQUE constraint decides, so two concurrent inserts of one key
    /// cannot both succeed; the loser gets `StoreError.conflict` naming the key.
    public func insertCustomBlock(_ block: NewCustomBlock) throws -> StoredCustomBlock {
        let stamp = timestamp()
        let apiCalls = try block.apiCalls.map { try JSONColumn.encode($0) }
        return try write { db in
            do {
                try db.execute(sql: """
                    INSERT INTO custom_blocks (key, name, description, category, nature, icon, licence, expert, language,
                                               api_calls, code_python, active, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [block.key, block.name, block.description, block.category, block.nature, block.icon,
                                     block.licence.rawValue, block.expert, block.language.rawValue, apiCalls, block.code,
                                     block.active, stamp, stamp])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.conflict(Self.keyTaken(block.key))
            }
            return StoredCustomBlock(id: Int(db.lastInsertedRowID), key: block.key, name: block.name,
                                     description: block.description, category: block.category, nature: block.nature,
                                     icon: block.icon, licence: block.licence, expert: block.expert, language: block.language,
                                     apiCalls: block.apiCalls, code: block.code, active: block.active,
                                     createdAt: stamp, updatedAt: stamp)
        }
    }

    /// Applies `changes` to the current row in one transaction (so concurrent updates of
    /// different fields are never lost) and returns the updated block, or nil when no custom
    /// block has that id. `updated_at` is set on every update.
    public func updateCustomBlock(id: Int, _ changes: CustomBlockChanges) throws -> StoredCustomBlock? {
        let stamp = timestamp()
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM custom_blocks WHERE id = ?", arguments: [id]) else {
                return nil
            }
            let block = changes.applied(to: StoredCustomBlock(row: row), at: stamp)
            // A list that does not decode read as "no section" above: unless the update gives a
            // new value, the stored text is kept as it is rather than rewritten.
            let apiCalls: String? = try changes.apiCalls.map { try $0.map { try JSONColumn.encode($0) } } ?? row["api_calls"]
            try db.execute(sql: """
                UPDATE custom_blocks SET name = ?, description = ?, category = ?, nature = ?, icon = ?, licence = ?,
                                         expert = ?, language = ?, api_calls = ?, code_python = ?, active = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [block.name, block.description, block.category, block.nature, block.icon,
                                 block.licence.rawValue, block.expert, block.language.rawValue, apiCalls, block.code,
                                 block.active, block.updatedAt, id])
            return block
        }
    }

    /// Deletes a custom block (the row is gone; past reports keep their files); false when none
    /// has that id.
    public func deleteCustomBlock(id: Int) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM custom_blocks WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    static func keyTaken(_ key: String) -> String {
        "a custom block with the key '\(key)' already exists; keys are unique, also among inactive blocks"
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
                  active: row["active"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
