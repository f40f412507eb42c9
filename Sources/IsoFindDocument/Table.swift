import IsoFindFormat
import IsoFindLayout
import IsoFindRender

public struct TableColumn: Sendable {
    public let title: String
    /// Relative width: the columns share the frame width in this proportion, then adjust to
    /// their content (`ColumnWidths`): no word is cut while the table has room.
    public let weight: Double
    public let alignment: TextAlignment

    public init(_ title: String, weight: Double = 1, alignment: TextAlignment = .left) {
        self.title = title
        self.weight = weight
        self.alignment = alignment
    }
}

/// A table of Pango-markup cells. Splits between rows, never inside one, and repeats its header
/// row at the top of every part. Rows in `highlighted` are tinted (non-compliant values…).
public final class Table: Drawable {
    let columns: [TableColumn]
    let rows: [[String]]
    let highlighted: Set<Int>
    public let showsHeader: Bool
    let font: FontSpec
    let headerFont: FontSpec
    let measurements: Measurements
    let range: Range<Int>
    /// Markup shown above the header row of every part after the first ("Sr isotopes
    /// (continued)"), so that a table continued on a new page says what it is.
    public var continuation: String?
    static let padding = (horizontal: 4.0, vertical: 3.0)
    static let spaceAfter = 8.0

    /// A header or cell text on one line, with the two widths a column needs for it: the whole
    /// line, and its widest run between spaces.
    struct SingleLine {
        let layout: TextLayout
        let natural: Double
        let minimum: Double
    }

    /// Cell layouts and row heights at one width, shared by every part of a split table.
    final class Measurements {
        var needs: [ColumnWidths.Need]?
        /// Each distinct header or cell text laid out on one line, at the table's font size: its
        /// widths size the columns, and it is drawn as is wherever it fits its column.
        var singleLines: [String: SingleLine] = [:]
        var width: Double?
        /// The font scale at that width (`fontScale`): the layouts are made at the table's own
        /// font size and drawn at this scale.
        var scale = 1.0
        var continuation: TextLayout?
        var header: [TextLayout] = []
        var headerOffsets: [Double] = []
        var headerHeight = 0.0
        var cells: [[TextLayout]] = []
        /// Per cell, the x offset that aligns a one-line layout in its column (0 for wrapped ones).
        var offsets: [[Double]] = []
        var rowHeights: [Double] = []
    }

    public init(columns: [TableColumn], rows: [[String]], highlighted: Set<Int> = [], showsHeader: Bool = true,
                font: FontSpec = Theme.small, headerFont: FontSpec = Theme.smallBold) {
        self.columns = columns
        self.rows = rows
        self.highlighted = highlighted
        self.showsHeader = showsHeader
        self.font = font
        self.headerFont = headerFont
        measurements = Measurements()
        range = 0..<rows.count
    }

    private init(parent: Table, range: Range<Int>) {
        columns = parent.columns
        rows = parent.rows
        highlighted = parent.highlighted
        showsHeader = parent.showsHeader
        font = parent.font
        headerFont = parent.headerFont
        measurements = parent.measurements
        continuation = parent.continuation
        self.range = range
    }

    /// A table too wide for its frame (its widest words do not fit side by side: a raw-data annex
    /// with a dozen columns) is set smaller, down to this fraction of its font size, before any
    /// word has to break.
    static let smallestFontScale = 0.8

    func columnWidths(_ width: Double) -> [Double] {
        ColumnWidths.distribute(width, needs(scale: fontScale(width)))
    }

    /// 1, or less for a table whose widest words do not fit at its font size. Unhinted text
    /// widths scale with the font size, so the content widths measured once are scaled.
    func fontScale(_ width: Double) -> Double {
        let content = needs()
        let padding = Double(columns.count) * Self.cellPadding
        let words = content.reduce(0) { $0 + $1.minimum }
        guard words + padding > width, words > 0 else { return 1 }
        return max(Self.smallestFontScale, min(1, (width - padding) / words))
    }

    static let cellPadding = 2 * padding.horizontal + 0.5

