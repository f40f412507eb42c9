// Pango text layout: measuring paragraphs and drawing them, whole or line by line, on the canvas.
import CCairo

/// A font request. `family` is a comma-separated Pango family list; glyphs missing from all of
/// them still fall back through fontconfig to any installed font that has them.
public struct FontSpec: Hashable, Sendable {
    public enum Weight: Hashable, Sendable { case normal, bold }

    public static let defaultFamily = "DejaVu Sans, Noto Sans, Noto Sans Symbols, Noto Sans Math"

    public var family: String
    /// Em size in points.
    public var size: Double
    public var weight: Weight
    public var italic: Bool

    public init(family: String = FontSpec.defaultFamily, size: Double, weight: Weight = .normal, italic: Bool = false) {
        self.family = family
        self.size = size
        self.weight = weight
        self.italic = italic
    }
}

public enum TextAlignment: Hashable, Sendable { case left, center, right, justify }

/// A laid-out paragraph (a `PangoLayout`).
///
/// Measurement equals what the PDF draws: the layout is built once on a measuring `PangoContext`
/// (default PangoCairo font map of the thread, 72 dpi so sizes are points, unhinted metrics,
/// unrounded glyph positions, which is how a PDF surface renders) and that very layout, glyph
/// positions included, is what `PDFCanvas.text` draws.
///
/// Not `Sendable`: use it on the thread that draws it.
public final class TextLayout {
    let layout: OpaquePointer   // PangoLayout *
    public let font: FontSpec
    public let width: Double?
    public let alignment: TextAlignment

    /// Per line, in points from the top of the layout: top and bottom of the line's vertical
    /// range, baseline, and the x of its logical start (non-zero for centred/right lines).
    private var tops: [Double] = []
    private var bottoms: [Double] = []
    private var baselines: [Double] = []
    private var starts: [Double] = []
    private var widths: [Double] = []
    /// Per line, its glyph runs for drawing (`glyphLine(_:)`), made on the first draw.
    var glyphLines: [GlyphLine] = []

    /// Lays out Pango markup (`<b>`, `<i>`, `<sup>`, `<span …>`); throws `RenderError.invalidMarkup`.
    /// `width` wraps at word (then character) boundaries; nil lays out each paragraph on one line.
    /// `lineSpacing` is a factor of the font height (1 keeps Pango's natural spacing).
    /// `language` (BCP 47) guides font fallback and line breaking; it is fixed rather than taken
    /// from the process locale so output does not depend on the environment.
    /// `breaksOnlyAtSpaces` keeps every run between spaces whole ("µg/L", "SW-DM1-2026-04"): a
    /// table cell whose column is at least as wide as its widest run wraps at spaces only.
    public init(markup: String, font: FontSpec, width: Double?, alignment: TextAlignment = .left,
                lineSpacing: Double = 1.0, language: String = "en", breaksOnlyAtSpaces: Bool = false) throws {
        var attributes: OpaquePointer?        // PangoAttrList *
        var text: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<GError>?
        guard pango_parse_markup(markup.withoutNUL, -1, 0, &attributes, &text, nil, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw RenderError.invalidMarkup(message)
        }
        self.font = font
        self.width = width
        self.alignment = alignment
        layout = TextLayout.makeLayout(font: font, width: width, alignment: alignment,
                                       lineSpacing: lineSpacing, language: language)
        if breaksOnlyAtSpaces, let text, let attributes { TextLayout.keepRunsWhole(text, in: attributes) }
        pango_layout_set_text(layout, text, -1)
        pango_layout_set_attributes(layout, attributes)
        g_free(text)
        if let attributes { pango_attr_list_unref(attributes) }
        measureLines()
    }

