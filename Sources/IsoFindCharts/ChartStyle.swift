// What every chart shares: fonts and colours taken from the theme, text helpers, localized
// strings, the title and the empty state.
import IsoFindDocument
import IsoFindFormat
import IsoFindRender

/// Typography and colours of the charts, derived from `Theme` so charts look like the report.
public enum ChartStyle {
    /// Chart title (optional; blocks usually have their own heading).
    public static let title = FontSpec(size: 9, weight: .bold)
    /// Axis titles, legend entries, box titles.
    public static let label = Theme.small
    /// Tick labels and bar value labels.
    public static let tick = FontSpec(size: 7.5)
    /// Point labels in scatter plots.
    public static let pointLabel = FontSpec(size: 6.5)

    /// Light grid lines.
    public static let grid = Color(hex: "#E3E8ED")!
    /// Plot frame and tick marks.
    public static let axis = Theme.muted
    /// Bars that are not highlighted: the accent, lightened (tells apart from highlighted bars in grey print).
    public static let bar = Color(hex: "#8DB4C6")!
    /// Highlighted bars.
    public static let barHighlight = Theme.accent

    static let tickLength = 3.0
    static let gridWidth = 0.45
    static let axisWidth = 0.6
}

/// The few words a chart prints by itself.
enum ChartStrings {
    static func noData(_ language: ReportLanguage) -> String {
        language == .fr ? "Aucune donnée" : "No data"
    }

    static func flagged(_ language: ReportLanguage) -> String {
        language == .fr ? "Point signalé" : "Flagged point"
    }
}

/// Text helpers: every string goes through `TextLayout`, so fonts and fallback are the report's.
enum ChartText {
    /// Plain text (no markup interpreted).
    static func plain(_ text: String, _ font: FontSpec, width: Double? = nil, alignment: TextAlignment = .left,
                      language: ReportLanguage) -> TextLayout {
        TextLayout.cached(text: text, font: font, width: width.map { max($0, 1) }, alignment: alignment,
                          language: language.rawValue)
    }

    /// Pango markup (`<sup>`, `<i>`…); markup that does not parse is shown as plain text rather
    /// than failing the report.
    static func markup(_ text: String, _ font: FontSpec, width: Double? = nil, alignment: TextAlignment = .left,
                       language: ReportLanguage) -> TextLayout {
        TextLayout.cached(markup: text, font: font, width: width.map { max($0, 1) }, alignment: alignment,
                          language: language.rawValue)
    }

    /// Plain text cut with "…" so that it fits in `maxLines` lines of `width`.
    static func truncated(_ text: String, _ font: FontSpec, width: Double, maxLines: Int,
                          alignment: TextAlignment = .left, language: ReportLanguage) -> TextLayout {
        let full = plain(text, font, width: width, alignment: alignment, language: language)
        guard full.lineCount > maxLines else { return full }
        let characters = Array(text)
        var low = 0, high = characters.count   // low fits, high does not
        var best = plain("…", font, width: width, alignment: alignment, language: language)
        while high - low > 1 {
            let mid = (low + high) / 2
            let candidate = plain(String(characters[..<mid]).trimmingTrailingSpaces + "…", font, width: width,
                                  alignment: alignment, language: language)
            if candidate.lineCount <= maxLines { low = mid; best = candidate } else { high = mid }
        }
        return best
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while let last = s.last, last == " " { s.removeLast() }
        return s
    }
}

extension PDFCanvas {
    /// Draws `layout` with its left edge at `x`, its first line's top at `y`.
    func draw(_ layout: TextLayout, x: Double, y: Double, color: Color = Theme.text) {
        text(layout, at: (x: x, y: y), color: color)
    }

    /// Draws an unwrapped `layout` with its right edge at `right`, vertically centred on `middle`.
    func drawRight(_ layout: TextLayout, right: Double, middle: Double, color: Color = Theme.text) {
        text(layout, at: (x: right - layout.size.width, y: middle - layout.size.height / 2), color: color)
    }

    /// Draws an unwrapped `layout` horizontally centred on `center`, top at `top`.
    func drawCentered(_ layout: TextLayout, center: Double, top: Double, color: Color = Theme.text) {
        text(layout, at: (x: center - layout.size.width / 2, y: top), color: color)
    }
}

/// The chart title and the framed "No data" note of a chart without data.
enum ChartChrome {
    static let titleGap = 5.0

    static func titleLayout(_ title: String?, width: Double, language: ReportLanguage) -> TextLayout? {
        guard let title, !title.isEmpty else { return nil }
        return ChartText.plain(title, ChartStyle.title, width: width, language: language)
    }

    /// Height the title takes above the chart body (0 without a title).
    static func titleHeight(_ layout: TextLayout?) -> Double {
        layout.map { $0.size.height + titleGap } ?? 0
    }

    /// Minimum height of the empty-state note.
    static let emptyHeight = 44.0

    /// Height of a chart without data: its title and the note.
    static func emptyChartHeight(title: String?, width: Double, language: ReportLanguage) -> Double {
        (titleHeight(titleLayout(title, width: width, language: language)) + emptyHeight).rounded(.up)
    }

    /// Draws the title (if any) and a framed, centred "No data" / "Aucune donnée" in the rest of `rect`.
    static func drawEmpty(on canvas: PDFCanvas, in rect: Rect, title: String?, language: ReportLanguage) {
        var top = rect.y
        if let layout = titleLayout(title, width: rect.width, language: language) {
            canvas.draw(layout, x: rect.x, y: top)
            top += titleHeight(layout)
        }
        let box = Rect(x: rect.x + 0.5, y: top + 0.5, width: rect.width - 1,
                       height: max(rect.maxY - top - 1, 20))
        canvas.fill(box, Theme.zebra)
        canvas.stroke(box, Theme.rule, width: 0.6)
        let note = ChartText.plain(ChartStrings.noData(language), Theme.caption, language: language)
        canvas.draw(note, x: box.x + (box.width - note.size.width) / 2,
                    y: box.y + (box.height - note.size.height) / 2, color: Theme.muted)
    }
}
