// Small multiples: several charts side by side (vertical profiles, one small plot per parameter).
import IsoFindDocument
import IsoFindLayout
import IsoFindRender

/// Charts in `columns` equal columns, row after row; a row is as tall as its tallest chart at
/// the column width. Unlike a single chart the grid may split between rows across pages (a
/// row itself never splits).
public final class ChartGrid: Drawable {
    public let charts: [any Drawable]
    public let columns: Int
    public let spacing: Double

    public init(charts: [any Drawable], columns: Int, spacing: Double = 12) {
        self.charts = charts
        self.columns = max(1, columns)
        self.spacing = max(0, spacing)
    }

    func columnWidth(_ width: Double) -> Double {
        max((width - spacing * Double(columns - 1)) / Double(columns), 1)
    }

    var rows: [ArraySlice<any Drawable>] {
        stride(from: 0, to: charts.count, by: columns).map { charts[$0..<min($0 + columns, charts.count)] }
    }

    func rowHeights(_ width: Double) -> [Double] {
        let w = columnWidth(width)
        return rows.map { row in row.map { $0.height(forWidth: w) }.max() ?? 0 }
    }

    public func height(forWidth width: Double) -> Double {
        let heights = rowHeights(width)
        return heights.reduce(0, +) + spacing * Double(max(heights.count - 1, 0))
    }

    public func split(width: Double, height: Double) -> (head: any Flowable, tail: any Flowable)? {
        let heights = rowHeights(width)
        var used = 0.0, count = 0
        for h in heights {
            let next = used + (count > 0 ? spacing : 0) + h
            guard next <= height + 1e-6 else { break }
            used = next
            count += 1
        }
        guard count > 0, count < heights.count else { return nil }
        let cut = count * columns
        return (ChartGrid(charts: Array(charts[..<cut]), columns: columns, spacing: spacing),
                ChartGrid(charts: Array(charts[cut...]), columns: columns, spacing: spacing))
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let w = columnWidth(rect.width)
        var y = rect.y
        for (row, h) in zip(rows, rowHeights(rect.width)) {
            for (k, chart) in row.enumerated() {
                let x = rect.x + Double(k) * (w + spacing)
                chart.draw(on: canvas, in: Rect(x: x, y: y, width: w, height: chart.height(forWidth: w)))
            }
            y += h + spacing
        }
    }
}
