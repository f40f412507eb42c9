// TextLayout measurement and line-by-line drawing, checked against what poppler reads back.
import Foundation
import IsoFindRender
import PDFTestSupport
import Testing

@Suite("Text layout")
struct TextLayoutTests {
    static let paragraph = "La composition isotopique du carbone (δ¹³C) et de l’azote (δ¹⁵N) des cheveux reflète "
        + "l’alimentation des derniers mois ; les valeurs mesurées sont comparées à une population de référence."

    /// Sixty distinct words, so every drawn line can be identified in the extracted text.
    static let numbered = (0..<60).map { "w\($0 < 10 ? "0" : "")\($0)" }.joined(separator: " ")

    @Test func narrowerWidthsWrapIntoMoreLines() throws {
        let counts = try [400.0, 250, 150, 80].map { width -> Int in
            let layout = try TextLayout(markup: Self.paragraph, font: FontSpec(size: 11), width: width)
            #expect(layout.size.width <= width + 0.001)
            return layout.lineCount
        }
        #expect(counts == counts.sorted() && Set(counts).count == counts.count, "line counts \(counts)")
        let unwrapped = TextLayout(text: Self.paragraph, font: FontSpec(size: 11), width: nil)
        #expect(unwrapped.lineCount == 1)
        #expect(unwrapped.size.width > 400)
    }

    @Test func linesTileTheLayoutHeight() throws {
        let layout = try TextLayout(markup: Self.paragraph, font: FontSpec(size: 11), width: 150)
        #expect(layout.lineTop(0) == 0)
        for i in 1..<layout.lineCount {
            #expect(layout.lineTop(i) == layout.lineBottom(i - 1))
            #expect(layout.lineBaseline(i) > layout.lineTop(i) && layout.lineBaseline(i) < layout.lineBottom(i))
        }
        #expect(abs(layout.lineBottom(layout.lineCount - 1) - layout.size.height) < 0.001)
    }

