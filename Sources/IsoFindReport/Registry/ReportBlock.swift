import IsoFindDocument
import IsoFindDomain

/// One block of the catalogue, built-in or custom: what it is (its definition, which
/// `GET /api/reports/blocks`, validation, templates' estimates and licences read) and how it
/// renders. The composer puts the block's heading, with its FAIH badge and its outline anchor,
/// above what `render` returns.
///
/// Blocks are values without state; `render` is called once per report, on the generation's
/// thread, and may only read its context and add warnings to it.
public protocol ReportBlock: Sendable {
    var definition: BlockDefinition { get }

    /// True for the structural blocks that draw their own opening (the cover page, the table of
    /// contents): the composer then adds no heading.
    var drawsOwnHeading: Bool { get }

    /// True for the blocks that report what the others found (the executive summary, the
    /// limitations): they are built after every other block of the report, so that their lists
    /// of warnings are complete in the single layout pass.
    var summarisesOthers: Bool { get }

    func render(_ context: BlockContext) -> [any Drawable]
}

extension ReportBlock {
    public var drawsOwnHeading: Bool { false }
    public var summarisesOthers: Bool { false }
    public var key: BlockKey { definition.key }
}
