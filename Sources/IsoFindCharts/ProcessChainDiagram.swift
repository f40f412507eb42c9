// The Nexus process chain as a diagram: initial signature → each process → predicted signature.
import IsoFindDocument
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// One box of the chain. All three strings are plain text composed by the caller with
/// IsoFindFormat, e.g. title "Initial signature", value "δ¹³C = −25,3 ± 0,4 ‰",
/// detail "ε = −2,1 ± 0,3 ‰ · Rayleigh · f = 0,45".
public struct ChainNode: Equatable, Sendable {
    public var title: String
    public var value: String
    public var detail: String?

    public init(title: String, value: String, detail: String? = nil) {
        self.title = title
        self.value = value
        self.detail = detail
    }
}

/// Boxes left to right joined by arrows: the initial signature, each process, the predicted
/// signature (the two ends tinted with the accent colour). When the width cannot hold every box
/// on one row, the chain wraps onto balanced rows and an elbow arrow leads from the end of one
/// row to the start of the next. Boxes share one width (their widest text, 84–150 pt; longer
/// text wraps inside; boxes narrow to save a row only while every value line still fits on one
/// line) and the boxes of a row share one height. The chain is flush left, like the verdict. The optional verdict (the
/// mass-balance sentence) is printed under the chain, in `Theme.warning` when `verdictIsWarning`.
public final class ProcessChainDiagram: Drawable {
    public let initial: ChainNode
    public let steps: [ChainNode]
    public let predicted: ChainNode
    public let verdict: String?
    public let verdictIsWarning: Bool
    public let language: ReportLanguage

    static let padding = 6.0
    static let arrowGap = 24.0
    static let rowGap = 26.0
    static let minimumBoxWidth = 84.0
    static let maximumBoxWidth = 150.0
    static let verdictGap = 8.0
    static let valueFont = FontSpec(size: 8.5)

    public init(initial: ChainNode, steps: [ChainNode], predicted: ChainNode, verdict: String?,
                language: ReportLanguage, verdictIsWarning: Bool = false) {
        self.initial = initial
        self.steps = steps
        self.predicted = predicted
        self.verdict = verdict
        self.verdictIsWarning = verdictIsWarning
        self.language = language
    }

    var nodes: [ChainNode] { [initial] + steps + [predicted] }

    struct Box {
        let title: TextLayout
        let value: TextLayout
        let detail: TextLayout?
        var rect: Rect          // relative to the diagram's top-left corner
        let isEnd: Bool
    }

    struct Layout {
        var boxes: [Box]
        var rows: [Range<Int>]
        var verdict: TextLayout?
        var verdictTop: Double
        var height: Double
    }

    private var cache: (width: Double, layout: Layout)?

    func layout(width: Double) -> Layout {
        if let cache, cache.width == width { return cache.layout }
        let pad = Self.padding
        let nodes = nodes
        let natural = nodes.map { node -> Double in
            let widths = [ChartText.plain(node.title, Theme.smallBold, language: language).size.width,
                          ChartText.plain(node.value, Self.valueFont, language: language).size.width,
                          node.detail.map { ChartText.plain($0, Theme.caption, language: language).size.width } ?? 0]
            return widths.max()!
        }
        let widestValue = nodes.map { ChartText.plain($0.value, Self.valueFont, language: language).size.width }.max() ?? 0
        let naturalWidth = min(max((natural.max() ?? 0) + 2 * pad + 1, Self.minimumBoxWidth), Self.maximumBoxWidth, width)
            .rounded(.up)
        // Narrowest box worth squeezing to: values ("δ¹³C = −25,3 ± 0,4 ‰") stay on one line.
        let squeezeLimit = min(max(widestValue + 2 * pad + 1, Self.minimumBoxWidth), naturalWidth)
        func rowsNeeded(_ perRow: Int) -> Int { (nodes.count + perRow - 1) / perRow }
        var fit = max(1, Int((width + Self.arrowGap) / (naturalWidth + Self.arrowGap)))
        // One more box per row when that saves a row and narrower boxes (titles wrapping inside)
        // still hold every value on one line.
        while fit < nodes.count, rowsNeeded(fit + 1) < rowsNeeded(fit),
              (width - Double(fit) * Self.arrowGap) / Double(fit + 1) >= squeezeLimit {
            fit += 1
        }
        let rowCount = rowsNeeded(fit)
        let perRow = (nodes.count + rowCount - 1) / rowCount    // balanced rows
        let boxWidth = min(naturalWidth, ((width - Double(perRow - 1) * Self.arrowGap) / Double(perRow)).rounded(.down))
        let inner = boxWidth - 2 * pad
        var boxes = nodes.enumerated().map { i, node in
            Box(title: ChartText.plain(node.title, Theme.smallBold, width: inner, alignment: .center, language: language),
                value: ChartText.plain(node.value, Self.valueFont, width: inner, alignment: .center, language: language),
                detail: node.detail.flatMap { $0.isEmpty ? nil
                    : ChartText.plain($0, Theme.caption, width: inner, alignment: .center, language: language) },
                rect: Rect(x: 0, y: 0, width: boxWidth, height: 0),
                isEnd: i == 0 || i == nodes.count - 1)
        }
        let left = 0.0   // flush left, like the verdict and the report's text
        var rows: [Range<Int>] = []
        var y = 0.0
        var start = 0
        while start < boxes.count {
            let row = start..<min(start + perRow, boxes.count)
            let height = row.map { i -> Double in
                let b = boxes[i]
                return pad + b.title.size.height + 2 + b.value.size.height + (b.detail.map { 2 + $0.size.height } ?? 0) + pad
            }.max()!.rounded(.up)
            for (k, i) in row.enumerated() {
                boxes[i].rect = Rect(x: left + Double(k) * (boxWidth + Self.arrowGap), y: y, width: boxWidth, height: height)
            }
            rows.append(row)
            y += height + Self.rowGap
            start = row.upperBound
        }
        y -= Self.rowGap
        var verdictLayout: TextLayout?
        var verdictTop = y
        if let verdict, !verdict.isEmpty {
            let layout = ChartText.plain(verdict, Theme.body, width: width, language: language)
            verdictTop = y + Self.verdictGap
            y = verdictTop + layout.size.height
            verdictLayout = layout
        }
        let result = Layout(boxes: boxes, rows: rows, verdict: verdictLayout, verdictTop: verdictTop, height: y.rounded(.up))
        cache = (width, result)
        return result
    }

