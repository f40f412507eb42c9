import IsoFindLayout
import IsoFindRender

/// A flowable that can draw itself: what the document renderer asks of every placement the
/// paginator returns. `rect` is the placement (its width is the frame's, its height what
/// `height(forWidth:)` answered). Drawing happens on the thread that built the flowable.
public protocol Drawable: Flowable {
    func draw(on canvas: PDFCanvas, in rect: Rect)
}

/// Vertical space in a story of drawables; dropped at the top of a frame.
public final class Space: Drawable {
    let amount: Double
    public init(_ amount: Double) { self.amount = amount }
    public func height(forWidth width: Double) -> Double { amount }
    public var isDiscardableAtFrameTop: Bool { true }
    public func draw(on canvas: PDFCanvas, in rect: Rect) {}
}

/// Ends the current page, in a story of drawables.
public final class NewPage: Drawable {
    public init() {}
    public func height(forWidth width: Double) -> Double { 0 }
    public var breaksPageBefore: Bool { true }
    public func draw(on canvas: PDFCanvas, in rect: Rect) {}
}
