// Bar chart: scores of ranked matches, counts by class, values per sample.
import IsoFindDocument
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// A bar chart with a value axis from 0 (negative values go the other way), nice ticks, light
/// grid lines and each value printed at the end of its bar.
///
/// - `horizontal` (the default) lists categories top to bottom with their labels on the left,
///   wrapped on up to two lines and cut with "…" beyond: made for long labels (sample names,
///   references). Its height follows from the number of bars (one row per bar) unless `height`
///   is given, and does not depend on an aspect ratio.
/// - vertical bars (`horizontal: false`) put up to three lines of label under each bar; the
///   height is `aspectRatio` × width unless `height` is given.
///
/// Values print with `NumberFormat.decimal(fractionDigits:)` when `fractionDigits` is given,
/// else `NumberFormat.automatic(maxSignificantDigits: 4)`; a non-finite value draws no bar and
/// prints "—". `unit` (plain text, e.g. "mg/kg", "%") names the value axis. Highlighted bars
/// are drawn in the full accent colour with bold values, the others lighter: the difference
/// survives grey print. Labels and title are plain text.
public final class BarChart: Drawable {
    public let title: String?
    public let labels: [String]
    public let values: [Double]
    public let unit: String?
    public let language: ReportLanguage
    public let highlight: Set<Int>
    public let horizontal: Bool
    public let fractionDigits: Int?
    public let fixedHeight: Double?
    public let aspectRatio: Double

    static let labelGap = 6.0
    static let valueGap = 3.0
    static let minimumPitch = 14.0

    /// `labels` and `values` pair by index (the shorter count wins).
    public init(title: String?, labels: [String], values: [Double], unit: String?, language: ReportLanguage,
                highlight: Set<Int> = [], horizontal: Bool = true, fractionDigits: Int? = nil,
                height: Double? = nil, aspectRatio: Double = 0.5) {
        self.title = title
        let n = min(labels.count, values.count)
        self.labels = Array(labels.prefix(n))
        self.values = Array(values.prefix(n))
        self.unit = unit
        self.language = language
        self.highlight = highlight
        self.horizontal = horizontal
        self.fractionDigits = fractionDigits
        self.fixedHeight = height
        self.aspectRatio = aspectRatio > 0 && aspectRatio.isFinite ? aspectRatio : 0.5
    }

    var isEmpty: Bool { values.isEmpty }

    func valueText(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if let fractionDigits { return NumberFormat.decimal(value, fractionDigits: fractionDigits, language) }
        return NumberFormat.automatic(value, maxSignificantDigits: 4, language)
    }

    func valueLayout(_ index: Int) -> TextLayout {
        let font = highlight.contains(index) ? FontSpec(size: ChartStyle.tick.size, weight: .bold) : ChartStyle.tick
        return ChartText.plain(valueText(values[index]), font, language: language)
    }

    var valueRange: (Double, Double) {
        let finite = values.filter(\.isFinite)
        return (finite.min() ?? 0, finite.max() ?? 0)
    }

    private var cachedHeight: (width: Double, height: Double)?

    public func height(forWidth width: Double) -> Double {
        if let fixedHeight { return fixedHeight }
        if isEmpty { return ChartChrome.emptyChartHeight(title: title, width: width, language: language) }
        if !horizontal { return (width * aspectRatio).rounded() }
        if let cachedHeight, cachedHeight.width == width { return cachedHeight.height }
        let h = HorizontalLayout(chart: self, width: width, fixedHeight: nil).totalHeight
        cachedHeight = (width, h)
        return h
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        if isEmpty {
            ChartChrome.drawEmpty(on: canvas, in: rect, title: title, language: language)
            return
        }
        if horizontal {
            HorizontalLayout(chart: self, width: rect.width, fixedHeight: fixedHeight)
                .draw(on: canvas, at: rect)
        } else {
            drawVertical(on: canvas, in: rect)
        }
    }

    func labelFont(_ index: Int) -> FontSpec { highlight.contains(index) ? Theme.smallBold : ChartStyle.label }

    func barColor(_ index: Int) -> Color { highlight.contains(index) ? ChartStyle.barHighlight : ChartStyle.bar }

    /// The value scale whose tick labels stay 6 pt apart along `length` (most ticks first).
    func valueScale(length: Double, vertical: Bool) -> (NiceScale, [TextLayout]) {
        let (lo, hi) = valueRange
        var result: (NiceScale, [TextLayout])?
        let start = vertical ? min(max(Int(length / 22) + 1, 2), 8) : 8
        for maxTicks in stride(from: start, through: 2, by: -1) {
            let scale = NiceScale(min: lo, max: hi, maxTicks: maxTicks, includeZero: true)
            let layouts = scale.ticks.map { ChartText.plain(scale.label($0, language), ChartStyle.tick, language: language) }
            result = (scale, layouts)
            if vertical { break }
            let widest = layouts.map { $0.size.width }.max() ?? 0
            if length / Double(max(layouts.count - 1, 1)) >= widest + 6 { break }
        }
        return result!
    }

