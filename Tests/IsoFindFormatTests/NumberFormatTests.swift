import Testing
import IsoFindFormat

// Expected strings are written by hand. Invisible characters are spelled out:
let NNBSP = "\u{202F}"   // narrow no-break space: French thousands, French space before % and ‰
let NBSP = "\u{00A0}"    // no-break space: around ± and ×, English space before ‰
let MINUS = "\u{2212}"   // minus sign

@Suite struct IntegerTests {
    @Test func groupingAroundAThousand() {
        #expect(NumberFormat.integer(0, .fr) == "0")
        #expect(NumberFormat.integer(7, .en) == "7")
        #expect(NumberFormat.integer(999, .fr) == "999")
        #expect(NumberFormat.integer(999, .en) == "999")
        #expect(NumberFormat.integer(1000, .fr) == "1\(NNBSP)000")
        #expect(NumberFormat.integer(1000, .en) == "1,000")
        #expect(NumberFormat.integer(12345, .fr) == "12\(NNBSP)345")
        #expect(NumberFormat.integer(123456, .en) == "123,456")
        #expect(NumberFormat.integer(1_000_000, .fr) == "1\(NNBSP)000\(NNBSP)000")
        #expect(NumberFormat.integer(1_000_000, .en) == "1,000,000")
    }

    @Test func negativesUseTheMinusSign() {
        #expect(NumberFormat.integer(-1, .en) == "\(MINUS)1")
        #expect(NumberFormat.integer(-999, .fr) == "\(MINUS)999")
        #expect(NumberFormat.integer(-1000, .fr) == "\(MINUS)1\(NNBSP)000")
        #expect(NumberFormat.integer(-1_234_567, .en) == "\(MINUS)1,234,567")
        #expect(!NumberFormat.integer(-5, .en).contains("-"))
    }

    @Test func extremes() {
        #expect(NumberFormat.integer(Int.max, .en) == "9,223,372,036,854,775,807")
        #expect(NumberFormat.integer(Int.min, .en) == "\(MINUS)9,223,372,036,854,775,808")
    }
}

@Suite struct DecimalTests {
    @Test func separatorsInBothLanguages() {
        #expect(NumberFormat.decimal(1234.56, fractionDigits: 2, .fr) == "1\(NNBSP)234,56")
        #expect(NumberFormat.decimal(1234.56, fractionDigits: 2, .en) == "1,234.56")
        #expect(NumberFormat.decimal(999.5, fractionDigits: 1, .fr) == "999,5")
        #expect(NumberFormat.decimal(1000, fractionDigits: 1, .fr) == "1\(NNBSP)000,0")
        #expect(NumberFormat.decimal(1_000_000.25, fractionDigits: 2, .en) == "1,000,000.25")
        #expect(NumberFormat.decimal(-1234.5, fractionDigits: 1, .fr) == "\(MINUS)1\(NNBSP)234,5")
        #expect(NumberFormat.decimal(-1234.5, fractionDigits: 1, .en) == "\(MINUS)1,234.5")
    }

    @Test func fractionDigitsAreNotGrouped() {
        #expect(NumberFormat.decimal(0.710245, fractionDigits: 6, .fr) == "0,710245")
        #expect(NumberFormat.decimal(0.0000123, fractionDigits: 7, .en) == "0.0000123")
    }

    @Test func halfAwayFromZero() {
        #expect(NumberFormat.decimal(0.5, fractionDigits: 0, .en) == "1")
        #expect(NumberFormat.decimal(1.5, fractionDigits: 0, .en) == "2")
        #expect(NumberFormat.decimal(2.5, fractionDigits: 0, .en) == "3")     // not banker's 2
        #expect(NumberFormat.decimal(-2.5, fractionDigits: 0, .en) == "\(MINUS)3")
        #expect(NumberFormat.decimal(0.49, fractionDigits: 0, .en) == "0")
        #expect(NumberFormat.decimal(0.125, fractionDigits: 2, .en) == "0.13")
        #expect(NumberFormat.decimal(-0.125, fractionDigits: 2, .en) == "\(MINUS)0.13")
    }

