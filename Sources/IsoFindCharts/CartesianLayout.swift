// The frame shared by the scatter and line plots: title, axis titles, ticks, grid, plot area, legend.
import IsoFindDocument
import IsoFindFormat
import IsoFindRender

/// Where everything of a two-axis chart goes in its rectangle, from top to bottom:
/// title; y-axis title (horizontal, above the y tick labels: it reads and extracts like normal
/// text, unlike rotated text); plot area with y tick labels on its left; x tick labels; x-axis
/// title centred; legend. The number of ticks adapts to the room: y ticks at least ~22 pt apart,
/// x tick labels never closer than 8 pt.
struct CartesianLayout {
    let title: TextLayout?
    let titleTop: Double
    let yTitle: TextLayout?
    let yTitleTop: Double
    let xTitle: TextLayout?
    let xTitleTop: Double
    let xTitleX: Double
    let legend: Legend?
    let legendRect: Rect
    let plot: Rect
    let x: Axis
    let y: Axis
    let xTicks: [(value: Double, label: TextLayout)]
    let yTicks: [(value: Double, label: TextLayout)]
    let rect: Rect

    static let minimumPlotHeight = 16.0

    /// `xRange`/`yRange` are the data extents (already padded by the caller if wanted). `fitted`
    /// uses `NiceScale.fitted` (tight axes when loose ones would waste room), else loose scales.
    init(rect: Rect, title: String?, xLabel: String, yLabel: String,
         xRange: (Double, Double), yRange: (Double, Double), invertY: Bool, fitted: Bool,
         legendItems: [LegendItem], language: ReportLanguage) {
        self.rect = rect
        var top = rect.y
        let titleLayout = ChartChrome.titleLayout(title, width: rect.width, language: language)
        self.title = titleLayout
        titleTop = top
        top += ChartChrome.titleHeight(titleLayout)

        yTitle = yLabel.isEmpty ? nil : ChartText.markup(yLabel, ChartStyle.label, width: rect.width, language: language)
        yTitleTop = top
        if let yTitle { top += yTitle.size.height + 3 }

        let tickHeight = ChartText.plain("0", ChartStyle.tick, language: language).size.height
        let plotTop = top + tickHeight / 2

        var bottom = rect.maxY
        if legendItems.isEmpty {
            legend = nil
            legendRect = Rect(x: rect.x, y: bottom, width: rect.width, height: 0)
        } else {
            let legend = Legend(items: legendItems, language: language)
            let h = legend.height(forWidth: rect.width)
            legendRect = Rect(x: rect.x, y: bottom - h, width: rect.width, height: h)
            bottom -= h + 6
            self.legend = legend
        }
        let wideXTitle = xLabel.isEmpty ? nil
            : ChartText.markup(xLabel, ChartStyle.label, width: rect.width, alignment: .center, language: language)
        if let xTitle = wideXTitle {
            bottom -= xTitle.size.height
            xTitleTop = bottom
            bottom -= 2
        } else {
            xTitleTop = bottom
        }
        bottom -= tickHeight + ChartStyle.tickLength + 2
        let plotBottom = max(bottom, plotTop + Self.minimumPlotHeight)
        let plotHeight = plotBottom - plotTop

        // y scale: as many ticks as fit at ~22 pt apart (2…8).
        let yMaxTicks = min(max(Int(plotHeight / 22) + 1, 2), 8)
        func scale(_ range: (Double, Double), _ maxTicks: Int) -> NiceScale {
            fitted ? NiceScale.fitted(min: range.0, max: range.1, maxTicks: maxTicks)
                   : NiceScale(min: range.0, max: range.1, maxTicks: maxTicks)
        }
        let yScale = scale(yRange, yMaxTicks)
        let yLabels = yScale.ticks.map { ChartText.plain(yScale.label($0, language), ChartStyle.tick, language: language) }
        let yLabelWidth = yLabels.map { $0.size.width }.max() ?? 0
        var plotLeft = rect.x + yLabelWidth + ChartStyle.tickLength + 3

        // x scale: the most ticks (≤ 8) whose labels keep 6 pt apart.
        var chosen: (NiceScale, [TextLayout], Double, Double)?
        for maxTicks in stride(from: 8, through: 2, by: -1) {
            let candidate = scale(xRange, maxTicks)
            let labels = candidate.ticks.map { ChartText.plain(candidate.label($0, language), ChartStyle.tick, language: language) }
            let widest = labels.map { $0.size.width }.max() ?? 0
            let left = max(plotLeft, rect.x + (labels.first?.size.width ?? 0) / 2)
            let right = rect.maxX - max(2, (labels.last?.size.width ?? 0) / 2)
            let span = candidate.upper - candidate.lower
            let stepWidth = span > 0 ? (right - left) * candidate.step / span : right - left
            chosen = (candidate, labels, left, right)
            if stepWidth >= widest + 8 { break }
        }
        let (xScale, xLabels, left, right) = chosen!
        plotLeft = left
        plot = Rect(x: plotLeft, y: plotTop, width: max(right - plotLeft, 10), height: plotHeight)
        x = Axis(scale: xScale, start: plot.x, end: plot.maxX)
        y = invertY ? Axis(scale: yScale, start: plot.y, end: plot.maxY)
                    : Axis(scale: yScale, start: plot.maxY, end: plot.y)
        // Centre the x title under the plot when it fits there in as many lines.
        if let wide = wideXTitle {
            let narrow = ChartText.markup(xLabel, ChartStyle.label, width: plot.width, alignment: .center, language: language)
            if narrow.lineCount <= wide.lineCount {
                xTitle = narrow
                xTitleX = plot.x
            } else {
                xTitle = wide
                xTitleX = rect.x
            }
        } else {
            xTitle = nil
            xTitleX = rect.x
        }
        xTicks = Array(zip(xScale.ticks, xLabels)).map { (value: $0.0, label: $0.1) }
        yTicks = Array(zip(yScale.ticks, yLabels)).map { (value: $0.0, label: $0.1) }
    }

