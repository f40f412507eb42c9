// What pdftotext makes of superscripts: markup <sup> digits versus Unicode superscript characters.
import IsoFindRender
import PDFTestSupport
import Testing

@Suite("Superscripts in extracted text")
struct SuperscriptTests {
    private func extract(_ markup: String, width: Double) throws -> String {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        canvas.text(try TextLayout(markup: markup, font: FontSpec(size: 11), width: width), at: (x: 57, y: 57))
        return try Poppler.text(try canvas.finish()).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func supMarkupExtractsAsPlainDigits() throws {
        // Pango draws <sup> as smaller, raised ordinary digits: the text layer has "13", not "¹³".
        #expect(try extract("δ<sup>13</sup>C = −25,3 ‰", width: 200) == "δ13C = −25,3 ‰")
        #expect(try extract("δ<sup>15</sup>N ≤ 12,1 ‰ ± 0,2", width: 200) == "δ15N ≤ 12,1 ‰ ± 0,2")
    }

    @Test func supMarkupMaySplitOnLongLines() throws {
        // On a long line pdftotext's word-spacing heuristic inserts a space before the raised run.
        let text = try extract("Échantillon prélevé à Besançon ; l’analyse révèle δ<sup>13</sup>C = −25,3 ‰ ± 0,2 ‰",
                               width: 480)
        #expect(text == "Échantillon prélevé à Besançon ; l’analyse révèle δ 13C = −25,3 ‰ ± 0,2 ‰")
    }

    @Test func unicodeSuperscriptsExtractExactly() throws {
        #expect(try extract("δ¹³C = −25,3 ‰, δ¹⁵N, δ¹⁸O, ⁸⁷Sr/⁸⁶Sr, m²", width: 300)
                == "δ¹³C = −25,3 ‰, δ¹⁵N, δ¹⁸O, ⁸⁷Sr/⁸⁶Sr, m²")
    }
}
