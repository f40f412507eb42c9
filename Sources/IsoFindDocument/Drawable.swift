import IsoFindLayout
import IsoFindRender

/// A flowable that can draw itself: what the document renderer asks of every placement the
/// paginator returns. `rect` is the placement (its width is the frame's, its height what
/// `height(forWidth:)` answered). Drawing happens on the thread that built the flowable.
public protocol Drawable: Flowable {
    func draw(on canvas: PDFCanvas, in rect: Rect)
}
