import IsoFindDomain

/// The one catalogue of blocks: the 32 built-in blocks and, for a given request, the active
/// custom blocks. Validation, `GET /api/reports/blocks`, the OpenAPI document, the templates'
/// estimates and licences, and the composer all read it, so a key that one of them knows the
/// others know too: a key that passes validation is always rendered, or refused, never dropped.
public struct BlockRegistry: Sendable {
    /// Every block, built-in blocks first in the catalogue's order, then custom blocks by id.
    public let blocks: [any ReportBlock]
    private let positions: [BlockKey: Int]

    /// The built-in blocks only.
    public static let builtin = BlockRegistry(blocks: BuiltinBlocks.all)

    private init(blocks: [any ReportBlock]) {
        var positions: [BlockKey: Int] = [:]
        for (position, block) in blocks.enumerated() where positions[block.key] == nil {
            positions[block.key] = position
        }
        precondition(positions.count == blocks.count, "two blocks share a key")
        self.blocks = blocks
        self.positions = positions
    }

    /// The built-in blocks plus these custom blocks. A custom block whose key is a built-in key
    /// is left out: built-in keys are reserved (the custom-block endpoints refuse them).
    public func adding(_ custom: [CustomBlock]) -> BlockRegistry {
        guard !custom.isEmpty else { return self }
        var seen = Set(positions.keys)
        return BlockRegistry(blocks: blocks + custom.filter { seen.insert($0.key).inserted })
    }

    public var keys: [BlockKey] { blocks.map(\.key) }

    public func block(_ key: BlockKey) -> (any ReportBlock)? { positions[key].map { blocks[$0] } }

    public func contains(_ key: BlockKey) -> Bool { positions[key] != nil }

    /// The block a text names, or nil when the text is not a key of this registry.
    public func block(named text: String) -> (any ReportBlock)? { BlockKey(text).flatMap(block) }

    /// A template's `estimated_pages`: the sum of its blocks' page estimates (an upper figure).
    /// Keys this registry does not know (a deleted custom block) count for nothing.
    public func estimatedPages(_ keys: [String]) -> Int {
        keys.reduce(0) { $0 + (block(named: $1)?.definition.estPages ?? 0) }
    }

    /// A template's `min_licence`: the highest licence among its blocks; `research` when none.
    public func minimumLicence(_ keys: [String]) -> Licence {
        keys.reduce(Licence.research) { Swift.max($0, block(named: $1)?.definition.licence ?? .research) }
    }
}
