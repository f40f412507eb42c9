// A three-page multilingual document checked with pdfinfo, pdffonts, pdftotext and its raw bytes.
import Foundation
import IsoFindRender
import PDFTestSupport
import Testing

enum SampleDocument {
    static let french = "Échantillon prélevé à Besançon ; l’analyse révèle δ<sup>13</sup>C = −25,3 ‰ ± 0,2 ‰ "
        + "et δ<sup>15</sup>N ≤ 12,1 ‰. Surface : 4 m²."
    static let english = "The sample’s <b>carbon</b> and <i>nitrogen</i> isotope ratios match the reference "
        + "population (n = 42, p &lt; 0.05)."
    static let scripts = "Ελληνικά αβγδε · emoji 😀 · देवनागरी नमस्ते · alchemy 🜂"

    /// Builds the document; every text layout is also checked for full glyph coverage.
    static func render(metadata: PDFMetadata = sampleMetadata) throws -> (pdf: [UInt8], unknownGlyphs: Int) {
        let canvas = try PDFCanvas(metadata: metadata)
        let body = FontSpec(size: 11)
        var unknown = 0
        func layout(_ markup: String, _ font: FontSpec = body, width: Double = 480) throws -> TextLayout {
            let l = try TextLayout(markup: markup, font: font, width: width, alignment: .justify, language: "fr")
            unknown += l.unknownGlyphsCount
            return l
        }

        canvas.beginPage()
        canvas.destination("cover", at: 0)
        canvas.text(try layout("Rapport d’analyse isotopique", FontSpec(size: 20, weight: .bold)), at: (x: 57, y: 60))
        canvas.text(try layout(french), at: (x: 57, y: 110))
        canvas.text(try layout(english), at: (x: 57, y: 160))
        canvas.text(try layout(scripts), at: (x: 57, y: 210))
        let toc1 = try layout("1. Méthodes")
        canvas.text(toc1, at: (x: 57, y: 260))
        canvas.link(Rect(x: 57, y: 260, width: toc1.size.width, height: toc1.size.height), toDestination: "block-1")
        let toc2 = try layout("2. Résultats")
        canvas.text(toc2, at: (x: 57, y: 280))
        canvas.link(Rect(x: 57, y: 280, width: toc2.size.width, height: toc2.size.height), toDestination: "block-2")

        canvas.beginPage()
        canvas.destination("block-1", at: 50)
        canvas.text(try layout("Section 1 — Méthodes", FontSpec(size: 16, weight: .bold)), at: (x: 57, y: 50))
        canvas.fill(Rect(x: 57, y: 100, width: 200, height: 20), Color(hex: "#1F4E79")!)
        canvas.line(from: (57, 130), to: (257, 130), .black, width: 0.5, dash: [2, 1])
        canvas.stroke(Path.polyline([(57, 200), (100, 150), (150, 180), (257, 140)]), Color(hex: "c00")!, width: 1)
        canvas.fill(Path.circle(center: 300, 170, radius: 10), Color(hex: "#00800080")!)

        canvas.beginPage()
        canvas.destination("block-2", at: 50)
        canvas.text(try layout("Section 2 — Résultats", FontSpec(size: 16, weight: .bold)), at: (x: 57, y: 50))
        canvas.text(try layout("Fin du rapport. End of report."), at: (x: 57, y: 90))

        canvas.outline("Couverture", destination: "cover")
        canvas.outline("Méthodes", destination: "block-1")
        let results = canvas.outline("Résultats (δ¹³C)", destination: "block-2", open: true)
        canvas.outline("Details", destination: "block-2", parent: results)
        return (try canvas.finish(), unknown)
    }
}

@Suite("Three-page document")
struct DocumentTests {
    let pdf: [UInt8]
    let unknownGlyphs: Int

    init() throws {
        (pdf, unknownGlyphs) = try SampleDocument.render()
    }

    @Test func everyGlyphHasAFont() {
        #expect(unknownGlyphs == 0)
    }

