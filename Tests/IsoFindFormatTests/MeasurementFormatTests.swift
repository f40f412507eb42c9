import Testing
import IsoFindFormat

private let PM = "\u{00A0}±\u{00A0}"
private let TIMES = "\u{00A0}×\u{00A0}"

@Suite struct UncertaintyRuleTests {
    @Test func twoDigitsWhenTheFirstIsOneOrTwo() {
        #expect(MeasurementFormat.valueWithUncertainty(0.7102453, 0.0000123, .en) == "0.710245\(PM)0.000012")
        #expect(MeasurementFormat.valueWithUncertainty(0.7102453, 0.0000123, .fr) == "0,710245\(PM)0,000012")
        #expect(MeasurementFormat.valueWithUncertainty(18.4235, 0.0012, .en) == "18.4235\(PM)0.0012")
        #expect(MeasurementFormat.valueWithUncertainty(12.345, 1.96, .en) == "12.3\(PM)2.0")
        #expect(MeasurementFormat.valueWithUncertainty(-20.02, 1.01, .en) == "\(MINUS)20.0\(PM)1.0")
        #expect(MeasurementFormat.valueWithUncertainty(1234, 25, .en) == "1,234\(PM)25")
        #expect(MeasurementFormat.valueWithUncertainty(1234, 25, .fr) == "1\(NNBSP)234\(PM)25")
        #expect(MeasurementFormat.valueWithUncertainty(123_456, 2345, .fr) == "123\(NNBSP)500\(PM)2\(NNBSP)300")
        #expect(MeasurementFormat.valueWithUncertainty(2.0931, 0.000249, .en) == "2.09310\(PM)0.00025")
    }

    @Test func oneDigitWhenTheFirstIsThreeOrMore() {
        #expect(MeasurementFormat.valueWithUncertainty(2.0931, 0.00035, .en) == "2.0931\(PM)0.0004")
        #expect(MeasurementFormat.valueWithUncertainty(2.0931, 0.00034, .fr) == "2,0931\(PM)0,0003")
        #expect(MeasurementFormat.valueWithUncertainty(-27.81, 0.46, .en) == "\(MINUS)27.8\(PM)0.5")
        #expect(MeasurementFormat.valueWithUncertainty(7.1234, 0.0087, .en) == "7.123\(PM)0.009")
        #expect(MeasurementFormat.valueWithUncertainty(350, 45, .en) == "350\(PM)50")
    }

    @Test func carryDropsTheExtraZero() {
        #expect(MeasurementFormat.valueWithUncertainty(5.432, 0.96, .en) == "5\(PM)1")
        #expect(MeasurementFormat.valueWithUncertainty(0.7102, 0.000096, .en) == "0.7102\(PM)0.0001")
        #expect(MeasurementFormat.valueWithUncertainty(123.4, 9.7, .en) == "120\(PM)10")
    }

    @Test func neverMoreDecimalsThanStored() {
        #expect(MeasurementFormat.valueWithUncertainty(25.3, 0.2, .en) == "25.3\(PM)0.2")
        #expect(MeasurementFormat.valueWithUncertainty(1234, 20, .en) == "1,234\(PM)20")
        #expect(MeasurementFormat.valueWithUncertainty(25, 0.012, .en) == "25.000\(PM)0.012")
        #expect(MeasurementFormat.valueWithUncertainty(8.1, 1, .fr) == "8\(PM)1")
    }

    @Test func valueRoundsHalfAwayAtTheUncertaintyPlace() {
        #expect(MeasurementFormat.valueWithUncertainty(2.675, 0.012, .en) == "2.675\(PM)0.012")
        #expect(MeasurementFormat.valueWithUncertainty(2.675, 0.03, .en) == "2.68\(PM)0.03")
        #expect(MeasurementFormat.valueWithUncertainty(-0.004, 0.03, .en) == "0.00\(PM)0.03")
    }

