import Foundation
import IsoFindDomain
import PDFTestSupport
import Testing
@testable import IsoFindReport

/// The inline markup of custom blocks' texts: what the contract allows reaches Pango, the rest is
/// printed as text, and the result is always well formed.
@Suite struct InlineMarkupTests {
    @Test func allowedTagsAreKept() {
        #expect(InlineMarkup.pango("<b>bold</b>, <i>italic</i>, <u>under</u>, x<sup>2</sup>, H<sub>2</sub>O")
                == "<b>bold</b>, <i>italic</i>, <u>under</u>, x<sup>2</sup>, H<sub>2</sub>O")
        #expect(InlineMarkup.pango("one<br/>two<BR>three<br />four") == "one\ntwo\nthree\nfour")
        #expect(InlineMarkup.pango("<B>loud</B>") == "<b>loud</b>")
        #expect(InlineMarkup.pango(#"<font color="red">alert</font>"#) == ##"<span foreground="#FF0000">alert</span>"##)
        #expect(InlineMarkup.pango("<font color='#a0b'>short</font> <font color=#00aa11>long</font>")
                == ##"<span foreground="#A0B">short</span> <span foreground="#00AA11">long</span>"##)
        #expect(InlineMarkup.pango("plain text") == "plain text")
        // Well-formed entities pass as they are.
        #expect(InlineMarkup.pango("&amp; &lt; &#233; &#xE9;") == "&amp; &lt; &#233; &#xE9;")
    }

    @Test func everythingElseIsEscaped() {
        let script = InlineMarkup.pango("<script>alert(1)</script>")
        #expect(!script.contains("<script") && !script.contains("</script"))
        #expect(script.contains("&lt;script") && script.contains("alert(1)"))
        let span = InlineMarkup.pango(#"<span foreground="red">x</span>"#)
        #expect(!span.contains("<span"))
        #expect(InlineMarkup.pango("1 < 2 and 3 > 2 & 4") == "1 &lt; 2 and 3 &gt; 2 &amp; 4")
        #expect(InlineMarkup.pango("a < b > c") == "a &lt; b &gt; c")
        #expect(InlineMarkup.pango("x <<b>y</b>") == "x &lt;<b>y</b>")
        #expect(InlineMarkup.pango("x <b") == "x &lt;b")
        // Entities XML refuses (a NUL) or that are not entities are text.
        #expect(InlineMarkup.pango("&#0; &bogus; &") == "&amp;#0; &amp;bogus; &amp;")
    }

    @Test func unbalancedTagsAreClosed() {
        #expect(InlineMarkup.pango("<b>bold <i>both") == "<b>bold <i>both</i></b>")
        // A closing tag closes what was opened inside it first.
        #expect(InlineMarkup.pango("<b>x<i>y</b>z</i>") == "<b>x<i>y</i></b>z")
        // A closing tag with no opening one is dropped.
        #expect(InlineMarkup.pango("stray</b> end</font>") == "stray end")
        #expect(InlineMarkup.pango("<font color=blue><b>x") == ##"<span foreground="#0000FF"><b>x</b></span>"##)
    }

    @Test func badColoursAreDropped() {
        for bad in [#"<font color="javascript:alert(1)">x</font>"#, "<font color=#12345>x</font>", "<font color=#GGGGGG>x</font>",
                    "<font color=>x</font>", #"<font face="Arial">x</font>"#] {
            let pango = InlineMarkup.pango(bad)
            #expect(!pango.contains("<span"), "\(bad) → \(pango)")
            #expect(!pango.contains("</font>") && !pango.contains("<font"), "\(bad) → \(pango)")
            #expect(pango.contains("x"))
        }
    }
}

/// A custom block lays out what its code produced in the gathering phase, or says why there is
/// nothing, in the PDF and as a warning under its own key.
@Suite struct CustomBlockTests {
    static let key = BlockKey("lab_summary")!

    static let block = CustomBlock(id: 7, key: key, name: "Laboratory summary", description: "The laboratory's own summary.",
                                   category: .results, nature: .analytical, icon: "LS", licence: .research, expert: false,
                                   language: .en, dataSections: nil, code: "story = []")

    /// A 1 × 1 PNG.
    static let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    func context(_ outcome: CustomBlockOutcome?, _ language: Language = .en) -> ReportContext {
        ReportContext(language: language, title: "Custom", mode: .expert, reference: .preview, generatedAt: 1_795_947_300,
                      licence: .enterprise, sources: .init(samplesDatabase: nil, nexusSessionID: nil, softwareVersion: "0.1.0"),
                      samples: [], inputs: ReportInputs(), branding: .init(organizationName: "IsoFind"), matrices: .default,
                      customBlocks: outcome.map { [Self.key: $0] } ?? [:])
    }

    func render(_ context: ReportContext) throws -> (text: String, output: ReportRenderer.Output) {
        let output = try ReportRenderer.render([Self.block], context: context)
        return (try Poppler.text(output.bytes, ["-raw"]).replacingOccurrences(of: "\n", with: " "), output)
    }

    @Test func storyItemsAreLaidOutUnderTheBlocksHeading() throws {
        let items: [StoryItem] = [
            .paragraph(text: "Lead isotopes point to <b>two</b> end-members.", style: .normal),
            .heading(text: "Details", level: 2),
            .table(rows: [["Sample", "Ratio"], ["SED-01", "0.8512"]], header: true, columnWidths: [2, 1]),
            .keyValue([.init("Analyst", "J. Martin")]),
            .note(text: "Provisional values.", kind: .warning),
            .spacer(height: 12),
            .image(try DecodedImage(validating: Array(try #require(Data(base64Encoded: Self.png)))), width: 20, caption: "A pixel"),
            .barChart(labels: ["A", "B"], values: [1, 2], title: "Counts", unit: nil),
            .scatterPlot(points: [.init(x: 1, y: 2, label: "P1"), .init(x: 2, y: 3)], xLabel: "x axis", yLabel: "y axis", title: nil),
        ]
        let (text, output) = try render(context(.story(items, warnings: ["Two samples were skipped."])))
        for piece in ["Laboratory summary", "Lead isotopes point to two end-members.", "Details", "SED-01", "0.8512", "Analyst",
                      "J. Martin", "Provisional values.", "A pixel", "Counts", "x axis"] {
            #expect(text.contains(piece), "\(piece)")
        }
        #expect(output.overflowCount == 0)
        // The code's warnings are the block's.
        #expect(output.warnings.contains { $0.block == Self.key && $0.message == "Two samples were skipped." })
        #expect(!text.contains("could not be produced"))
    }

    @Test(arguments: Language.allCases)
    func aFailureIsAnErrorBoxAndAWarning(_ language: Language) throws {
        let failure = CustomBlockFailure(kind: "ZeroDivisionError", message: "division by zero", line: 3)
        let (text, output) = try render(context(.failed(failure), language))
        let sentence = Strings.format(CustomBlock.failed, language, "ZeroDivisionError: division by zero (line 3)")
        #expect(text.contains(sentence))
        #expect(output.warnings.contains { $0.block == Self.key && $0.message == sentence })
    }

    @Test func aBlockThatDidNotRunSaysSo() throws {
        let (text, output) = try render(context(nil))
        let sentence = Strings.format(CustomBlock.failed, .en, CustomBlock.notRun[.en])
        #expect(text.contains(sentence))
        #expect(output.warnings.contains { $0.block == Self.key && $0.message == sentence })
    }
}
