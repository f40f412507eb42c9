import IsoFindLayout
import IsoFindRender

/// Text measured at a width, made once per width (pagination asks several times).
final class MeasuredText {
    let markup: String
    let font: FontSpec
    let alignment: TextAlignment
    let lineSpacing: Double
    private var cached: (width: Double, layout: TextLayout)?

    init(markup: String, font: FontSpec, alignment: TextAlignment = .left, lineSpacing: Double = Theme.lineSpacing) {
        self.markup = markup
        self.font = font
        self.alignment = alignment
        self.lineSpacing = lineSpacing
    }

    /// The layout at `width`. Markup that Pango refuses is shown as plain text rather than lost:
    /// callers escape what they print, so this only guards against a block's own mistakes.
    func layout(width: Double) -> TextLayout {
        if let cached, cached.width == width { return cached.layout }
        let layout = TextLayout.cached(markup: markup, font: font, width: width, alignment: alignment, lineSpacing: lineSpacing)
        cached = (width, layout)
        return layout
    }
}

/// A paragraph of Pango markup (`<b> <i> <sup> <sub>`…). Splits between lines, keeping at least
/// two lines on each side (no widows or orphans) when it has enough of them.
public final class Paragraph: Drawable {
    let text: MeasuredText
    let color: Color
    let spaceAfter: Double
    let lines: Range<Int>?
    /// A title line in a paragraph's clothes ("Methods") stays with what follows.
    public let keepWithNext: Bool
    /// An outline entry and link target at this paragraph (a cover page's title).
    public let anchor: Anchor?

    public init(markup: String, font: FontSpec = Theme.body, color: Color = Theme.text, alignment: TextAlignment = .left,
                spaceAfter: Double = 5, keepWithNext: Bool = false, anchor: Anchor? = nil) {
        text = MeasuredText(markup: markup, font: font, alignment: alignment)
        self.color = color
        self.spaceAfter = spaceAfter
        self.keepWithNext = keepWithNext
        self.anchor = anchor
        lines = nil
    }

    private init(text: MeasuredText, color: Color, spaceAfter: Double, lines: Range<Int>, anchor: Anchor?) {
        self.text = text
        self.color = color
        self.spaceAfter = spaceAfter
        self.lines = lines
        keepWithNext = false
        self.anchor = anchor
    }

    func range(_ layout: TextLayout) -> Range<Int> { lines ?? 0..<layout.lineCount }

    public func height(forWidth width: Double) -> Double {
        let layout = text.layout(width: width)
        let range = range(layout)
        let isLastPart = range.upperBound == layout.lineCount
        return layout.height(ofLines: range) + (isLastPart ? spaceAfter : 0)
    }

    public func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)? {
        let layout = text.layout(width: width)
        let range = range(layout)
        let fitting = layout.linesFitting(height: height, from: range.lowerBound)
        let headCount = min(fitting, range.count - 2)
        guard headCount >= 2 else { return nil }
        let cut = range.lowerBound + headCount
        // The anchor stays with the first part: a continued part is not a new target.
        return (Paragraph(text: text, color: color, spaceAfter: spaceAfter, lines: range.lowerBound..<cut, anchor: anchor),
                Paragraph(text: text, color: color, spaceAfter: spaceAfter, lines: cut..<range.upperBound, anchor: nil))
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let layout = text.layout(width: rect.width)
        canvas.text(layout, at: (rect.x, rect.y), lines: range(layout), color: color)
    }
}

/// A block or section heading. Keeps with what follows; a level-1 heading carries the block's
/// anchor (outline entry, contents entry, link target) and its FAIH badge.
public final class Heading: Drawable {
    let text: MeasuredText
    let level: Int
    let badge: String?
    public let anchor: Anchor?
    static let badgeSize = 15.0

    public init(markup: String, level: Int = 1, badge: String? = nil, anchor: Anchor? = nil) {
        text = MeasuredText(markup: markup, font: Theme.heading(level: level), lineSpacing: 1.05)
        self.level = level
        self.badge = badge
        self.anchor = anchor
    }

    public var keepWithNext: Bool { true }
    /// The heading's text, as markup.
    public var markup: String { text.markup }

    var before: Double { level <= 1 ? 10 : 7 }
    var after: Double { level <= 1 ? 8 : 4 }
    var indent: Double { badge == nil ? 0 : Self.badgeSize + 7 }

    public func height(forWidth width: Double) -> Double {
        before + max(text.layout(width: width - indent).size.height, badge == nil ? 0 : Self.badgeSize) + after
            + (level <= 1 ? 1.5 : 0)
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let layout = text.layout(width: rect.width - indent)
        let top = rect.y + before
        if let badge {
            let box = Rect(x: rect.x, y: top + max(0, (layout.lineBottom(0) - layout.lineTop(0) - Self.badgeSize) / 2),
                           width: Self.badgeSize, height: Self.badgeSize)
            canvas.fill(box, Theme.accent)
            let letter = TextLayout.cached(text: badge, font: FontSpec(size: 9, weight: .bold), width: Self.badgeSize, alignment: .center)
            canvas.text(letter, at: (box.x, box.y + (Self.badgeSize - letter.size.height) / 2), color: .white)
        }
        canvas.text(layout, at: (rect.x + indent, top), color: level <= 1 ? Theme.accent : Theme.text)
        if level <= 1 {
            let y = top + max(layout.size.height, badge == nil ? 0 : Self.badgeSize) + 4
            canvas.line(from: (rect.x, y), to: (rect.maxX, y), Theme.rule, width: 0.8)
        }
    }
}

/// A framed notice: information, a warning, or the "no data" statement of a block whose data is
/// missing. Never splits (it is short by design).
public final class Notice: Drawable {
    public enum Kind: Sendable { case info, warning, noData, error }

    let text: MeasuredText
    let kind: Kind
    static let padding = 7.0
    static let bar = 3.0

    public init(markup: String, kind: Kind) {
        text = MeasuredText(markup: markup, font: Theme.body)
        self.kind = kind
    }

    var colours: (bar: Color, background: Color) {
        switch kind {
        case .info, .noData: return (Theme.accent, Theme.accentLight)
        case .warning: return (Theme.warning, Theme.warningLight)
        case .error: return (Theme.alert, Theme.alertLight)
        }
    }

    func innerWidth(_ width: Double) -> Double { width - 2 * Self.padding - Self.bar }

    public func height(forWidth width: Double) -> Double {
        text.layout(width: innerWidth(width)).size.height + 2 * Self.padding + 6
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let box = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 6)
        canvas.fill(box, colours.background)
        canvas.fill(Rect(x: box.x, y: box.y, width: Self.bar, height: box.height), colours.bar)
        canvas.text(text.layout(width: innerWidth(rect.width)), at: (box.x + Self.bar + Self.padding, box.y + Self.padding),
                    color: Theme.text)
    }
}