    @Test(arguments: [0, 1, 3])
    func linesFittingAgreesWithLineBottoms(firstLine: Int) throws {
        let layout = try TextLayout(markup: Self.paragraph, font: FontSpec(size: 11), width: 120)
        #expect(layout.lineCount > 5)
        let top = layout.lineTop(firstLine)
        for height in stride(from: 0.0, through: layout.size.height + 5, by: 3.7) {
            let n = layout.linesFitting(height: height, from: firstLine)
            if n > 0 { #expect(layout.lineBottom(firstLine + n - 1) - top <= height + 1e-6) }
            if firstLine + n < layout.lineCount { #expect(layout.lineBottom(firstLine + n) - top > height) }
            #expect(layout.height(ofLines: firstLine..<(firstLine + n)) <= height + 1e-6)
        }
        #expect(layout.linesFitting(height: 0, from: firstLine) == 0)
        #expect(layout.linesFitting(height: 10_000, from: firstLine) == layout.lineCount - firstLine)
        #expect(layout.linesFitting(height: 10_000, from: layout.lineCount) == 0)
    }

    @Test func lineSpacingMakesTallerLayouts() throws {
        let single = try TextLayout(markup: Self.paragraph, font: FontSpec(size: 11), width: 150)
        let wide = try TextLayout(markup: Self.paragraph, font: FontSpec(size: 11), width: 150, lineSpacing: 1.5)
        #expect(wide.lineCount == single.lineCount)
        #expect(wide.size.height > single.size.height * 1.2)
    }

    @Test func invalidMarkupThrowsAndPlainTextIsLiteral() throws {
        #expect(throws: RenderError.self) { try TextLayout(markup: "δ<sup>13</sub>C", font: FontSpec(size: 10), width: nil) }
        #expect(throws: RenderError.self) { try TextLayout(markup: "R&D", font: FontSpec(size: 10), width: nil) }
        let plain = TextLayout(text: "R&D <b>not bold</b>", font: FontSpec(size: 10), width: nil)
        #expect(plain.text == "R&D <b>not bold</b>")
        let escaped = try TextLayout(markup: TextLayout.escapeMarkup("R&D <b>'x'\"</b>"), font: FontSpec(size: 10), width: nil)
        #expect(escaped.text == "R&D <b>'x'\"</b>")
    }

    @Test func drawingOnlySomeLinesPutsExactlyThoseWordsInThePDF() throws {
        let layout = TextLayout(text: Self.numbered, font: FontSpec(size: 12), width: 120)
        #expect(layout.lineCount >= 6)
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        canvas.text(layout, at: (x: 100, y: 300), lines: 2..<4)
        let words = try Poppler.words(try canvas.finish())
        let expected = (layout.lineText(2) + " " + layout.lineText(3)).split(separator: " ").map(String.init)
        #expect(words.map(\.text) == expected)
        // The top of line 2 sits at y = 300; nothing is drawn above it or below line 3.
        let height = layout.height(ofLines: 2..<4)
        for word in words {
            #expect(word.yMin >= 300 - 0.5 && word.yMax <= 300 + height + 0.5, "\(word)")
        }
    }

    @Test(arguments: [TextAlignment.left, .center, .right])
    func thePDFPlacesLinesWhereTheyWereMeasured(alignment: TextAlignment) throws {
        let width = 200.0, x = 57.0, size = 11.0
        let layout = try TextLayout(markup: Self.paragraph, font: FontSpec(size: size), width: width, alignment: alignment)
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        canvas.text(layout, at: (x: x, y: 100))
        let words = try Poppler.words(try canvas.finish())
        let lines = Dictionary(grouping: words) { ($0.yMax * 10).rounded() }.sorted { $0.key < $1.key }.map(\.value)
        #expect(lines.count == layout.lineCount)
        for (i, line) in lines.enumerated() {
            // Each line starts exactly where Pango put it (Cairo writes the start in the text matrix)…
            #expect(abs(line.first!.xMin - (x + layout.lineLeft(i))) < 0.002)
            // …and ends where measured, less Cairo 1.16's truncation of /Widths to whole 1/1000 em:
            // viewers advance each glyph by up to 0.001 em less than Pango did, never more.
            let end = x + layout.lineLeft(i) + layout.lineWidth(i)
            let glyphs = Double(layout.lineText(i).trimmingCharacters(in: .whitespaces).count)
            #expect(line.last!.xMax <= end + 0.002)
            #expect(line.last!.xMax >= end - glyphs * size / 1000, "line \(i) ends at \(line.last!.xMax), measured \(end)")
            #expect(line.last!.xMax <= x + width + 0.002)
        }
    }

    @Test func fallbackCoversSymbolsAndReportsMissingScripts() throws {
        let covered = "é ü ç ‰ ± ≤ ≥ ² ³ ¹ δ α μ ° × − – — “ ” ‘ ’ • … € ✓ ⚠ 😀 🜂 नमस्ते 𝛿"
        #expect(Fonts.unknownGlyphsCount(in: covered) == 0)
        // No CJK font is installed on this image (fonts-noto-cjk would add one): Pango draws hex boxes.
        let cjkInstalled = Fonts.families().contains { $0.contains("CJK") }
        #expect((Fonts.unknownGlyphsCount(in: "中文") == 0) == cjkInstalled)
    }

    @Test func fontQueries() {
        #expect(Fonts.isAvailable(family: "DejaVu Sans"))
        #expect(Fonts.isAvailable(family: "dejavu sans"))
        #expect(Fonts.isAvailable(family: "Noto Sans Math"))
        #expect(!Fonts.isAvailable(family: "No Such Font Family"))
        Fonts.warmUp()
    }
}

@Suite struct WidestRunTests {
    let font = FontSpec(size: 7.5)

    /// Runs between spaces, each laid out alone: the widest is what a column must give.
    func widestToken(_ text: String) -> Double {
        text.split(separator: " ").map { TextLayout(text: String($0), font: font, width: nil).size.width }.max() ?? 0
    }

    @Test(arguments: ["receptor", "MC-ICP-MS Thermo Neptune Plus", "0.0035\u{00A0}±\u{00A0}0.0009\u{00A0}µg/L",
                      "Acide perfluorooctanesulfonique (PFOS)", "SW-DM1-2026-04", "not detected (<\u{00A0}LOD\u{00A0}0.1 µg/L)",
                      "a", "two  spaces  between"])
    func keptWholeTheWidestRunIsTheWidestSpaceSeparatedToken(_ text: String) throws {
        let layout = try TextLayout(markup: TextLayout.escapeMarkup(text), font: font, width: nil, breaksOnlyAtSpaces: true)
        #expect(abs(layout.widestRun - widestToken(text)) < 0.05, "\(text)")
    }

    @Test func otherwiseRunsEndAtPangosBreakOpportunities() throws {
        // "MC-ICP-MS" may break after each hyphen: its widest run is narrower than the token.
        let free = try TextLayout(markup: "MC-ICP-MS", font: font, width: nil)
        #expect(free.widestRun < widestToken("MC-ICP-MS") - 1)
        #expect(free.widestRun >= widestToken("ICP-") - 0.05)
        // Markup is measured as drawn: bold is wider than regular.
        let bold = try TextLayout(markup: "<b>NON-COMPLIANT</b>", font: font, width: nil, breaksOnlyAtSpaces: true)
        #expect(bold.widestRun > widestToken("NON-COMPLIANT"))
        #expect(TextLayout(text: "", font: font, width: nil).widestRun == 0)
    }
}