    /// Title, axis titles, grid, frame, ticks and tick labels: everything under the data.
    func drawBackground(on canvas: PDFCanvas) {
        if let title { canvas.draw(title, x: rect.x, y: titleTop) }
        if let yTitle { canvas.draw(yTitle, x: rect.x, y: yTitleTop) }
        for tick in xTicks {
            let px = x.position(tick.value)
            if px > plot.x + 0.5, px < plot.maxX - 0.5 {
                canvas.line(from: (px, plot.y), to: (px, plot.maxY), ChartStyle.grid, width: ChartStyle.gridWidth)
            }
            canvas.line(from: (px, plot.maxY), to: (px, plot.maxY + ChartStyle.tickLength), ChartStyle.axis,
                        width: ChartStyle.axisWidth)
            canvas.drawCentered(tick.label, center: px, top: plot.maxY + ChartStyle.tickLength + 1.5, color: Theme.text)
        }
        for tick in yTicks {
            let py = y.position(tick.value)
            if py > plot.y + 0.5, py < plot.maxY - 0.5 {
                canvas.line(from: (plot.x, py), to: (plot.maxX, py), ChartStyle.grid, width: ChartStyle.gridWidth)
            }
            canvas.line(from: (plot.x - ChartStyle.tickLength, py), to: (plot.x, py), ChartStyle.axis,
                        width: ChartStyle.axisWidth)
            canvas.drawRight(tick.label, right: plot.x - ChartStyle.tickLength - 2, middle: py, color: Theme.text)
        }
        canvas.stroke(plot, ChartStyle.axis, width: ChartStyle.axisWidth)
        if let xTitle { canvas.draw(xTitle, x: xTitleX, y: xTitleTop) }
    }

    /// The legend, under everything else.
    func drawLegend(on canvas: PDFCanvas) {
        legend?.draw(on: canvas, in: legendRect)
    }
}