    @Test func sharedPowerOfTenForExtremeMagnitudes() {
        #expect(MeasurementFormat.valueWithUncertainty(1.234e-9, 2.1e-11, .en) == "(1.234\(PM)0.021)\(TIMES)10⁻⁹")
        #expect(MeasurementFormat.valueWithUncertainty(1.234e-9, 2.1e-11, .fr) == "(1,234\(PM)0,021)\(TIMES)10⁻⁹")
        #expect(MeasurementFormat.valueWithUncertainty(3.2e8, 4.5e6, .en) == "(3.20\(PM)0.05)\(TIMES)10⁸")
        #expect(MeasurementFormat.valueWithUncertainty(9.9e6, 2.5e5, .en) == "9,900,000\(PM)250,000")
    }

    @Test func withoutOrWithOddUncertainty() {
        #expect(MeasurementFormat.valueWithUncertainty(0.710245, nil, .en) == "0.710245")
        #expect(MeasurementFormat.valueWithUncertainty(-20.019999999999996, nil, .fr) == "\(MINUS)20,02")
        #expect(MeasurementFormat.valueWithUncertainty(0.00001234, nil, .en) == "1.234\(TIMES)10⁻⁵")
        #expect(MeasurementFormat.valueWithUncertainty(12.5, .nan, .en) == "12.5")
        #expect(MeasurementFormat.valueWithUncertainty(1.5, 0, .en) == "1.5\(PM)0")
        #expect(MeasurementFormat.valueWithUncertainty(12.345, -1.96, .en) == "12.3\(PM)2.0")
        #expect(MeasurementFormat.valueWithUncertainty(.nan, 0.1, .en) == "NaN")
    }

    @Test func uncertaintyAlone() {
        #expect(MeasurementFormat.uncertainty(0.0000123, .en) == "0.000012")
        #expect(MeasurementFormat.uncertainty(0.00035, .fr) == "0,0004")
        #expect(MeasurementFormat.uncertainty(1.96, .fr) == "2,0")
        #expect(MeasurementFormat.uncertainty(25, .en) == "25")
        #expect(MeasurementFormat.uncertainty(0.96, .en) == "1")
        #expect(MeasurementFormat.uncertainty(2345, .en) == "2,300")
    }
}

@Suite struct DeltaTests {
    @Test func permilleSpacing() {
        #expect(MeasurementFormat.delta(-25.3, 0.2, .en) == "\(MINUS)25.3\(PM)0.2\(NBSP)‰")
        #expect(MeasurementFormat.delta(-25.3, 0.2, .fr) == "\(MINUS)25,3\(PM)0,2\(NNBSP)‰")
        #expect(MeasurementFormat.delta(-27.81, 0.46, .fr) == "\(MINUS)27,8\(PM)0,5\(NNBSP)‰")
        #expect(MeasurementFormat.delta(-18.2, 0.25, .en) == "\(MINUS)18.20\(PM)0.25\(NBSP)‰")
        #expect(MeasurementFormat.delta(0, 0.1, .en) == "0.0\(PM)0.1\(NBSP)‰")
    }

    @Test func withoutUncertaintyAndSigns() {
        #expect(MeasurementFormat.delta(12.46, nil, .en) == "12.46\(NBSP)‰")
        #expect(MeasurementFormat.delta(0.00003, nil, .en) == "0.00003\(NBSP)‰")  // never scientific
        #expect(MeasurementFormat.delta(3.2, 0.3, .en, plusSign: true) == "+3.2\(PM)0.3\(NBSP)‰")
        #expect(MeasurementFormat.delta(-3.2, 0.3, .en, plusSign: true) == "\(MINUS)3.2\(PM)0.3\(NBSP)‰")
        #expect(MeasurementFormat.delta(0.02, 0.3, .fr, plusSign: true) == "0,0\(PM)0,3\(NNBSP)‰")
    }
}

@Suite struct QuantityTests {
    @Test func units() {
        #expect(MeasurementFormat.quantity(12.46, 0.83, unit: "µg/L", .en) == "12.5\(PM)0.8\(NBSP)µg/L")
        #expect(MeasurementFormat.quantity(1520, 130, unit: "mg/kg", .fr) == "1\(NNBSP)520\(PM)130\(NBSP)mg/kg")
        #expect(MeasurementFormat.quantity(0.53, 0.05, unit: "%", .fr) == "0,53\(PM)0,05\(NNBSP)%")
        #expect(MeasurementFormat.quantity(0.53, nil, unit: "%", .en) == "0.53%")
        #expect(MeasurementFormat.quantity(7.2, nil, unit: "", .en) == "7.2")
    }
}