    // MARK: - Horizontal bars

    /// Geometry of horizontal bars at a width (relative to the chart's top-left corner).
    struct HorizontalLayout {
        let chart: BarChart
        let title: TextLayout?
        let labels: [TextLayout]
        let valueLabels: [TextLayout]
        let unit: TextLayout?
        let labelWidth: Double
        let plotX: Double
        let plotWidth: Double
        let top: Double
        let pitch: Double
        let scale: NiceScale
        let tickLabels: [TextLayout]
        let tickHeight: Double
        let totalHeight: Double

        init(chart: BarChart, width: Double, fixedHeight: Double?) {
            self.chart = chart
            let language = chart.language
            title = ChartChrome.titleLayout(chart.title, width: width, language: language)
            top = ChartChrome.titleHeight(title)
            let natural = chart.labels.indices.map {
                ChartText.plain(chart.labels[$0], chart.labelFont($0), language: language).size.width
            }
            let labelWidth = min(natural.max() ?? 0, max(width * 0.38, 40)).rounded(.up) + 1
            self.labelWidth = labelWidth
            labels = chart.labels.indices.map { i in
                ChartText.truncated(chart.labels[i], chart.labelFont(i), width: labelWidth, maxLines: 2,
                                    alignment: .right, language: language)
            }
            valueLabels = chart.values.indices.map { chart.valueLayout($0) }
            let positiveRoom = zip(chart.values, valueLabels).filter { !($0.0 < 0) }.map { $0.1.size.width }.max() ?? 0
            let negativeRoom = zip(chart.values, valueLabels).filter { $0.0 < 0 }.map { $0.1.size.width }.max() ?? 0
            let left = labelWidth + BarChart.labelGap + (negativeRoom > 0 ? negativeRoom + BarChart.valueGap : 0)
            // Tick labels are centred on their ticks: half the widest must fit at both ends.
            let roughTicks = chart.valueScale(length: max(width - left - positiveRoom - 4, 20), vertical: false)
            let halfTick = (roughTicks.1.map { $0.size.width }.max() ?? 0) / 2
            plotX = left
            let right = max(positiveRoom + BarChart.valueGap, halfTick) + 1
            plotWidth = max(width - left - right, 20)
            (scale, tickLabels) = chart.valueScale(length: plotWidth, vertical: false)
            tickHeight = ChartText.plain("0", ChartStyle.tick, language: language).size.height
            unit = chart.unit.flatMap { $0.isEmpty ? nil : ChartText.plain($0, ChartStyle.label, language: language) }
            let below = ChartStyle.tickLength + 1.5 + tickHeight + (unit.map { 2 + $0.size.height } ?? 0)
            let n = Double(chart.values.count)
            if let fixedHeight {
                pitch = max((fixedHeight - top - below) / n, 4)
            } else {
                let tallest = labels.map { $0.size.height }.max() ?? 0
                pitch = max(BarChart.minimumPitch, tallest + 5).rounded(.up)
            }
            totalHeight = (top + pitch * n + below).rounded(.up)
        }

        func draw(on canvas: PDFCanvas, at rect: Rect) {
            if let title { canvas.draw(title, x: rect.x, y: rect.y) }
            let plot = Rect(x: rect.x + plotX, y: rect.y + top, width: plotWidth, height: pitch * Double(labels.count))
            let axis = Axis(scale: scale, start: plot.x, end: plot.maxX)
            for (tick, label) in zip(scale.ticks, tickLabels) {
                let px = axis.position(tick)
                if tick != 0 {
                    canvas.line(from: (px, plot.y), to: (px, plot.maxY), ChartStyle.grid, width: ChartStyle.gridWidth)
                }
                canvas.line(from: (px, plot.maxY), to: (px, plot.maxY + ChartStyle.tickLength), ChartStyle.axis,
                            width: ChartStyle.axisWidth)
                canvas.drawCentered(label, center: px, top: plot.maxY + ChartStyle.tickLength + 1.5)
            }
            let zero = axis.position(0)
            let thickness = min(pitch * 0.62, 12)
            for i in labels.indices {
                let middle = plot.y + pitch * (Double(i) + 0.5)
                let label = labels[i]
                canvas.draw(label, x: rect.x, y: middle - label.size.height / 2)
                let value = chart.values[i]
                let valueLabel = valueLabels[i]
                guard value.isFinite else {
                    canvas.draw(valueLabel, x: zero + BarChart.valueGap, y: middle - valueLabel.size.height / 2,
                                color: Theme.muted)
                    continue
                }
                let end = axis.position(value)
                let bar = Rect(x: min(zero, end), y: middle - thickness / 2, width: abs(end - zero), height: thickness)
                if bar.width > 0 { canvas.fill(bar, chart.barColor(i)) }
                let x = value < 0 ? end - BarChart.valueGap - valueLabel.size.width : end + BarChart.valueGap
                canvas.draw(valueLabel, x: x, y: middle - valueLabel.size.height / 2)
            }
            // The zero line and the value axis.
            canvas.line(from: (zero, plot.y), to: (zero, plot.maxY), ChartStyle.axis, width: ChartStyle.axisWidth)
            canvas.line(from: (plot.x, plot.maxY), to: (plot.maxX, plot.maxY), ChartStyle.axis, width: ChartStyle.axisWidth)
            if let unit {
                canvas.drawCentered(unit, center: plot.x + plot.width / 2,
                                    top: plot.maxY + ChartStyle.tickLength + 1.5 + tickHeight + 2)
            }
        }
    }