    /// The columns' needs with their text at `scale` times the table's font size, padding included.
    func needs(scale: Double) -> [ColumnWidths.Need] {
        needs().map {
            ColumnWidths.Need(weight: $0.weight, minimum: $0.minimum * scale + Self.cellPadding,
                              natural: $0.natural * scale + Self.cellPadding)
        }
    }

    /// Each column's weight and the widths its header and cells need at the table's font size,
    /// padding excluded; measured once per table (a repeated cell text is measured once).
    func needs() -> [ColumnWidths.Need] {
        if let needs = measurements.needs { return needs }
        let needs = columns.indices.map { index in
            var natural = 0.0, minimum = 0.0
            if showsHeader {
                let header = singleLine(Markup.escape(columns[index].title), header: true)
                natural = header.natural
                minimum = header.minimum
            }
            for row in rows where index < row.count {
                let cell = singleLine(row[index], header: false)
                natural = max(natural, cell.natural)
                minimum = max(minimum, cell.minimum)
            }
            return ColumnWidths.Need(weight: columns[index].weight, minimum: minimum, natural: natural)
        }
        measurements.needs = needs
        return needs
    }

    static func key(_ markup: String, header: Bool) -> String { (header ? "h" : "c") + markup }

    /// A text laid out once per table, at the table's font size (a repeated text is measured once).
    func singleLine(_ markup: String, header: Bool) -> SingleLine {
        let key = Self.key(markup, header: header)
        if let line = measurements.singleLines[key] { return line }
        let font = header ? headerFont : font
        let layout = TextLayout.cached(markup: markup, font: font, width: nil, lineSpacing: 1.05, breaksOnlyAtSpaces: true)
        let line = SingleLine(layout: layout, natural: layout.size.width, minimum: layout.widestRun)
        measurements.singleLines[key] = line
        return line
    }

    /// A cell at its column's width, and the x offset that aligns it, for a table drawn at
    /// `scale` times its font size. Every layout is made at the table's own font size: a text
    /// that fits on one line is the layout already measured for the column widths; otherwise it
    /// is laid out at the column's width divided by `scale`. `whole` keeps the runs between
    /// spaces unbroken ("µg/L"), which the widths allow when the column gets at least its widest
    /// run.
    func layout(_ markup: String, header: Bool, scale: Double, width: Double, alignment: TextAlignment,
                whole: Bool) -> (TextLayout, Double) {
        let inner = max(1, width - 2 * Self.padding.horizontal)
        if whole, let line = measurements.singleLines[Self.key(markup, header: header)], line.natural * scale <= inner + 1e-6 {
            let room = inner - line.natural * scale
            return (line.layout, alignment == .right ? room : alignment == .center ? room / 2 : 0)
        }
        let layout = TextLayout.cached(markup: markup, font: header ? headerFont : font, width: inner / scale,
                                       alignment: alignment, lineSpacing: 1.05, breaksOnlyAtSpaces: whole)
        return (layout, 0)
    }

    func measure(_ width: Double) -> Measurements {
        if measurements.width == width { return measurements }
        // A table set smaller is not laid out a second time at the smaller size: unhinted text
        // scales exactly, so its layouts are drawn under a scale (`PDFCanvas.texts(scale:)`).
        let scale = fontScale(width)
        let needs = needs(scale: scale)
        let widths = ColumnWidths.distribute(width, needs)
        // A column narrower than its widest run must break words (Pango's word, then character
        // breaks); the others keep their runs whole.
        let whole = zip(widths, needs).map { $0 >= $1.minimum - 1e-6 }
        let header = showsHeader ? zip(zip(columns, widths), whole).map {
            layout(Markup.escape($0.0.title), header: true, scale: scale, width: $0.1, alignment: $0.0.alignment, whole: $1)
        } : []
        measurements.scale = scale
        measurements.header = header.map(\.0)
        measurements.headerOffsets = header.map(\.1)
        measurements.headerHeight = showsHeader
            ? (measurements.header.map(\.size.height).max() ?? 0) * scale + 2 * Self.padding.vertical : 0
        let laidOut = rows.map { row in
            zip(columns.indices, widths).map { index, columnWidth in
                layout(index < row.count ? row[index] : "", header: false, scale: scale, width: columnWidth,
                       alignment: columns[index].alignment, whole: whole[index])
            }
        }
        measurements.cells = laidOut.map { $0.map(\.0) }
        measurements.offsets = laidOut.map { $0.map(\.1) }
        measurements.rowHeights = measurements.cells.map {
            ($0.map(\.size.height).max() ?? 0) * scale + 2 * Self.padding.vertical
        }
        measurements.continuation = continuation.map {
            TextLayout.cached(markup: $0, font: Theme.caption, width: width)
        }
        measurements.width = width
        return measurements
    }

