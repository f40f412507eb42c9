/// The unit of layout, after ReportLab's flowables: something that can say how tall it is at a
/// given width, and split itself when only part of it fits. Drawing is not part of this
/// protocol: the layout core only decides where things go; the rendering layer draws the
/// placements it returns. That keeps pagination free of Cairo and testable on its own.
public protocol Flowable: AnyObject {
    /// The height this flowable needs at `width`. Implementations cache their measurement.
    func height(forWidth width: Double) -> Double

    /// Splits into a head that fits in `height` and the tail that goes on; nil when no useful
    /// split exists (the flowable then moves whole to the next frame). A table splits between
    /// rows and repeats its header; a paragraph splits between lines; a chart never splits.
    func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)?

    /// Headings keep with what follows, so that a heading never ends a page alone.
    var keepWithNext: Bool { get }

    /// Starts a new page (a page break, or a block that wants its own page).
    var breaksPageBefore: Bool { get }

    /// Vertical space that is dropped at the top of a frame (spacers between blocks).
    var isDiscardableAtFrameTop: Bool { get }

    /// A place the outline and the table of contents point to.
    var anchor: Anchor? { get }
}

extension Flowable {
    public func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)? { nil }
    public var keepWithNext: Bool { false }
    public var breaksPageBefore: Bool { false }
    public var isDiscardableAtFrameTop: Bool { false }
    public var anchor: Anchor? { nil }
}

/// A named position in the document: a block's heading, for the outline and the table of contents.
public struct Anchor: Sendable, Equatable, Hashable {
    public let id: String
    public let title: String
    public let level: Int

    public init(id: String, title: String, level: Int = 1) {
        self.id = id
        self.title = title
        self.level = level
    }
}

/// Explicit vertical space; dropped at the top of a frame.
public final class Spacer: Flowable {
    public let height: Double
    public init(_ height: Double) { self.height = height }
    public func height(forWidth width: Double) -> Double { height }
    public var isDiscardableAtFrameTop: Bool { true }
}

/// Ends the current page.
public final class PageBreak: Flowable {
    public init() {}
    public func height(forWidth width: Double) -> Double { 0 }
    public var breaksPageBefore: Bool { true }
}