    /// Lays out plain text: no markup is interpreted (`<`, `&` are just characters).
    /// `singleLine` keeps the text on one line of at most `width`, ending in "…" when it is
    /// longer (running headers), instead of wrapping.
    public init(text: String, font: FontSpec, width: Double?, alignment: TextAlignment = .left,
                lineSpacing: Double = 1.0, language: String = "en", singleLine: Bool = false) {
        self.font = font
        self.width = width
        self.alignment = alignment
        layout = TextLayout.makeLayout(font: font, width: width, alignment: alignment,
                                       lineSpacing: lineSpacing, language: language)
        if singleLine {
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
            pango_layout_set_height(layout, 0)   // one line per layout
        }
        pango_layout_set_text(layout, text.withoutNUL, -1)
        measureLines()
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Escapes `&`, `<`, `>`, `'` and `"` so `text` can be embedded in markup.
    public static func escapeMarkup(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "'": out += "&apos;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    // MARK: - Measurement

    /// Logical size in points (widest line × total height); measured once (a cached layout is
    /// asked again by every report that uses it).
    public private(set) lazy var size: Size = {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return Size(width: Double(logical.width) / Double(PANGO_SCALE), height: Double(logical.height) / Double(PANGO_SCALE))
    }()

    public var lineCount: Int { tops.count }

    /// Top of line `index`, in points from the top of the layout.
    public func lineTop(_ index: Int) -> Double { tops[index] }

    /// Bottom of line `index`, in points from the top of the layout.
    public func lineBottom(_ index: Int) -> Double { bottoms[index] }

    /// Baseline of line `index`, in points from the top of the layout.
    public func lineBaseline(_ index: Int) -> Double { baselines[index] }

    /// Left edge of line `index` (its alignment offset), in points from the layout's left edge.
    public func lineLeft(_ index: Int) -> Double { starts[index] }

    /// Logical width of line `index` in points (trailing spaces of wrapped lines excluded).
    public func lineWidth(_ index: Int) -> Double { widths[index] }

    /// How many whole lines, starting at `firstLine`, fit in `height` points.
    public func linesFitting(height: Double, from firstLine: Int = 0) -> Int {
        guard firstLine >= 0, firstLine < lineCount else { return 0 }
        let top = tops[firstLine]
        var count = 0
        while firstLine + count < lineCount, bottoms[firstLine + count] - top <= height + 1e-6 {
            count += 1
        }
        return count
    }

    /// Height in points of lines `range` drawn together.
    public func height(ofLines range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        return bottoms[range.upperBound - 1] - tops[range.lowerBound]
    }

    /// On a layout made on one line (`width` nil): the widest run between two line-break
    /// opportunities, trailing spaces left out. That is the narrowest width the text can wrap
    /// to without breaking inside a run; read from the layout's own break attributes and glyph
    /// positions, with no second layout. Measured once.
    public private(set) lazy var widestRun: Double = {
        var count: Int32 = 0
        guard let attributes = pango_layout_get_log_attrs_readonly(layout, &count), count > 1,
              let text = pango_layout_get_text(layout) else { return size.width }
        let characters = Int(count) - 1
        // Byte offset of each character (Pango positions are UTF-8 byte indexes).
        var offsets: [Int32] = []
        offsets.reserveCapacity(characters)
        var byte = 0
        while text[byte] != 0 {
            if UInt8(bitPattern: text[byte]) & 0xC0 != 0x80 { offsets.append(Int32(byte)) }
            byte += 1
        }
        guard offsets.count == characters else { return size.width }
        let total = size.width
        func x(_ character: Int) -> Double {
            guard character < characters else { return total }
            var position = PangoRectangle()
            pango_layout_index_to_pos(layout, offsets[character], &position)
            return Double(position.x) / Double(PANGO_SCALE)
        }
        var widest = 0.0
        var start = 0
        for character in 1...characters where character == characters || attributes[character].is_line_break != 0 {
            var end = character
            while end > start, attributes[end - 1].is_white != 0 { end -= 1 }
            widest = max(widest, x(end) - x(start))
            start = character
        }
        return min(widest, total)
    }()

    /// Forbids line breaks inside each run of non-space characters of `text` (UTF-8, as Pango
    /// indexes it).
    private static func keepRunsWhole(_ text: UnsafeMutablePointer<CChar>, in attributes: OpaquePointer) {
        let length = strlen(text)
        var start: Int?
        for index in 0...length {
            let isSpace = index == length || text[index] == 0x20 || text[index] == 0x0A
            if isSpace, let runStart = start {
                let attribute = pango_attr_allow_breaks_new(0)!
                attribute.pointee.start_index = guint(runStart)
                attribute.pointee.end_index = guint(index)
                pango_attr_list_insert(attributes, attribute)
                start = nil
            } else if !isSpace, start == nil {
                start = index
            }
        }
    }

    /// Characters no installed font could show (drawn as hex boxes); 0 means full coverage.
    public var unknownGlyphsCount: Int { Int(pango_layout_get_unknown_glyphs_count(layout)) }

    /// The characters of line `index` (as laid out, without the line break).
    public func lineText(_ index: Int) -> String {
        guard let line = pango_layout_get_line_readonly(layout, Int32(index)) else { return "" }
        let start = Int(line.pointee.start_index), length = Int(line.pointee.length)
        let base = UnsafeRawPointer(pango_layout_get_text(layout)!).assumingMemoryBound(to: UInt8.self)
        return String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
    }

    /// The text after markup parsing.
    public var text: String { String(cString: pango_layout_get_text(layout)) }

    // MARK: - Building

    private static func makeLayout(font: FontSpec, width: Double?, alignment: TextAlignment,
                                   lineSpacing: Double, language: String) -> OpaquePointer {
        let (context, owned) = measuringContext(language: language)
        let layout = pango_layout_new(context)!   // holds its own reference to the context
        if owned { g_object_unref(UnsafeMutableRawPointer(context)) }

        let description = pango_font_description_new()
        pango_font_description_set_family(description, font.family)
        pango_font_description_set_size(description, Int32((font.size * Double(PANGO_SCALE)).rounded()))
        pango_font_description_set_weight(description, font.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(description, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)

        if let width {
            pango_layout_set_width(layout, Int32((max(width, 0) * Double(PANGO_SCALE)).rounded(.down)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(layout, -1)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        case .justify:
            pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
            pango_layout_set_justify(layout, 1)
        }
        if lineSpacing != 1.0, lineSpacing > 0, lineSpacing.isFinite {
            pango_layout_set_line_spacing(layout, Float(lineSpacing))
        }
        return layout
    }

    /// The thread's PangoContext for `language`, on the thread's PangoCairo font map with PDF-like
    /// rendering options: made once per thread and language and shared by every layout. Languages
    /// other than French and English get a new context (`owned`: the caller releases it).
    private static func measuringContext(language: String) -> (context: OpaquePointer, owned: Bool) {
        let slot = language == "en" ? 0 : language == "fr" ? 1 : nil
        if let slot, let cached = isofind_thread_slots()[slot] { return (OpaquePointer(cached), false) }
        let context = newMeasuringContext(language: language)
        guard let slot else { return (context, true) }
        isofind_thread_slots()[slot] = UnsafeMutableRawPointer(context)   // kept for the thread's life
        return (context, false)
    }

    private static func newMeasuringContext(language: String) -> OpaquePointer {
        let fontMap = pango_cairo_font_map_get_default()
        let context = pango_font_map_create_context(fontMap)!
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        pango_context_set_language(context, pango_language_from_string(language))
        return context
    }

    private func measureLines() {
        let scale = Double(PANGO_SCALE)
        guard let iter = pango_layout_get_iter(layout) else { return }
        defer { pango_layout_iter_free(iter) }
        repeat {
            var y0: Int32 = 0, y1: Int32 = 0
            pango_layout_iter_get_line_yrange(iter, &y0, &y1)
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            tops.append(Double(y0) / scale)
            bottoms.append(Double(y1) / scale)
            baselines.append(Double(pango_layout_iter_get_baseline(iter)) / scale)
            starts.append(Double(logical.x) / scale)
            widths.append(Double(logical.width) / scale)
        } while pango_layout_iter_next_line(iter) != 0
    }

    /// Line `index` for drawing, with its origin (x of the logical start, baseline).
    func line(_ index: Int) -> (line: UnsafeMutablePointer<PangoLayoutLine>?, x: Double, baseline: Double) {
        (pango_layout_get_line_readonly(layout, Int32(index)), starts[index], baselines[index])
    }
}

extension PDFCanvas {
    /// Draws `layout` with the top of its first drawn line at `at.y` and the layout's left edge
    /// at `at.x`. `lines` draws only those lines (for a paragraph split across pages); the text
    /// colour is `color` except where markup sets one.
    public func text(_ layout: TextLayout, at origin: (x: Double, y: Double), lines: Range<Int>? = nil,
                     color: Color = .black) {
        texts([(layout, origin.x, origin.y)], lines: lines, color: color)
    }

    /// Draws several layouts in one go, each whole, with its top-left corner at its (x, y): the
    /// cells of a table row. Their glyphs reach cairo together, one call per font (see
    /// GlyphRuns.swift), which is what makes a table page cheap to draw. `scale` draws them at
    /// that fraction of their size (a table set smaller), (x, y) staying in page units.
    public func texts(_ items: [(layout: TextLayout, x: Double, y: Double)], color: Color = .black, scale: Double = 1) {
        texts(items, lines: nil, color: color, scale: scale)
    }

    private func texts(_ items: [(layout: TextLayout, x: Double, y: Double)], lines: Range<Int>?, color: Color,
                       scale: Double = 1) {
        guard ensurePage() else { return }
        cairo_save(cr)
        setSource(color)
        let scaled = scale != 1 && scale > 0 && scale.isFinite
        if scaled { cairo_scale(cr, scale, scale) }
        for (layout, x, y) in items {
            let range = (lines ?? 0..<layout.lineCount).clamped(to: 0..<layout.lineCount)
            guard !range.isEmpty else { continue }
            draw(layout, at: scaled ? (x / scale, y / scale) : (x, y), lines: range)
        }
        glyphBatch.flush(cr)
        cairo_restore(cr)
        check("text")
    }

    private func draw(_ layout: TextLayout, at origin: (x: Double, y: Double), lines range: Range<Int>) {
        let top = layout.lineTop(range.lowerBound)
        guard let text = pango_layout_get_text(layout.layout) else { return }
        for index in range {
            let (line, x, baseline) = layout.line(index)
            guard let line else { continue }
            cairo_move_to(cr, origin.x + x, origin.y + baseline - top)
            guard let runs = layout.glyphLine(index) else {
                glyphBatch.flush(cr)   // what was gathered is drawn first, in order
                pango_cairo_show_layout_line(cr, line)
                continue
            }
            // Pango's renderer starts from the current point as cairo keeps it (rounded to its
            // fixed-point grid): the glyphs are placed from that same point.
            var baseX = 0.0, baseY = 0.0
            cairo_get_current_point(cr, &baseX, &baseY)
            for run in runs {
                if glyphBatch.font != run.font { glyphBatch.flush(cr) }
                glyphBatch.append(run, baseX: baseX, baseY: baseY, layoutText: text)
            }
        }
    }
}
