import Testing
import IsoFindFormat

@Suite struct IsotopeUnicodeTests {
    @Test func everySystemOfTheDataSources() {
        #expect(IsotopeNotation.unicode("87Sr/86Sr") == "⁸⁷Sr/⁸⁶Sr")
        #expect(IsotopeNotation.unicode("206Pb/204Pb") == "²⁰⁶Pb/²⁰⁴Pb")
        #expect(IsotopeNotation.unicode("208Pb/206Pb") == "²⁰⁸Pb/²⁰⁶Pb")
        #expect(IsotopeNotation.unicode("207Pb/206Pb") == "²⁰⁷Pb/²⁰⁶Pb")
        #expect(IsotopeNotation.unicode("13C/12C") == "¹³C/¹²C")
        #expect(IsotopeNotation.unicode("13C/12C (TCE)") == "¹³C/¹²C (TCE)")
        #expect(IsotopeNotation.unicode("34S/32S") == "³⁴S/³²S")
        #expect(IsotopeNotation.unicode("66Zn/64Zn") == "⁶⁶Zn/⁶⁴Zn")
        #expect(IsotopeNotation.unicode("δ13C") == "δ¹³C")
        #expect(IsotopeNotation.unicode("δ13C-TCE") == "δ¹³C-TCE")
        #expect(IsotopeNotation.unicode("δ34S") == "δ³⁴S")
        #expect(IsotopeNotation.unicode("δ66Zn") == "δ⁶⁶Zn")
    }

    @Test func spelledOutDelta() {
        #expect(IsotopeNotation.unicode("d13C") == "δ¹³C")
        #expect(IsotopeNotation.unicode("delta13C") == "δ¹³C")
        #expect(IsotopeNotation.unicode("Delta34S") == "δ³⁴S")
        #expect(IsotopeNotation.unicode("d13C-TCE") == "δ¹³C-TCE")
        #expect(IsotopeNotation.unicode("(d66Zn)") == "(δ⁶⁶Zn)")
        #expect(IsotopeNotation.unicode("d18O vs d2H") == "δ¹⁸O vs δ²H")
        #expect(IsotopeNotation.unicode("Δ33S and ε143Nd") == "Δ³³S and ε¹⁴³Nd")
        // not a δ: inside a word, or not followed by an isotope
        #expect(IsotopeNotation.unicode("Cd13C") == "Cd13C")
        #expect(IsotopeNotation.unicode("and13C") == "and13C")
        #expect(IsotopeNotation.unicode("d1") == "d1")
        #expect(IsotopeNotation.unicode("delta") == "delta")
        #expect(IsotopeNotation.unicode("d") == "d")
        #expect(IsotopeNotation.unicode("D13C") == "D13C")
    }

    @Test func leavesOrdinaryTextAlone() {
        for text in ["H2O", "CO2", "Fe2O3", "CH4", "Sr", "Pb", "", "GW-P01-2026-04", "2026 Pb", "10 µg/L",
                     "pH 7.2", "Sample 3A", "Sample 1B", "P2Pb", "12Ca", "013C", "1300C", "13Cs", "13Cabc",
                     "⁸⁷Sr/⁸⁶Sr", "NIST SRM 987", "Pb 206", "13 C"] {
            #expect(IsotopeNotation.unicode(text) == text, "\(text)")
        }
    }

    @Test func edgeCases() {
        #expect(IsotopeNotation.unicode("13CO2") == "¹³CO2")          // symbol followed by a capital
        #expect(IsotopeNotation.unicode("2H") == "²H")
        #expect(IsotopeNotation.unicode("δ 13C") == "δ ¹³C")
        #expect(IsotopeNotation.unicode("[87Sr/86Sr]0") == "[⁸⁷Sr/⁸⁶Sr]0")
        #expect(IsotopeNotation.unicode("ratio=87Sr/86Sr, 143Nd/144Nd; 238U") == "ratio=⁸⁷Sr/⁸⁶Sr, ¹⁴³Nd/¹⁴⁴Nd; ²³⁸U")
        #expect(IsotopeNotation.unicode("the 87Sr/86Sr ratio") == "the ⁸⁷Sr/⁸⁶Sr ratio")
        #expect(IsotopeNotation.unicode("18O") == "¹⁸O")
        #expect(IsotopeNotation.unicode("14C") == "¹⁴C")
        #expect(IsotopeNotation.unicode("4He/3He") == "⁴He/³He")
    }
}

@Suite struct IsotopeMarkupTests {
    @Test func superscriptTags() {
        #expect(IsotopeNotation.markup("87Sr/86Sr") == "<sup>87</sup>Sr/<sup>86</sup>Sr")
        #expect(IsotopeNotation.markup("206Pb/204Pb") == "<sup>206</sup>Pb/<sup>204</sup>Pb")
        #expect(IsotopeNotation.markup("δ13C-TCE") == "δ<sup>13</sup>C-TCE")
        #expect(IsotopeNotation.markup("d34S") == "δ<sup>34</sup>S")
        #expect(IsotopeNotation.markup("13C/12C (TCE)") == "<sup>13</sup>C/<sup>12</sup>C (TCE)")
    }