    // MARK: - Vertical bars

    func drawVertical(on canvas: PDFCanvas, in rect: Rect) {
        var top = rect.y
        if let title = ChartChrome.titleLayout(title, width: rect.width, language: language) {
            canvas.draw(title, x: rect.x, y: top)
            top += ChartChrome.titleHeight(title)
        }
        if let unit, !unit.isEmpty {
            let layout = ChartText.plain(unit, ChartStyle.label, language: language)
            canvas.draw(layout, x: rect.x, y: top)
            top += layout.size.height + 3
        }
        let tickHeight = ChartText.plain("0", ChartStyle.tick, language: language).size.height
        let valueLabels = values.indices.map { valueLayout($0) }
        let (lo, hi) = valueRange
        // Room for the values above positive bars and below negative ones.
        top += max(tickHeight / 2, hi > 0 ? tickHeight + BarChart.valueGap : 0)
        let bottomRoom = lo < 0 ? tickHeight + BarChart.valueGap : 0
        let n = Double(values.count)

        // First pass with two label lines to size the plot, then the real labels.
        let provisional = rect.maxY - top - bottomRoom - 2 * tickHeight * 1.3 - 4
        var (scale, tickLabels) = valueScale(length: max(provisional, 20), vertical: true)
        let tickWidth = tickLabels.map { $0.size.width }.max() ?? 0
        let plotX = rect.x + tickWidth + ChartStyle.tickLength + 3
        let plotWidth = max(rect.maxX - plotX - 1, 20)
        let slot = plotWidth / n
        let labelLayouts = labels.indices.map {
            ChartText.truncated(labels[$0], labelFont($0), width: max(slot - 4, 12), maxLines: 3, alignment: .center,
                                language: language)
        }
        let labelHeight = labelLayouts.map { $0.size.height }.max() ?? 0
        let plotHeight = max(rect.maxY - top - bottomRoom - labelHeight - 4, 16)
        (scale, tickLabels) = valueScale(length: plotHeight, vertical: true)
        let plot = Rect(x: plotX, y: top, width: plotWidth, height: plotHeight)
        let axis = Axis(scale: scale, start: plot.maxY, end: plot.y)

        for (tick, label) in zip(scale.ticks, tickLabels) {
            let py = axis.position(tick)
            if tick != 0 {
                canvas.line(from: (plot.x, py), to: (plot.maxX, py), ChartStyle.grid, width: ChartStyle.gridWidth)
            }
            canvas.line(from: (plot.x - ChartStyle.tickLength, py), to: (plot.x, py), ChartStyle.axis,
                        width: ChartStyle.axisWidth)
            canvas.drawRight(label, right: plot.x - ChartStyle.tickLength - 2, middle: py)
        }
        let zero = axis.position(0)
        let thickness = min(slot * 0.62, 40)
        for i in values.indices {
            let center = plot.x + slot * (Double(i) + 0.5)
            let value = values[i]
            let valueLabel = valueLabels[i]
            if value.isFinite {
                let end = axis.position(value)
                let bar = Rect(x: center - thickness / 2, y: min(zero, end), width: thickness, height: abs(end - zero))
                if bar.height > 0 { canvas.fill(bar, barColor(i)) }
                let y = value < 0 ? end + BarChart.valueGap : end - BarChart.valueGap - valueLabel.size.height
                canvas.drawCentered(valueLabel, center: center, top: y)
            } else {
                canvas.drawCentered(valueLabel, center: center, top: zero - BarChart.valueGap - valueLabel.size.height,
                                    color: Theme.muted)
            }
            let label = labelLayouts[i]
            canvas.draw(label, x: center - (label.width ?? label.size.width) / 2, y: plot.maxY + bottomRoom + 3)
        }
        canvas.line(from: (plot.x, zero), to: (plot.maxX, zero), ChartStyle.axis, width: ChartStyle.axisWidth)
        canvas.line(from: (plot.x, plot.y), to: (plot.x, plot.maxY), ChartStyle.axis, width: ChartStyle.axisWidth)
    }
}
