import Testing
@testable import IsoFindLayout

@Suite struct ColumnWidthsTests {
    typealias Need = ColumnWidths.Need

    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 }
    }

    @Test func widthsAlwaysSumToTheTotal() {
        let cases: [[Need]] = [
            [Need(weight: 1, minimum: 10, natural: 40), Need(weight: 2, minimum: 30, natural: 300)],
            [Need(weight: 1, minimum: 200, natural: 400), Need(weight: 1, minimum: 250, natural: 250)],
            [Need(weight: 0, minimum: 0, natural: 0), Need(weight: 3, minimum: 5, natural: 5)],
        ]
        for needs in cases {
            #expect(abs(ColumnWidths.distribute(400, needs).reduce(0, +) - 400) < 1e-6)
        }
    }

    @Test func roomyTablesKeepTheAuthorsProportionsWhereContentAllows() {
        // Every column's content fits in its weighted share: the weights decide.
        let needs = [Need(weight: 1, minimum: 20, natural: 50), Need(weight: 3, minimum: 20, natural: 120)]
        #expect(close(ColumnWidths.distribute(400, needs), [100, 300]))
    }

    @Test func surplusOfShortColumnsGoesToColumnsThatWrap() {
        // "Type" needs 60 but gets 200 by weight; "Instrument" needs 260 and gets 200: it takes 60.
        let needs = [Need(weight: 1, minimum: 50, natural: 60), Need(weight: 1, minimum: 90, natural: 260)]
        #expect(close(ColumnWidths.distribute(400, needs), [140, 260]))
        // Two donors give in proportion to their surplus; two takers receive in proportion to their lack.
        let four = [Need(weight: 1, minimum: 10, natural: 20), Need(weight: 1, minimum: 10, natural: 60),
                    Need(weight: 1, minimum: 10, natural: 130), Need(weight: 1, minimum: 10, natural: 160)]
        // Surpluses 80 and 40 (120), lacks 30 and 60 (90): the donors give 60 and 30.
        #expect(close(ColumnWidths.distribute(400, four), [40, 70, 130, 160]))
    }

    @Test func noColumnIsNarrowerThanItsWidestWord() {
        // By weight "Receptor" would get 40 for a word of 55: it takes 15 from the wide column.
        let needs = [Need(weight: 1, minimum: 55, natural: 55), Need(weight: 9, minimum: 60, natural: 2000)]
        let widths = ColumnWidths.distribute(400, needs)
        #expect(widths[0] >= 55 - 1e-6)
        #expect(close(widths, [55, 345]))
    }

    @Test func whenEvenWordsDoNotFitOnlyTheWidestWordsGiveWay() {
        let needs = [Need(weight: 5, minimum: 300, natural: 300), Need(weight: 1, minimum: 200, natural: 900)]
        #expect(close(ColumnWidths.distribute(400, needs), [200, 200]))
        // Narrow columns (an id, a flag) keep their minimum; the two wide ones share what is left.
        let annex = [Need(weight: 1, minimum: 20, natural: 20), Need(weight: 1, minimum: 150, natural: 150),
                     Need(weight: 1, minimum: 40, natural: 40), Need(weight: 1, minimum: 250, natural: 250)]
        #expect(close(ColumnWidths.distribute(300, annex), [20, 120, 40, 120]))
    }
}
