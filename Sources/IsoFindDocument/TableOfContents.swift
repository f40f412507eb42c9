import IsoFindLayout
import IsoFindRender

/// The table of contents: one line per block with its page number, each line a link to the
/// block. The numbers are read from `PageNumbers` when drawn, after pagination; a line is one
/// line whatever its number, so they never change the layout. Splits between lines.
public final class TableOfContents: Drawable {
    let entries: [Anchor]
    let numbers: PageNumbers
    let range: Range<Int>
    static let lineHeight = 16.0

    public init(entries: [Anchor], numbers: PageNumbers) {
        self.entries = entries
        self.numbers = numbers
        range = entries.indices
    }

    private init(entries: [Anchor], numbers: PageNumbers, range: Range<Int>) {
        self.entries = entries
        self.numbers = numbers
        self.range = range
    }

    public func height(forWidth width: Double) -> Double { Double(range.count) * Self.lineHeight + 6 }

    public func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)? {
        let count = Int(((height - 6) / Self.lineHeight).rounded(.down))
        guard count >= 1, count < range.count else { return nil }
        let cut = range.lowerBound + count
        return (TableOfContents(entries: entries, numbers: numbers, range: range.lowerBound..<cut),
                TableOfContents(entries: entries, numbers: numbers, range: cut..<range.upperBound))
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        var y = rect.y
        for entry in entries[range] {
            let indent = Double(max(0, entry.level - 1)) * 14
            let number = TextLayout.cached(text: numbers[entry.id].map(String.init) ?? "", font: Theme.body, width: 40, alignment: .right)
            let title = TextLayout.cached(text: entry.title, font: entry.level <= 1 ? Theme.body : Theme.small,
                                          width: rect.width - indent - 60)
            canvas.text(title, at: (rect.x + indent, y), color: Theme.text)
            canvas.text(number, at: (rect.maxX - 40, y), color: Theme.text)
            // Dot leaders between the title and the number.
            let leaderStart = rect.x + indent + title.lineWidth(0) + 6
            let leaderY = y + title.lineBaseline(0)
            if leaderStart < rect.maxX - 46 {
                canvas.line(from: (leaderStart, leaderY), to: (rect.maxX - 44, leaderY), Theme.rule, width: 0.8, dash: [0.8, 2.4])
            }
            canvas.link(Rect(x: rect.x, y: y, width: rect.width, height: Self.lineHeight), toDestination: entry.id)
            y += Self.lineHeight
        }
    }
}