    @Test func escapesTheRest() {
        #expect(IsotopeNotation.markup("H2O & <13C>") == "H2O &amp; &lt;13C&gt;")
        #expect(IsotopeNotation.markup("Pb & Zn <sup>") == "Pb &amp; Zn &lt;sup&gt;")
        #expect(IsotopeNotation.markup("\"87Sr\" 'x'") == "&quot;<sup>87</sup>Sr&quot; &apos;x&apos;")
        #expect(IsotopeNotation.unicode("« 87Sr/86Sr » «87Sr»") == "« ⁸⁷Sr/⁸⁶Sr » «⁸⁷Sr»")
        #expect(IsotopeNotation.markup("(87Sr/86Sr) & 'δ13C'") == "(<sup>87</sup>Sr/<sup>86</sup>Sr) &amp; &apos;δ<sup>13</sup>C&apos;")
    }
}

@Suite struct DeltaLabelTests {
    @Test func stableSystems() {
        #expect(IsotopeNotation.deltaLabel(system: "13C/12C") == "δ¹³C")
        #expect(IsotopeNotation.deltaLabel(system: "34S/32S") == "δ³⁴S")
        #expect(IsotopeNotation.deltaLabel(system: "66Zn/64Zn") == "δ⁶⁶Zn")
        #expect(IsotopeNotation.deltaLabel(system: "13C/12C (TCE)") == "δ¹³C-TCE")
        #expect(IsotopeNotation.deltaLabel(system: "18O/16O") == "δ¹⁸O")
        #expect(IsotopeNotation.deltaLabel(system: "2H/1H") == "δ²H")
        #expect(IsotopeNotation.deltaLabel(system: "15N/14N") == "δ¹⁵N")
        #expect(IsotopeNotation.deltaLabel(system: "37Cl/35Cl") == "δ³⁷Cl")
        #expect(IsotopeNotation.deltaLabel(system: "65Cu/63Cu") == "δ⁶⁵Cu")
        #expect(IsotopeNotation.deltaLabel(system: "114Cd/110Cd") == "δ¹¹⁴Cd")
        #expect(IsotopeNotation.deltaLabel(system: "88Sr/86Sr") == "δ⁸⁸Sr")
        #expect(IsotopeNotation.deltaLabel(system: "238U/235U") == "δ²³⁸U")
        #expect(IsotopeNotation.deltaLabel(system: " 13C / 12C ") == "δ¹³C")
        #expect(IsotopeNotation.deltaLabel(system: "¹³C/¹²C") == "δ¹³C")
        #expect(IsotopeNotation.deltaLabel(system: "13C/12C (cis-DCE)") == "δ¹³C-cis-DCE")
    }

    @Test func alreadyDeltaLabels() {
        #expect(IsotopeNotation.deltaLabel(system: "δ13C") == "δ¹³C")
        #expect(IsotopeNotation.deltaLabel(system: "δ13C-TCE") == "δ¹³C-TCE")
        #expect(IsotopeNotation.deltaLabel(system: "d34S") == "δ³⁴S")
    }

    @Test func radiogenicAndInvalidAreNil() {
        for system in ["87Sr/86Sr", "86Sr/87Sr", "206Pb/204Pb", "208Pb/206Pb", "207Pb/206Pb", "204Pb/206Pb",
                       "143Nd/144Nd", "176Hf/177Hf", "187Os/188Os", "3He/4He", "40Ar/36Ar", "234U/238U",
                       "230Th/232Th", "Sr/Ca", "87Sr/86Pb", "13C/13C", "13C/12C TCE", "13C/12C ()", "", "C",
                       "hello", "13C", "13C/"] {
            #expect(IsotopeNotation.deltaLabel(system: system) == nil, "\(system)")
        }
        #expect(IsotopeNotation.isRadiogenic(system: "87Sr/86Sr") == true)
        #expect(IsotopeNotation.isRadiogenic(system: "13C/12C (TCE)") == false)
        #expect(IsotopeNotation.isRadiogenic(system: "Sr/Ca") == nil)
    }

    @Test func markupLabels() {
        #expect(IsotopeNotation.deltaLabelMarkup(system: "13C/12C (TCE)") == "δ<sup>13</sup>C-TCE")
        #expect(IsotopeNotation.deltaLabelMarkup(system: "66Zn/64Zn") == "δ<sup>66</sup>Zn")
        #expect(IsotopeNotation.deltaLabelMarkup(system: "13C/12C (A&B)") == "δ<sup>13</sup>C-A&amp;B")
        #expect(IsotopeNotation.deltaLabelMarkup(system: "87Sr/86Sr") == nil)
    }
}

@Suite struct MarkupTests {
    @Test func escapesTheFiveCharacters() {
        #expect(Markup.escape("a & b") == "a &amp; b")
        #expect(Markup.escape("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;")
        #expect(Markup.escape("\"quoted\" and 'single'") == "&quot;quoted&quot; and &apos;single&apos;")
        #expect(Markup.escape("&amp;") == "&amp;amp;")
        #expect(Markup.escape("δ¹³C ± 0,2 ‰ — l'eau") == "δ¹³C ± 0,2 ‰ — l&apos;eau")
        #expect(Markup.escape("") == "")
        #expect(Markup.escape("plain") == "plain")
    }

    @Test func dropsForbiddenControlCharacters() {
        #expect(Markup.escape("a\u{0}b\u{1B}c") == "abc")
        #expect(Markup.escape("line\nnext\ttab\r") == "line\nnext\ttab\r")
        #expect(Markup.superscript("2&3") == "<sup>2&amp;3</sup>")
    }
}
