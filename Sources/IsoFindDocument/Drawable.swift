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

/// Drawables stacked and kept on one page (a map and its legend): never splits.
public final class KeepTogether: Drawable {
    let parts: [any Drawable]
    public init(_ parts: [any Drawable]) { self.parts = parts }
    public func height(forWidth width: Double) -> Double { parts.reduce(0) { $0 + $1.height(forWidth: width) } }
    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        var y = rect.y
        for part in parts {
            let height = part.height(forWidth: rect.width)
            part.draw(on: canvas, in: Rect(x: rect.x, y: y, width: rect.width, height: height))
            y += height
        }
    }
}
