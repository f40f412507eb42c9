import GRDB
import IsoFindDomain

/// A user-created template as stored. Built-in templates are not stored (see `BuiltinTemplates`).
public struct StoredTemplate: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var description: String
    public var blocks: [String]
    public var language: Language
    public var mode: ReportMode
    public var createdBy: String?
    public var createdAt: String
    public var updatedAt: String
}

/// The fields of a new user template, already validated.
public struct NewTemplate: Sendable {
    public var name: String
    public var description: String
    public var blocks: [String]
    public var language: Language
    public var mode: ReportMode

    public init(name: String, description: String, blocks: [String], language: Language, mode: ReportMode) {
        self.name = name
        self.description = description
        self.blocks = blocks
        self.language = language
        self.mode = mode
    }
}

/// A partial update of a user template (`TemplateUpdate`): only these three fields may change.
public struct TemplateChanges: Sendable {
    public var name: String?
    public var description: String?
    public var blocks: [String]?

    public init(name: String? = nil, description: String? = nil, blocks: [String]? = nil) {
        self.name = name
        self.description = description
        self.blocks = blocks
    }
}

extension ReportsStore {
    /// User templates by id; kept in memory until the next commit to the store.
    public func userTemplates() throws -> [StoredTemplate] {
        try userTemplatesCache.value {
            try readStatement { db in
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM templates ORDER BY id")).map(StoredTemplate.init(row:))
            }
        }
    }

    public func userTemplate(id: Int) throws -> StoredTemplate? {
        try readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM templates WHERE id = ?"), arguments: [id])
                .map(StoredTemplate.init(row:))
        }
    }

    public func insertTemplate(_ template: NewTemplate, createdBy: String?) throws -> StoredTemplate {
        let stamp = timestamp()
        let blocks = try JSONColumn.encode(template.blocks)
        return try write { db in
            try db.execute(sql: """
                INSERT INTO templates (name, description, blocks, language, mode, created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [template.name, template.description, blocks, template.language.rawValue,
                                 template.mode.rawValue, createdBy, stamp, stamp])
            let id = Int(db.lastInsertedRowID)
            return StoredTemplate(id: id, name: template.name, description: template.description, blocks: template.blocks,
                                  language: template.language, mode: template.mode, createdBy: createdBy,
                                  createdAt: stamp, updatedAt: stamp)
        }
    }

    /// Applies `changes` and returns the updated template, or nil when no user template has that id.
    public func updateTemplate(id: Int, _ changes: TemplateChanges) throws -> StoredTemplate? {
        let stamp = timestamp()
        let blocks = try changes.blocks.map { try JSONColumn.encode($0) }
        return try write { db in
            try db.execute(sql: """
                UPDATE templates SET name = COALESCE(?, name), description = COALESCE(?, description),
                                     blocks = COALESCE(?, blocks), updated_at = ?
                WHERE id = ?
                """, arguments: [changes.name, changes.description, blocks, stamp, id])
            guard db.changesCount > 0 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM templates WHERE id = ?", arguments: [id]).map(StoredTemplate.init(row:))
        }
    }

    /// Deletes a user template; false when none has that id.
    public func deleteTemplate(id: Int) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM templates WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}

extension StoredTemplate {
    init(row: Row) throws {
        let languageCode: String = row["language"]
        let modeName: String = row["mode"]
        guard let language = Language(rawValue: languageCode), let mode = ReportMode(rawValue: modeName) else {
            throw StoreError.failure("template \(row["id"] as Int) has an unknown language or mode")
        }
        self.init(id: row["id"], name: row["name"], description: row["description"],
                  blocks: try JSONColumn.decode([String].self, row["blocks"]),
                  language: language, mode: mode, createdBy: row["created_by"],
                  createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