    @Test func decimalNotBinaryRounding() {
        // 2.675 and 1.005 are stored slightly below the decimal; the decimal reading wins.
        #expect(NumberFormat.decimal(2.675, fractionDigits: 2, .en) == "2.68")
        #expect(NumberFormat.decimal(2.675, fractionDigits: 2, .fr) == "2,68")
        #expect(NumberFormat.decimal(1.005, fractionDigits: 2, .en) == "1.01")
        #expect(NumberFormat.decimal(1.015, fractionDigits: 2, .en) == "1.02")
        #expect(NumberFormat.decimal(0.1 + 0.2, fractionDigits: 2, .en) == "0.30")
        #expect(NumberFormat.decimal(0.1 + 0.2, fractionDigits: 17, .en) == "0.30000000000000004")
    }

    @Test func carriesIntoNewDigitsAndGroups() {
        #expect(NumberFormat.decimal(9.96, fractionDigits: 1, .en) == "10.0")
        #expect(NumberFormat.decimal(999.995, fractionDigits: 2, .en) == "1,000.00")
        #expect(NumberFormat.decimal(999_999.5, fractionDigits: 0, .fr) == "1\(NNBSP)000\(NNBSP)000")
        #expect(NumberFormat.decimal(0.95, fractionDigits: 1, .en) == "1.0")
        #expect(NumberFormat.decimal(0.05, fractionDigits: 1, .en) == "0.1")
    }

    @Test func tinyValuesAndZero() {
        #expect(NumberFormat.decimal(1e-9, fractionDigits: 2, .en) == "0.00")
        #expect(NumberFormat.decimal(1e-9, fractionDigits: 9, .en) == "0.000000001")
        #expect(NumberFormat.decimal(5e-10, fractionDigits: 9, .en) == "0.000000001")
        #expect(NumberFormat.decimal(4e-10, fractionDigits: 9, .en) == "0.000000000")
        #expect(NumberFormat.decimal(0, fractionDigits: 0, .fr) == "0")
        #expect(NumberFormat.decimal(0, fractionDigits: 3, .fr) == "0,000")
    }

    @Test func negativeZeroHasNoSign() {
        #expect(NumberFormat.decimal(-0.0, fractionDigits: 0, .en) == "0")
        #expect(NumberFormat.decimal(-0.0, fractionDigits: 2, .fr) == "0,00")
        #expect(NumberFormat.decimal(-0.001, fractionDigits: 2, .en) == "0.00")
        #expect(NumberFormat.decimal(-0.4, fractionDigits: 0, .en) == "0")
        #expect(NumberFormat.decimal(-0.005, fractionDigits: 2, .en) == "\(MINUS)0.01")
    }

    @Test func largeValuesAndOddArguments() {
        #expect(NumberFormat.decimal(1e21, fractionDigits: 0, .en) == "1,000,000,000,000,000,000,000")
        #expect(NumberFormat.decimal(1e16, fractionDigits: 1, .fr)
                == "10\(NNBSP)000\(NNBSP)000\(NNBSP)000\(NNBSP)000\(NNBSP)000,0")
        #expect(NumberFormat.decimal(123.456, fractionDigits: -1, .en) == "123")
        #expect(NumberFormat.decimal(1.5, fractionDigits: .max, .en).count == 352)   // clamped to 350 decimals
        #expect(NumberFormat.decimal(.leastNonzeroMagnitude, fractionDigits: 324, .en).hasSuffix("0005"))
        #expect(NumberFormat.significant(1.5, digits: .max, .en).count == 41)        // clamped to 40 digits
        #expect(NumberFormat.decimal(.nan, fractionDigits: 2, .en) == "NaN")
        #expect(NumberFormat.decimal(.infinity, fractionDigits: 2, .en) == "∞")
        #expect(NumberFormat.decimal(-.infinity, fractionDigits: 2, .fr) == "\(MINUS)∞")
    }
}

@Suite struct SignificantTests {
    @Test func fixedNotationKeepsTrailingZeros() {
        #expect(NumberFormat.significant(1.0, digits: 3, .en) == "1.00")
        #expect(NumberFormat.significant(123.456, digits: 2, .en) == "120")
        #expect(NumberFormat.significant(123.456, digits: 4, .fr) == "123,5")
        #expect(NumberFormat.significant(0.0001234, digits: 3, .en) == "0.000123")
        #expect(NumberFormat.significant(0.0001, digits: 2, .fr) == "0,00010")
        #expect(NumberFormat.significant(1_234_567, digits: 3, .en) == "1,230,000")
        #expect(NumberFormat.significant(9_999_999, digits: 7, .fr) == "9\(NNBSP)999\(NNBSP)999")
        #expect(NumberFormat.significant(2.5, digits: 1, .en) == "3")
        #expect(NumberFormat.significant(-0.0456, digits: 2, .en) == "\(MINUS)0.046")
        #expect(NumberFormat.significant(0, digits: 3, .en) == "0")
        #expect(NumberFormat.significant(-0.0, digits: 3, .en) == "0")
        #expect(NumberFormat.significant(0.000099996, digits: 4, .en) == "0.0001000") // rounds up out of the switch
    }