    public func height(forWidth width: Double) -> Double { layout(width: width).height }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let l = layout(width: rect.width)
        func moved(_ r: Rect) -> Rect { Rect(x: rect.x + r.x, y: rect.y + r.y, width: r.width, height: r.height) }
        // Arrows first: along each row, then an elbow down to the next row.
        for (index, row) in l.rows.enumerated() {
            for i in row.dropLast() {
                let a = moved(l.boxes[i].rect), b = moved(l.boxes[i + 1].rect)
                let y = a.y + a.height / 2
                Self.arrow(on: canvas, points: [(a.maxX + 2, y), (b.x - 2, y)])
            }
            if index + 1 < l.rows.count {
                let a = moved(l.boxes[row.upperBound - 1].rect), b = moved(l.boxes[row.upperBound].rect)
                let ax = a.x + a.width / 2, bx = b.x + b.width / 2
                let middle = a.maxY + Self.rowGap / 2
                Self.arrow(on: canvas, points: [(ax, a.maxY + 2), (ax, middle), (bx, middle), (bx, b.y - 2)])
            }
        }
        let pad = Self.padding
        for box in l.boxes {
            let r = moved(box.rect)
            let outline = Self.roundedRect(r, radius: 3)
            if box.isEnd {
                canvas.fillAndStroke(outline, fill: Theme.accentLight, stroke: Theme.accent, style: StrokeStyle(width: 1))
            } else {
                canvas.fillAndStroke(outline, fill: .white, stroke: Theme.rule, style: StrokeStyle(width: 0.9))
            }
            let content = box.title.size.height + 2 + box.value.size.height + (box.detail.map { 2 + $0.size.height } ?? 0)
            var y = r.y + max(pad, (r.height - content) / 2)   // centred in a row of taller boxes
            canvas.draw(box.title, x: r.x + pad, y: y, color: box.isEnd ? Theme.accent : Theme.text)
            y += box.title.size.height + 2
            canvas.draw(box.value, x: r.x + pad, y: y, color: Theme.text)
            y += box.value.size.height + 2
            if let detail = box.detail { canvas.draw(detail, x: r.x + pad, y: y, color: Theme.muted) }
        }
        if let verdict = l.verdict {
            canvas.draw(verdict, x: rect.x, y: rect.y + l.verdictTop, color: verdictIsWarning ? Theme.warning : Theme.text)
        }
    }

    /// A polyline ending in a filled arrowhead at its last point.
    static func arrow(on canvas: PDFCanvas, points: [(Double, Double)]) {
        guard points.count >= 2 else { return }
        let (x1, y1) = points[points.count - 1], (x0, y0) = points[points.count - 2]
        let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
        guard length > 0 else { return }
        let ux = (x1 - x0) / length, uy = (y1 - y0) / length
        let head = 5.5, half = 3.0
        var shaft = points
        shaft[shaft.count - 1] = (x1 - ux * head * 0.8, y1 - uy * head * 0.8)
        canvas.stroke(Path.polyline(shaft), Theme.muted, style: StrokeStyle(width: 1, join: .round))
        let bx = x1 - ux * head, by = y1 - uy * head
        canvas.fill(Path.polygon([(x1, y1), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]), Theme.muted)
    }

    static func roundedRect(_ r: Rect, radius: Double) -> Path {
        let k = min(radius, r.width / 2, r.height / 2)
        var p = Path()
        p.move(to: r.x + k, r.y)
        p.line(to: r.maxX - k, r.y)
        p.arc(center: r.maxX - k, r.y + k, radius: k, from: -Double.pi / 2, to: 0)
        p.line(to: r.maxX, r.maxY - k)
        p.arc(center: r.maxX - k, r.maxY - k, radius: k, from: 0, to: Double.pi / 2)
        p.line(to: r.x + k, r.maxY)
        p.arc(center: r.x + k, r.maxY - k, radius: k, from: Double.pi / 2, to: Double.pi)
        p.line(to: r.x, r.y + k)
        p.arc(center: r.x + k, r.y + k, radius: k, from: Double.pi, to: 3 * Double.pi / 2)
        p.close()
        return p
    }
}
