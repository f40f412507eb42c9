import Foundation
import IsoFindFormat
import IsoFindLayout
import IsoFindRender
import PDFTestSupport
import Testing
@testable import IsoFindDocument

/// Renders real documents with Cairo and reads them back with poppler's pdftotext.
@Suite struct DocumentRendererTests {
    func pdftotext(_ bytes: [UInt8], page: Int? = nil, mode: String = "-layout") throws -> String {
        try Poppler.text(bytes, [mode], page: page)
    }

    func furniture(watermark: String? = nil) -> PageFurniture {
        PageFurniture(organization: "Laboratoire Cévenol d'Isotopie", title: "Suivi du Valat Nègre", reference: "Rapport 42",
                      date: "29 novembre 2026", pageLabel: { "page \($0) / \($1)" }, watermark: watermark, hasCover: true)
    }

    /// Cover, contents, then three blocks; the second has a long table.
    func story(_ numbers: PageNumbers) -> [any Drawable] {
        let anchors = (1...3).map { Anchor(id: "block-\($0)", title: "Bloc numéro \($0)") }
        var items: [any Drawable] = [
            Paragraph(markup: "<b>Suivi du Valat Nègre</b>", font: FontSpec(size: 24, weight: .bold)),
            Paragraph(markup: "Rapport de démonstration — δ<sup>13</sup>C, ⁸⁷Sr/⁸⁶Sr, 12,5 ‰ ± 0,2"),
            NewPage(),
            Heading(markup: "Sommaire"),
            TableOfContents(entries: anchors, numbers: numbers),
        ]
        for (index, anchor) in anchors.enumerated() {
            items.append(Heading(markup: Markup.escape(anchor.title), badge: ["F", "A", "H"][index], anchor: anchor))
            items.append(Paragraph(markup: String(repeating: "Texte du bloc \(index + 1), avec des mots qui s'enchaînent. ", count: 12)))
            if index == 1 {
                let rows = (1...120).map { ["GW-P\($0)", "eau", Markup.escape("0,7\($0 % 10)12 ± 0,0000\($0 % 9 + 1)")] }
                items.append(Table(columns: [TableColumn("Échantillon"), TableColumn("Matrice"), TableColumn("⁸⁷Sr/⁸⁶Sr", alignment: .right)],
                                   rows: rows, highlighted: [4]))
            }
            items.append(Notice(markup: "Aucune donnée de session Nexus n'a été fournie pour ce rapport.", kind: .noData))
        }
        return items
    }

    @Test func paginatesWithFurnitureContentsAndRepeatedTableHeaders() throws {
        let output = try DocumentRenderer.render(metadata: PDFMetadata(title: "Suivi", createdEpochSeconds: 1_795_947_300),
                                                 furniture: furniture(), story: story)
        #expect(output.pageCount >= 4)
        #expect(output.overflowCount == 0)
        let total = output.pageCount
        // Cover: no running header, but a footer.
        let cover = try pdftotext(output.bytes, page: 1)
        #expect(cover.contains("Suivi du Valat Nègre"))
        #expect(!cover.contains("Laboratoire Cévenol"))
        #expect(cover.contains("page 1 / \(total)"))
        for page in 2...total {
            let text = try pdftotext(output.bytes, page: page)
            #expect(text.contains("Laboratoire Cévenol d'Isotopie"), "header on page \(page)")
            #expect(text.contains("page \(page) / \(total)"), "footer on page \(page)")
            #expect(text.contains("Rapport 42"))
            if text.contains("GW-P") {
                #expect(text.contains("Échantillon"), "the table header repeats on page \(page)")
            }
        }
        // The table really spans pages, and each row appears exactly once.
        let whole = try pdftotext(output.bytes)
        let rowsSeen = (1...120).filter { whole.contains("GW-P\($0) ") }
        #expect(rowsSeen.count == 120)
        let tablePages = (2...total).filter { (try? pdftotext(output.bytes, page: $0).contains("GW-P")) == true }
        #expect(tablePages.count >= 2)
    }

