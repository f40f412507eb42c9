// Drawing laid-out text with as few calls into cairo as possible.
//
// cairo's PDF surface records every text call with a copy of its glyphs, replays it at the end of
// the page and writes its operators: the number of calls costs more than the glyphs
// (bench/text-drawing.c: a dense table page drawn cell by cell through Pango's renderer takes
// twice as long as the same glyphs handed over a row at a time). So lines are drawn here from
// their glyph runs, gathered into one `cairo_show_text_glyphs` per font for a whole row of
// cells or a whole paragraph, with the text and cluster map that keep the PDF's text
// extractable. Glyph positions are computed exactly as Pango's cairo renderer computes them;
// a run that needs more than glyphs (a colour, an underline, a background, a shape, an unknown
// glyph, right-to-left text) is drawn by Pango itself, so what is drawn never changes.
import CCairo

/// One run of a line: its font, its glyphs with their offsets in Pango units, and the clusters
/// that tie them to the run's text.
struct GlyphRun {
    /// The run's cairo font, owned by its `PangoFont`, which the layout keeps alive.
    let font: OpaquePointer
    /// From the line's origin to the run's origin, in Pango units (`x_off` and `-y_offset` of
    /// Pango's renderer).
    let x: Int32
    let y: Int32
    /// Per glyph drawn (empty glyphs left out): its index and its offset from the run's origin.
    var glyphs: [(index: UInt, dx: Int32, dy: Int32)] = []
    /// The run's bytes in the layout's text, and how many bytes and glyphs each cluster has.
    let textRange: Range<Int>
    var clusters: [cairo_text_cluster_t] = []
}

/// The runs of one line, or nil when a run needs Pango's renderer.
typealias GlyphLine = [GlyphRun]?

private let glyphEmpty: UInt32 = 0x0FFF_FFFF
private let glyphUnknownFlag: UInt32 = 0x1000_0000

extension TextLayout {
    /// The glyph runs of line `index`, built once per layout (cached layouts are drawn many times).
    func glyphLine(_ index: Int) -> GlyphLine {
        if glyphLines.isEmpty { glyphLines = (0..<lineCount).map { Self.runs(of: pango_layout_get_line_readonly(layout, Int32($0))) } }
        return glyphLines[index]
    }

