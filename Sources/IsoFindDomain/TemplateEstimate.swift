// Derived template figures: estimated page count and minimum licence (domain.md).

public enum TemplateEstimate {
    /// Resolves a block key (built-in or custom) to its page estimate and required licence.
    public typealias Lookup = (String) -> (estPages: Int, licence: Licence)?

    /// The sum of the blocks' `estPages` (an upper figure). Keys `lookup` does not know are skipped.
    public static func estimatedPages(_ blocks: [String], lookup: Lookup) -> Int {
        blocks.reduce(0) { $0 + (lookup($1)?.estPages ?? 0) }
    }

    /// The highest licence among the blocks; `research` for an empty or all-unknown list.
    public static func minLicence(_ blocks: [String], lookup: Lookup) -> Licence {
        blocks.reduce(Licence.research) { Swift.max($0, lookup($1)?.licence ?? .research) }
    }

    /// `estimatedPages` over the built-in catalogue only.
    public static func estimatedPages(_ blocks: [String]) -> Int {
        estimatedPages(blocks, lookup: builtinLookup)
    }

    /// `minLicence` over the built-in catalogue only.
    public static func minLicence(_ blocks: [String]) -> Licence {
        minLicence(blocks, lookup: builtinLookup)
    }

    /// A lookup over the built-in catalogue, to chain with a custom-block lookup.
    public static func builtinLookup(_ key: String) -> (estPages: Int, licence: Licence)? {
        BlockCatalogue.builtin(key).map { ($0.estPages, $0.licence) }
    }
}