    @Test func contentsPageNumbersPointAtTheBlocks() throws {
        let output = try DocumentRenderer.render(metadata: PDFMetadata(title: "Suivi", createdEpochSeconds: 1_795_947_300),
                                                 furniture: furniture(), story: story)
        let contents = try pdftotext(output.bytes, page: 2)
        for block in 1...3 {
            let page = try #require(output.pageNumbers["block-\(block)"])
            let line = contents.split(separator: "\n").first { $0.contains("Bloc numéro \(block)") }
            #expect(line?.trimmingCharacters(in: .whitespaces).hasSuffix(" \(page)") == true, "contents line: \(line ?? "none")")
            // The heading is on that page and not on an earlier one.
            let heading = try pdftotext(output.bytes, page: page)
            #expect(heading.contains("Bloc numéro \(block)"))
        }
        let raw = String(decoding: output.bytes, as: UTF8.self)
        #expect(raw.contains("/Outlines"))
        #expect(raw.components(separatedBy: "/Dest").count - 1 >= 6, "three outline entries and three contents links")
    }

    /// Page `page` as RGB pixels (pdftoppm's binary PPM at 30 dpi).
    func pixels(_ bytes: [UInt8], page: Int) throws -> [UInt8] {
        let ppm = try Poppler.withFile(bytes) { pdf, folder in
            _ = try Poppler.run("pdftoppm", ["-r", "30", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf.path,
                                             folder.appendingPathComponent("p").path], in: folder)
            return try [UInt8](Data(contentsOf: folder.appendingPathComponent("p.ppm")))
        }
        // Header: "P6\n<w> <h>\n255\n", then the pixels.
        var newlines = 0
        var start = 0
        for (index, byte) in ppm.enumerated() where byte == 0x0A {
            newlines += 1
            if newlines == 3 { start = index + 1; break }
        }
        return Array(ppm[start...])
    }

    @Test func previewsCarryAVisibleMarkOnEveryPage() throws {
        let metadata = PDFMetadata(title: "Suivi", createdEpochSeconds: 1_795_947_300)
        let plain = try DocumentRenderer.render(metadata: metadata, furniture: furniture(), story: story)
        let preview = try DocumentRenderer.render(metadata: metadata, furniture: furniture(watermark: "APERÇU"), story: story)
        #expect(preview.pageCount == plain.pageCount)
        for page in 1...preview.pageCount {
            let before = try pixels(plain.bytes, page: page)
            let after = try pixels(preview.bytes, page: page)
            #expect(before.count == after.count)
            // Pixels the mark turned reddish: red clearly above green and blue where the plain page was not.
            func reddish(_ pixels: [UInt8], _ index: Int) -> Bool {
                Int(pixels[index]) > Int(pixels[index + 1]) + 8 && Int(pixels[index]) > Int(pixels[index + 2]) + 8
            }
            var tinted = 0
            for index in stride(from: 0, to: min(before.count, after.count) - 2, by: 3)
            where reddish(after, index) && !reddish(before, index) {
                tinted += 1
            }
            #expect(tinted > 300, "page \(page): \(tinted) tinted pixels")
        }
    }

    @Test func sameInputSameBytes() throws {
        let metadata = PDFMetadata(title: "Suivi", createdEpochSeconds: 1_795_947_300)
        let first = try DocumentRenderer.render(metadata: metadata, furniture: furniture(), story: story)
        let second = try DocumentRenderer.render(metadata: metadata, furniture: furniture(), story: story)
        #expect(first.bytes == second.bytes)
    }

    @Test func paragraphsSplitBetweenLinesWithoutWidows() throws {
        let paragraph = Paragraph(markup: String(repeating: "Une phrase assez longue pour remplir des lignes. ", count: 30))
        let whole = paragraph.height(forWidth: 300)
        let (head, tail) = try #require(paragraph.split(width: 300, height: whole / 2))
        #expect(head.height(forWidth: 300) <= whole / 2 + 0.01)
        // Within the extra leading of one line: each part measures from its own first line.
        #expect(abs(head.height(forWidth: 300) + tail.height(forWidth: 300) - whole) < 3)
        #expect(Paragraph(markup: "Trois lignes au plus.").split(width: 300, height: 5) == nil)
    }
}

