import IsoFindDomain
import Testing
@testable import IsoFindReport

@Suite struct StringsTests {
    let samples = Localized(fr: "%@ échantillon(s) positionné(s) ; %@ dépasse(nt) leur seuil.",
                            en: "%@ sample(s) placed; %@ value(s) above it.")

    @Test func pluralMarksAgreeWithTheCountBeforeThem() {
        #expect(Strings.format(samples, .fr, "1", "3") == "1 échantillon positionné ; 3 dépassent leur seuil.")
        #expect(Strings.format(samples, .fr, "0", "1") == "0 échantillon positionné ; 1 dépasse leur seuil.")
        #expect(Strings.format(samples, .en, "1", "0") == "1 sample placed; 0 values above it.")
        #expect(Strings.format(samples, .en, "2", "1") == "2 samples placed; 1 value above it.")
        // Thousands separators are part of the count.
        #expect(Strings.format(samples, .fr, "1\u{202F}234", "2") == "1\u{202F}234 échantillons positionnés ; 2 dépassent leur seuil.")
    }

    @Test func marksAfterSomethingElseThanACountStayAndArgumentsAreNeverSearched() {
        let caption = Localized(fr: "Base (%@) : échantillon(s) %@.", en: "Database (%@): sample(s) %@.")
        #expect(Strings.format(caption, .en, "isofind.db", "%@ (s)") == "Database (isofind.db): sample(s) %@ (s).")
    }
}