    @Test func pdfinfoShowsPagesMetadataAndA4() throws {
        let info = try Poppler.info(pdf)
        #expect(info["Pages"] == "3")
        #expect(info["Title"] == sampleMetadata.title)
        #expect(info["Author"] == sampleMetadata.author)
        #expect(info["Subject"] == sampleMetadata.subject)
        #expect(info["Keywords"] == sampleMetadata.keywords)
        #expect(info["Creator"] == sampleMetadata.creator)
        #expect(info["Page size"] == "595.276 x 841.89 pts (A4)")
        #expect(info["PDF version"] == "1.5")
        #expect(info["CreationDate"] == "Tue Nov 14 22:13:20 2023 UTC")
        #expect(info["ModDate"] == "Tue Nov 14 22:13:20 2023 UTC")
        #expect(pdf.contains(ascii: "/CreationDate (20231114221320Z)"))
    }

    @Test func everyFontIsEmbeddedAsASubsetWithToUnicode() throws {
        let fonts = try Poppler.fonts(pdf)
        #expect(!fonts.isEmpty)
        for font in fonts {
            #expect(font.embedded, "\(font.name) not embedded")
            #expect(font.subset, "\(font.name) not subset")
            #expect(font.unicode, "\(font.name) has no ToUnicode")
            #expect(font.name.count > 7 && font.name.dropFirst(6).hasPrefix("+"), "\(font.name) has no subset tag")
        }
        let names = Set(fonts.map { String($0.name.dropFirst(7)) })
        #expect(names.contains("DejaVuSans"))
        #expect(names.contains("DejaVuSans-Bold"))
        // Outside the family list: fontconfig fallback found Noto Sans Devanagari for नमस्ते.
        #expect(names.contains("NotoSansDevanagari-Regular"))
        // In the family list, after DejaVu Sans: Noto Sans Symbols for 🜂.
        #expect(names.contains("NotoSansSymbols-Regular"))
    }

    @Test func textExtractsInOrderPerPage() throws {
        let text = try Poppler.text(pdf)
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        #expect(pages.count == 4)  // three pages, each ended by a form feed
        // pdftotext -layout puts a space between δ and a <sup> run on some lines ("δ 13C") and not
        // on others ("δ15N"), depending on its spacing heuristics; SuperscriptTests pins both forms.
        let first = pages[0].split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingOccurrences(of: "δ 1", with: "δ1")
        #expect(first.contains("Rapport d’analyse isotopique"))
        #expect(first.contains("Échantillon prélevé à Besançon ; l’analyse révèle δ13C = −25,3 ‰ ± 0,2 ‰ et δ15N ≤ 12,1 ‰."))
        #expect(first.contains("Surface : 4 m²."))
        #expect(first.contains("The sample’s carbon and nitrogen isotope ratios match the reference population (n = 42, p < 0.05)."))
        #expect(first.contains("Ελληνικά αβγδε · emoji 😀"))
        #expect(first.contains("alchemy 🜂"))
        #expect(first.contains("1. Méthodes"))
        #expect(pages[1].contains("Section 1 — Méthodes"))
        #expect(pages[2].contains("Section 2 — Résultats"))
        #expect(pages[2].contains("Fin du rapport. End of report."))
    }

    @Test func outlineIsWrittenWithTitlesAndDestinations() throws {
        #expect(pdf.contains(ascii: "/Type /Outlines"))
        #expect(pdf.contains(ascii: "/Title (Couverture)"))
        #expect(pdf.contains(ascii: "/Title \(pdfHexString("Méthodes"))"))
        #expect(pdf.contains(ascii: "/Title \(pdfHexString("Résultats (δ¹³C)"))"))
        #expect(pdf.contains(ascii: "/Title (Details)"))
        #expect(pdf.count(ascii: "/Title ") == 5)   // four entries + the document title
        #expect(pdf.contains(ascii: "/Dest (block-2)"))
    }

    @Test func linksPointAtNamedDestinationsOnTheRightPages() throws {
        #expect(pdf.count(ascii: "/Subtype /Link") == 2)
        #expect(pdf.contains(ascii: "/Dest (block-1)"))
        let dests = try Poppler.run("pdfinfo", ["-dests"], on: pdf)
        func page(of name: String) -> Int? {
            dests.split(separator: "\n").first { $0.hasSuffix("\"\(name)\"") }
                .flatMap { Int($0.split(separator: " ").first ?? "") }
        }
        #expect(page(of: "cover") == 1)
        #expect(page(of: "block-1") == 2)
        #expect(page(of: "block-2") == 3)
        // y = 50 from the top of an A4 page is 791.8898 from the bottom.
        #expect(pdf.contains(ascii: "(block-1) [") && pdf.contains(ascii: "/XYZ 0 791.8898 0]"))
    }
}