@Suite struct TableSplitTests {
    @Test func partsKeepAtLeastTwoRows() throws {
        let table = Table(columns: [TableColumn("A"), TableColumn("B")], rows: (1...10).map { ["row \($0)", "value"] })
        let width = 300.0
        let measured = table.measure(width)
        let row = measured.rowHeights[0]
        let space = Table.spaceAfter
        // Room for the header and one row: no split, the table moves on whole.
        #expect(table.split(width: width, height: measured.headerHeight + 1.5 * row + space) == nil)
        // Room for the header and two rows: a part of two rows.
        let (two, _) = try #require(table.split(width: width, height: measured.headerHeight + 2.5 * row + space))
        #expect(abs(two.height(forWidth: width) - (measured.headerHeight + 2 * row + space)) < 0.01)
        // Room for all rows but one: the head gives one up so that the tail has two.
        let (head, tail) = try #require(table.split(width: width, height: measured.headerHeight + 9.5 * row + space))
        #expect(abs(head.height(forWidth: width) - (measured.headerHeight + 8 * row + space)) < 0.01)
        #expect(abs(tail.height(forWidth: width) - (measured.headerHeight + 2 * row + space)) < 0.01)
    }
}

@Suite struct TableColumnTests {
    @Test func columnsAreSizedSoThatNoWordIsCut() throws {
        // By weight alone the "Type" column (weight 0.3) would be too narrow for "receptor".
        let table = Table(columns: [TableColumn("Sample", weight: 2), TableColumn("Type", weight: 0.3),
                                    TableColumn("Instrument", weight: 2)],
                          rows: [["SW-S01-2026-04", "receptor", "MC-ICP-MS Thermo Neptune Plus"], ["ORE-GAL-01", "source", "TIMS"]])
        let width = 420.0
        let widths = table.columnWidths(width)
        #expect(abs(widths.reduce(0, +) - width) < 1e-6)
        let word = TextLayout(text: "receptor", font: Theme.small, width: nil).size.width
        #expect(widths[1] >= word + 2 * Table.padding.horizontal)
        // Every cell then keeps its words whole: each cell's lines are whole words.
        let measured = table.measure(width)
        for row in measured.cells {
            for cell in row {
                let words = Set(cell.text.split(separator: " ").map(String.init))
                for line in 0..<cell.lineCount {
                    for piece in cell.lineText(line).split(separator: " ") { #expect(words.contains(String(piece)), "\(piece)") }
                }
            }
        }
    }

    @Test func columnNeedsAreTheLineAndTheWidestWord() {
        let table = Table(columns: [TableColumn("Oxygène dissous (mg/L)")], rows: [["7.4"]], headerFont: Theme.small)
        let need = table.needs()[0]
        let line = TextLayout(text: "Oxygène dissous (mg/L)", font: Theme.small, width: nil).size.width
        let word = TextLayout(text: "Oxygène", font: Theme.small, width: nil).size.width
        #expect(abs(need.natural - line) < 0.01)
        #expect(abs(need.minimum - word) < 0.05)
    }

    @Test func continuedPartsSayWhatTheyContinue() throws {
        let table = Table(columns: [TableColumn("Sample"), TableColumn("Value")], rows: (1...40).map { ["S\($0)", "\($0)"] })
        table.continuation = "⁸⁷Sr/⁸⁶Sr (continued)"
        let width = 300.0
        let (head, tail) = try #require(table.split(width: width, height: 200))
        let first = try #require(head as? Table), rest = try #require(tail as? Table)
        #expect(first.continuationHeight(first.measure(width)) == 0)
        #expect(rest.continuationHeight(rest.measure(width)) > 0)
        // The label's height is part of the tail's height, so pagination leaves room for it.
        let rows = rest.measure(width).rowHeights[rest.range].reduce(0, +)
        #expect(abs(rest.height(forWidth: width) - (rest.continuationHeight(rest.measure(width)) + rest.measure(width).headerHeight
                                                      + rows + Table.spaceAfter)) < 1e-6)
    }

    /// A raw-data annex: ten columns whose names do not fit side by side at the font size.
    static let wideColumns = ["id", "sample", "element", "display_value", "display_unit", "value_normalized",
                              "display_uncertainty", "lod", "loq", "depth_m"]

    @Test func aTooWideTableIsDrawnSmallerFromItsOwnLayouts() throws {
        let rows = (1...12).map { ["\($0)", "SED-S0\($0)-2026-05", "Pb", "\(40 + $0).6", "mg/kg", "4\($0).6", "4.3", "1.0", "3.0", "NULL"] }
        let table = Table(columns: Self.wideColumns.map { TableColumn($0) }, rows: rows)
        // Room for the widest words at 0.9 times the font size.
        let words = table.needs().reduce(0) { $0 + $1.minimum }
        let width = 0.9 * words + Double(Self.wideColumns.count) * Table.cellPadding, x = 40.0, y = 60.0
        let scale = table.fontScale(width)
        #expect(abs(scale - 0.9) < 1e-9)
        let measured = table.measure(width)
        #expect(measured.scale == scale)
        // Laid out once, at the table's own size: the cells are the layouts that sized the columns,
        // and the rows are their height at the scale.
        for (row, cells) in zip(rows, measured.cells) {
            for (text, cell) in zip(row, cells) {
                #expect(cell === table.singleLine(text, header: false).layout)
                #expect(cell.font == Theme.small)
            }
        }
        let rowHeight = measured.cells[0].map(\.size.height).max()! * scale + 2 * Table.padding.vertical
        #expect(abs(measured.rowHeights[0] - rowHeight) < 1e-9)

        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        table.draw(on: canvas, in: Rect(x: x, y: y, width: width, height: 700))
        let drawn = try Poppler.words(try canvas.finish())
        // Every header and cell word is drawn whole, inside its own column, at the smaller size.
        let widths = table.columnWidths(width)
        let lefts = widths.indices.map { x + widths[..<$0].reduce(0, +) }
        let full = try #require(Poppler.words(Self.drawn(TextLayout(text: "SED-S01-2026-05", font: Theme.small, width: nil))).first)
        for (index, texts) in ([Self.wideColumns] + rows).enumerated() {
            let line = drawn.filter { abs($0.yMin - (drawn.first { $0.text == texts[1] }?.yMin ?? -1)) < 0.5 }
            #expect(line.map(\.text) == texts, "row \(index)")
            for (column, word) in line.enumerated() where column < widths.count {
                #expect(word.xMin >= lefts[column] + Table.padding.horizontal - 0.5, "\(word)")
                #expect(word.xMax <= lefts[column] + widths[column] - Table.padding.horizontal + 0.5, "\(word)")
            }
        }
        let sample = try #require(drawn.first { $0.text == "SED-S01-2026-05" })
        #expect(abs((sample.yMax - sample.yMin) - (full.yMax - full.yMin) * scale) < 0.1, "\(sample), \(full) × \(scale)")
        #expect(abs((sample.xMax - sample.xMin) - (full.xMax - full.xMin) * scale) < 0.1, "\(sample), \(full) × \(scale)")
    }

    @Test func aCellThatWrapsInATableSetSmallerIsLaidOutAtItsColumnWidthUnscaled() throws {
        // The last column's text is much longer than its share of the width: it must wrap.
        let rows = (1...8).map { ["\($0)", "SED-S0\($0)-2026-05", "NIST SRM 987 strontium carbonate isotopic standard reference"] }
        let table = Table(columns: [TableColumn("display_uncertainty"), TableColumn("value_normalized"), TableColumn("standard")],
                          rows: rows)
        let words = table.needs().reduce(0) { $0 + $1.minimum }
        let width = 0.85 * words + 3 * Table.cellPadding
        let scale = table.fontScale(width)
        #expect(scale < 1)
        let measured = table.measure(width)
        let inner = table.columnWidths(width)[2] - 2 * Table.padding.horizontal
        for cells in measured.cells {
            let cell = cells[2]
            #expect(cell.lineCount > 1 && cell.font == Theme.small)
            #expect(cell.width == inner / scale)
            // Drawn at the scale, every line fits its column.
            for line in 0..<cell.lineCount { #expect(cell.lineWidth(line) * scale <= inner + 1e-6) }
        }
        #expect(abs(measured.rowHeights[0] - (measured.cells[0].map(\.size.height).max()! * scale + 2 * Table.padding.vertical)) < 1e-9)
    }

    /// A PDF page with `layout` drawn at its own size.
    static func drawn(_ layout: TextLayout) throws -> [UInt8] {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        canvas.text(layout, at: (x: 40, y: 40))
        return try canvas.finish()
    }

    @Test func shortTablesStayWhole() {
        let list = keyValueList((1...6).map { ("Key \($0)", "Value") })
        #expect(list.split(width: 300, height: 40) == nil)
        let six = Table(columns: [TableColumn("Species"), TableColumn("Share")], rows: (1...6).map { ["S\($0)", "\($0) %"] })
        #expect(six.split(width: 300, height: six.height(forWidth: 300) / 2) == nil)
        let seven = Table(columns: [TableColumn("Species"), TableColumn("Share")], rows: (1...7).map { ["S\($0)", "\($0) %"] })
        #expect(seven.split(width: 300, height: seven.height(forWidth: 300) / 2) != nil)
    }
}