    /// The continuation line's height: only parts after the first show it.
    func continuationHeight(_ measured: Measurements) -> Double {
        guard range.lowerBound > 0, let layout = measured.continuation else { return 0 }
        return layout.size.height + 3
    }

    public func height(forWidth width: Double) -> Double {
        let measured = measure(width)
        return continuationHeight(measured) + measured.headerHeight + measured.rowHeights[range].reduce(0, +) + Self.spaceAfter
    }

    public func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)? {
        // A short table (six rows, or a list of up to eight key and value pairs) stays in one piece.
        guard rows.count > (showsHeader ? 6 : 8) else { return nil }
        let measured = measure(width)
        let count = TableRows.fitting(headerHeight: measured.headerHeight, rowHeights: measured.rowHeights,
                                      from: range.lowerBound,
                                      available: height - Self.spaceAfter - continuationHeight(measured))
        // No orphan or widow rows: a part of a table longer than three rows keeps at least two.
        let least = range.count > 3 ? 2 : 1
        let head = min(count, range.count - least)
        guard head >= least else { return nil }
        let cut = range.lowerBound + head
        return (Table(parent: self, range: range.lowerBound..<cut), Table(parent: self, range: cut..<range.upperBound))
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let measured = measure(rect.width)
        let widths = columnWidths(rect.width)
        var y = rect.y
        if range.lowerBound > 0, let layout = measured.continuation {
            canvas.text(layout, at: (rect.x, y), color: Theme.muted)
            y += continuationHeight(measured)
        }
        if showsHeader {
            canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: measured.headerHeight), Theme.accentLight)
            drawRow(measured.header, offsets: measured.headerOffsets, widths: widths, x: rect.x, y: y, scale: measured.scale,
                    on: canvas, color: Theme.text)
            y += measured.headerHeight
            canvas.line(from: (rect.x, y), to: (rect.maxX, y), Theme.accent, width: 0.8)
        }
        for index in range {
            let height = measured.rowHeights[index]
            if highlighted.contains(index) {
                canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: height), Theme.alertLight)
            } else if (index - range.lowerBound) % 2 == 1 {
                canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: height), Theme.zebra)
            }
            drawRow(measured.cells[index], offsets: measured.offsets[index], widths: widths, x: rect.x, y: y,
                    scale: measured.scale, on: canvas, color: Theme.text)
            y += height
        }
        canvas.line(from: (rect.x, y), to: (rect.maxX, y), Theme.rule, width: 0.5)
    }

    /// The row's cells in one text call, at `scale`: their glyphs reach cairo together
    /// (`PDFCanvas.texts`).
    func drawRow(_ layouts: [TextLayout], offsets: [Double], widths: [Double], x: Double, y: Double, scale: Double,
                 on canvas: PDFCanvas, color: Color) {
        var left = x
        var cells: [(layout: TextLayout, x: Double, y: Double)] = []
        cells.reserveCapacity(layouts.count)
        for (index, (layout, width)) in zip(layouts, widths).enumerated() {
            cells.append((layout, left + Self.padding.horizontal + offsets[index], y + Self.padding.vertical))
            left += width
        }
        canvas.texts(cells, color: color, scale: scale)
    }
}

/// Pairs of a label and a value, as a two-column table without header.
public func keyValueList(_ pairs: [(String, String)], labelWeight: Double = 1, valueWeight: Double = 2.2) -> Table {
    Table(columns: [TableColumn("", weight: labelWeight), TableColumn("", weight: valueWeight)],
          rows: pairs.map { ["<b>\(Markup.escape($0.0))</b>", $0.1] }, showsHeader: false, font: Theme.body)
}