    private static func runs(of line: UnsafeMutablePointer<PangoLayoutLine>?) -> GlyphLine {
        guard let line, let layoutText = pango_layout_get_text(line.pointee.layout) else { return nil }
        var runs: [GlyphRun] = []
        var xOffset: Int32 = 0
        var list = line.pointee.runs
        while let node = list {
            defer { list = node.pointee.next }
            guard let run = node.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self),
                  let item = run.pointee.item, let glyphs = run.pointee.glyphs,
                  isPlain(item) else { return nil }
            guard let font = item.pointee.analysis.font,
                  let scaled = pango_cairo_font_get_scaled_font(OpaquePointer(font)) else { return nil }
            let width = pango_glyph_string_get_width(glyphs)
            xOffset += run.pointee.start_x_offset
            let start = Int(item.pointee.offset)
            var glyphRun = GlyphRun(font: scaled, x: xOffset, y: -run.pointee.y_offset,
                                    textRange: start..<(start + Int(item.pointee.length)))
            var position: Int32 = 0
            for index in 0..<Int(glyphs.pointee.num_glyphs) {
                let info = glyphs.pointee.glyphs[index]
                if info.glyph & glyphUnknownFlag != 0, info.glyph != glyphEmpty { return nil }
                if info.glyph != glyphEmpty {
                    glyphRun.glyphs.append((UInt(info.glyph), position + info.geometry.x_offset, info.geometry.y_offset))
                }
                position += info.geometry.width
            }
            var iterator = PangoGlyphItemIter()
            var more = pango_glyph_item_iter_init_start(&iterator, run, layoutText) != 0
            while more {
                var count = iterator.end_glyph - iterator.start_glyph
                for index in Int(min(iterator.start_glyph, iterator.end_glyph + 1))..<Int(max(iterator.start_glyph + 1, iterator.end_glyph))
                    where glyphs.pointee.glyphs[index].glyph == glyphEmpty {
                    count -= 1
                }
                glyphRun.clusters.append(cairo_text_cluster_t(num_bytes: iterator.end_index - iterator.start_index, num_glyphs: count))
                more = pango_glyph_item_iter_next_cluster(&iterator) != 0
            }
            runs.append(glyphRun)
            xOffset += width + run.pointee.end_x_offset
        }
        return runs
    }

    /// Whether Pango's renderer would draw `item` as its glyphs alone: left to right, horizontal,
    /// and no attribute that paints (colours, lines, backgrounds, shapes).
    private static func isPlain(_ item: UnsafeMutablePointer<PangoItem>) -> Bool {
        let analysis = item.pointee.analysis
        guard analysis.level & 1 == 0, analysis.flags & UInt8(PANGO_ANALYSIS_FLAG_CENTERED_BASELINE) == 0 else { return false }
        var list = analysis.extra_attrs
        while let node = list {
            defer { list = node.pointee.next }
            guard let attribute = node.pointee.data?.assumingMemoryBound(to: PangoAttribute.self) else { continue }
            switch attribute.pointee.klass.pointee.type {
            case PANGO_ATTR_RISE, PANGO_ATTR_LETTER_SPACING, PANGO_ATTR_ALLOW_BREAKS, PANGO_ATTR_INSERT_HYPHENS,
                 PANGO_ATTR_LINE_HEIGHT, PANGO_ATTR_ABSOLUTE_LINE_HEIGHT, PANGO_ATTR_BASELINE_SHIFT, PANGO_ATTR_FONT_SCALE,
                 PANGO_ATTR_FALLBACK, PANGO_ATTR_LANGUAGE, PANGO_ATTR_TEXT_TRANSFORM:
                continue
            default:
                return false
            }
        }
        return true
    }
}

/// Glyphs gathered for one `cairo_show_text_glyphs`: one font, in drawing order.
struct GlyphBatch {
    private(set) var font: OpaquePointer?
    private var glyphs: [cairo_glyph_t] = []
    private var clusters: [cairo_text_cluster_t] = []
    private var text: [CChar] = []

    var isEmpty: Bool { glyphs.isEmpty && clusters.isEmpty }

    /// Appends `run` of a line whose origin Pango would take as (`baseX`, `baseY`) (the current
    /// point, as cairo rounds it), from `layoutText`.
    mutating func append(_ run: GlyphRun, baseX: Double, baseY: Double, layoutText: UnsafePointer<CChar>) {
        font = run.font
        // The same expressions as Pango's cairo renderer, so the positions are the same doubles.
        let runX = baseX + Double(run.x) / Double(PANGO_SCALE)
        let runY = baseY + Double(run.y) / Double(PANGO_SCALE)
        for glyph in run.glyphs {
            glyphs.append(cairo_glyph_t(index: glyph.index, x: runX + Double(glyph.dx) / Double(PANGO_SCALE),
                                        y: glyph.dy == 0 ? runY : runY + Double(glyph.dy) / Double(PANGO_SCALE)))
        }
        clusters.append(contentsOf: run.clusters)
        text.append(contentsOf: UnsafeBufferPointer(start: layoutText + run.textRange.lowerBound, count: run.textRange.count))
    }

    /// Draws what was gathered with the context's current source, and empties the batch.
    mutating func flush(_ cr: OpaquePointer) {
        defer {
            glyphs.removeAll(keepingCapacity: true)
            clusters.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
        }
        guard let font, !isEmpty else { return }
        cairo_set_scaled_font(cr, font)
        cairo_show_text_glyphs(cr, text, Int32(text.count), glyphs, Int32(glyphs.count), clusters, Int32(clusters.count),
                               cairo_text_cluster_flags_t(rawValue: 0))
    }
}
