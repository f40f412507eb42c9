import IsoFindLayout
import IsoFindRender

/// The caption under a table, chart or figure: its source and how to read it. In a story it
/// follows what it describes; `Captioned.attach` binds the two so that a page break never
/// separates them.
public final class Caption: Drawable {
    let paragraph: Paragraph

    public init(markup: String) {
        paragraph = Paragraph(markup: markup, font: Theme.caption, color: Theme.muted)
    }

    public func height(forWidth width: Double) -> Double { paragraph.height(forWidth: width) }
    public func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)? {
        paragraph.split(width: width, height: height)
    }
    public func draw(on canvas: PDFCanvas, in rect: Rect) { paragraph.draw(on: canvas, in: rect) }
}

/// A table, chart or figure with its caption. It splits where its content splits, and the caption
/// always stays with the last part; when the content would fit but its caption would not, the
/// content gives up its last rows so that they move with the caption.
public final class Captioned: Drawable {
    let content: any Drawable
    let caption: Caption
    /// Between a chart's legend and the caption (a table already ends with its own space).
    let gap: Double

    public init(_ content: any Drawable, caption: Caption) {
        self.content = content
        self.caption = caption
        gap = content is Table ? 0 : 4
    }

    /// The story with every caption bound to the drawable before it (a caption right after a
    /// heading, or first, stays on its own).
    public static func attach(_ story: [any Drawable]) -> [any Drawable] {
        var out: [any Drawable] = []
        for drawable in story {
            if let caption = drawable as? Caption, let previous = out.last, !(previous is Heading), !(previous is Space) {
                out[out.count - 1] = Captioned(previous, caption: caption)
            } else {
                out.append(drawable)
            }
        }
        return out
    }

    public var anchor: Anchor? { content.anchor }
    public var breaksPageBefore: Bool { content.breaksPageBefore }

    public func height(forWidth width: Double) -> Double {
        content.height(forWidth: width) + gap + caption.height(forWidth: width)
    }

    public func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)? {
        let contentHeight = content.height(forWidth: width)
        let room = contentHeight <= height ? height - gap - caption.height(forWidth: width) : height
        guard room > 0, let (head, tail) = content.split(width: width, height: room), let rest = tail as? any Drawable else {
            return nil
        }
        return (head, Captioned(rest, caption: caption))
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let contentHeight = content.height(forWidth: rect.width)
        content.draw(on: canvas, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: contentHeight))
        caption.draw(on: canvas, in: Rect(x: rect.x, y: rect.y + contentHeight + gap, width: rect.width,
                                         height: rect.height - contentHeight - gap))
    }
}
