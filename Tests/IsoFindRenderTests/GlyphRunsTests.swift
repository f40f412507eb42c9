// Text drawn from glyph runs gathered per font: the same PDF as Pango's renderer draws, with the
// runs that need Pango (colours, underlines, unknown glyphs) left to it.
import Foundation
import CCairo
@testable import IsoFindRender
import PDFTestSupport
import Testing

@Suite struct GlyphRunsTests {
    let font = FontSpec(size: 8)

    @Test func plainTextAndSuperscriptsAreDrawnFromGlyphRuns() throws {
        let plain = try TextLayout(markup: "SW-DM1-2026-04 12.5 ± 0.3 µg/L", font: font, width: nil)
        let superscript = try TextLayout(markup: "δ<sup>13</sup>C = −25,3 ‰", font: font, width: nil)
        let wrapped = try TextLayout(markup: "<b>Bold</b> and <i>italic</i> words that wrap over lines", font: font, width: 60)
        for layout in [plain, superscript, wrapped] {
            for line in 0..<layout.lineCount {
                let runs = try #require(layout.glyphLine(line), "\(layout.text) line \(line)")
                #expect(!runs.isEmpty)
                // Every byte of the run's text is in one of its clusters.
                for run in runs { #expect(run.clusters.reduce(0) { $0 + Int($1.num_bytes) } == run.textRange.count) }
            }
        }
        #expect(wrapped.lineCount > 1)
    }

    @Test func runsThatPaintMoreThanGlyphsAreLeftToPango() throws {
        let coloured = try TextLayout(markup: "value <span foreground='darkred'>12.5</span>", font: font, width: nil)
        let underlined = try TextLayout(markup: "<u>underlined</u>", font: font, width: nil)
        let background = try TextLayout(markup: "<span background='yellow'>marked</span>", font: font, width: nil)
        for layout in [coloured, underlined, background] { #expect(layout.glyphLine(0) == nil, "\(layout.text)") }
    }

    /// A row of cells drawn in one call gives the same bytes as each cell drawn through Pango's
    /// renderer, and the same text for pdftotext.
    @Test func aRowInOneCallIsTheSamePDFAsCellByCellThroughPango() throws {
        let cells = try ["SW-DM1-2026-01", "δ<sup>13</sup>C", "−25,3 ± 0,2 ‰", "<span foreground='darkred'>exceeds</span>", "<b>IAEA-603</b>"]
            .map { try TextLayout(markup: $0, font: font, width: nil) }
        func document(_ draw: (PDFCanvas) -> Void) throws -> [UInt8] {
            let canvas = try PDFCanvas(metadata: sampleMetadata)
            canvas.beginPage()
            draw(canvas)
            return try canvas.finish()
        }
        let batched = try document { canvas in
            for row in 0..<40 {
                var items: [(layout: TextLayout, x: Double, y: Double)] = []
                for (column, layout) in cells.enumerated() {
                    items.append((layout, 40 + Double(column) * 100, 40 + Double(row) * 12))
                }
                canvas.texts(items, color: .black)
            }
        }
        let throughPango = try document { canvas in
            for row in 0..<40 {
                for (column, layout) in cells.enumerated() {
                    canvas.cairoTextThroughPango(layout, at: (40 + Double(column) * 100, 40 + Double(row) * 12), color: .black)
                }
            }
        }
        #expect(batched == throughPango)
        let text = try Poppler.text(batched)
        #expect(text.contains("SW-DM1-2026-01") && text.contains("IAEA-603") && text.contains("exceeds"))
    }
}

extension PDFCanvas {
    /// What `text` did before glyph runs: each line through `pango_cairo_show_layout_line`.
    func cairoTextThroughPango(_ layout: TextLayout, at origin: (x: Double, y: Double), color: Color) {
        guard ensurePage() else { return }
        let top = layout.lineTop(0)
        cairo_save(cr)
        setSource(color)
        for index in 0..<layout.lineCount {
            let (line, x, baseline) = layout.line(index)
            guard let line else { continue }
            cairo_move_to(cr, origin.x + x, origin.y + baseline - top)
            pango_cairo_show_layout_line(cr, line)
        }
        cairo_restore(cr)
    }
}
