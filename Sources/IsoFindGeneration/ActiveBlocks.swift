import IsoFindDomain
import IsoFindJSON
import IsoFindReport
import IsoFindStore

/// The block registry as a request sees it: the built-in blocks plus the store's active custom
/// blocks, read once per request. Validation of templates and generations, `GET /blocks`, the
/// templates' estimates and the composer all get their registry here.
public struct ActiveBlocks: Sendable {
    let store: ReportsStore

    public init(store: ReportsStore) { self.store = store }

    /// The built-in blocks and every active custom block.
    public func registry() throws -> BlockRegistry {
        BlockRegistry.builtin.adding(try store.activeCustomBlocks().compactMap(CustomBlock.init(stored:)))
    }

    /// The same, reading the store only when `keys` names a block that is not built in.
    public func registry(for keys: [String]) throws -> BlockRegistry {
        keys.allSatisfy { BlockRegistry.builtin.block(named: $0) != nil } ? .builtin : try registry()
    }
}

extension BlockRegistry {
    /// The 422 issue of a key that names no block of this registry (neither a built-in block
    /// nor an active custom block), at `loc`; nil when it names one. Templates and generation
    /// requests refuse unknown keys with this one sentence.
    public func unknownKeyIssue(_ key: String, at loc: [LocComponent]) -> ValidationIssue? {
        block(named: key) == nil ? ValidationIssue(loc: loc, msg: "unknown block key '\(key)'", type: "value_error") : nil
    }
}

extension CustomBlock {
    /// The registry entry of a stored custom block; nil when its key is not well formed. Such a
    /// row (only a hand-edited database can hold one) cannot be named by any request, whose
    /// keys the schema checks, so leaving it out drops nothing a request asked for.
    public init?(stored: StoredCustomBlock) {
        guard let key = BlockKey(stored.key) else { return nil }
        self.init(id: stored.id, key: key, name: stored.name, description: stored.description,
                  category: BlockCategory(rawValue: stored.category) ?? .custom,
                  nature: Nature(rawValue: stored.nature) ?? .interpreted, icon: stored.icon, licence: stored.licence,
                  expert: stored.expert, language: stored.language, dataSections: stored.apiCalls, code: stored.code)
    }
}