    @Test func scientificBelowTenToTheMinusFour() {
        #expect(NumberFormat.significant(0.00001234, digits: 3, .en) == "1.23\(NBSP)×\(NBSP)10⁻⁵")
        #expect(NumberFormat.significant(0.00001234, digits: 2, .fr) == "1,2\(NBSP)×\(NBSP)10⁻⁵")
        #expect(NumberFormat.significant(-0.00001234, digits: 2, .en) == "\(MINUS)1.2\(NBSP)×\(NBSP)10⁻⁵")
        #expect(NumberFormat.significant(0.00009, digits: 1, .en) == "9\(NBSP)×\(NBSP)10⁻⁵")
        #expect(NumberFormat.significant(1.6e-19, digits: 2, .fr) == "1,6\(NBSP)×\(NBSP)10⁻¹⁹")
    }

    @Test func scientificFromTenToTheSeven() {
        #expect(NumberFormat.significant(12_345_678, digits: 3, .en) == "1.23\(NBSP)×\(NBSP)10⁷")
        #expect(NumberFormat.significant(12_345_678, digits: 3, .fr) == "1,23\(NBSP)×\(NBSP)10⁷")
        #expect(NumberFormat.significant(9_999_999, digits: 3, .en) == "1.00\(NBSP)×\(NBSP)10⁷")
        #expect(NumberFormat.significant(1e7, digits: 1, .en) == "1\(NBSP)×\(NBSP)10⁷")
        #expect(NumberFormat.significant(6.02214076e23, digits: 4, .en) == "6.022\(NBSP)×\(NBSP)10²³")
        #expect(NumberFormat.significant(-3.0e10, digits: 2, .fr) == "\(MINUS)3,0\(NBSP)×\(NBSP)10¹⁰")
    }

    @Test func alwaysScientific() {
        #expect(NumberFormat.scientific(12345, digits: 3, .en) == "1.23\(NBSP)×\(NBSP)10⁴")
        #expect(NumberFormat.scientific(1, digits: 2, .fr) == "1,0\(NBSP)×\(NBSP)10⁰")
    }

    @Test func automaticKeepsStoredDigits() {
        #expect(NumberFormat.automatic(0.710245, .en) == "0.710245")
        #expect(NumberFormat.automatic(-20.019999999999996, .fr) == "\(MINUS)20,02")
        #expect(NumberFormat.automatic(18.4235, .fr) == "18,4235")
        #expect(NumberFormat.automatic(1_234_567.891, .en) == "1,234,570")
        #expect(NumberFormat.automatic(0.00001234, .en) == "1.234\(NBSP)×\(NBSP)10⁻⁵")
        #expect(NumberFormat.automatic(3.14159265, maxSignificantDigits: 3, .en) == "3.14")
        #expect(NumberFormat.automatic(50, .fr) == "50")
    }
}

@Suite struct PercentTests {
    @Test func bothLanguages() {
        #expect(NumberFormat.percent(0.125, fractionDigits: 1, .fr) == "12,5\(NNBSP)%")
        #expect(NumberFormat.percent(0.125, fractionDigits: 1, .en) == "12.5%")
        #expect(NumberFormat.percent(1, fractionDigits: 0, .en) == "100%")
        #expect(NumberFormat.percent(12.345, fractionDigits: 0, .fr) == "1\(NNBSP)235\(NNBSP)%")
        #expect(NumberFormat.percent(-0.05, fractionDigits: 0, .en) == "\(MINUS)5%")
        #expect(NumberFormat.percent(0, fractionDigits: 1, .fr) == "0,0\(NNBSP)%")
    }

    @Test func timesHundredIsExact() {
        // 0.0115 × 100 is 1.1500000000000001 in binary; the decimal shift gives 1.15 → 1.2.
        #expect(NumberFormat.percent(0.0115, fractionDigits: 1, .en) == "1.2%")
        #expect(NumberFormat.percent(0.00125, fractionDigits: 2, .en) == "0.13%")
    }
}