@Suite struct CaptionTests {
    func rows(_ count: Int) -> Table {
        Table(columns: [TableColumn("Sample"), TableColumn("Value")], rows: (1...count).map { ["S\($0)", "\($0)"] })
    }

    @Test func theCaptionStaysWithTheLastPart() throws {
        let captioned = Captioned(rows(40), caption: Caption(markup: "Source: test database."))
        let width = 300.0
        let (head, tail) = try #require(captioned.split(width: width, height: 200))
        #expect(head is Table)
        #expect(tail is Captioned)
    }

    @Test func aTableThatFitsWithoutItsCaptionGivesUpRowsToIt() throws {
        let table = rows(12)
        let caption = Caption(markup: "Source: test database. " + String(repeating: "A long note. ", count: 12))
        let captioned = Captioned(table, caption: caption)
        let width = 300.0
        let available = table.height(forWidth: width) + 2   // the table fits, its caption does not
        let (head, tail) = try #require(captioned.split(width: width, height: available))
        #expect(head.height(forWidth: width) <= available)
        let moved = try #require(tail as? Captioned)
        #expect((moved.content as? Table)?.range.count ?? 0 >= 2)
    }

    @Test func attachBindsCaptionsToWhatTheyFollowButNotToHeadings() {
        let story: [any Drawable] = [Heading(markup: "Block"), Caption(markup: "lonely"), rows(3), Caption(markup: "Source"),
                                     Space(4), Caption(markup: "after space")]
        let bound = Captioned.attach(story)
        #expect(bound.count == 5)
        #expect(bound[1] is Caption && bound[2] is Captioned && bound[4] is Caption)
    }

    @Test func aSplitCaptionedTableRendersEveryRowOnceAndTheCaptionLast() throws {
        let story: [any Drawable] = Captioned.attach([Heading(markup: "Données"), rows(90), Caption(markup: "Source : base de test.")])
        let output = try DocumentRenderer.render(
            metadata: PDFMetadata(title: "T", createdEpochSeconds: 1_795_947_300),
            furniture: PageFurniture(organization: "Lab", title: "T", reference: "R", date: "d", pageLabel: { "page \($0) / \($1)" },
                                     watermark: nil, hasCover: false),
            story: { _ in story })
        #expect(output.pageCount >= 2)
        let last = try DocumentRendererTests().pdftotext(output.bytes, page: output.pageCount)
        #expect(last.contains("Source : base de test."))
        #expect(last.contains("S90"))
        let first = try DocumentRendererTests().pdftotext(output.bytes, page: 1)
        #expect(!first.contains("Source : base de test."))
    }
}
