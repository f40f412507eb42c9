import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// What every block needs to stay honest, in one place: the "no data" statement (a notice in the
/// PDF and the same sentence as a warning for the API response and the limitations block), the
/// source caption under a table or chart, the samples database's name for those captions, and the
/// sentences that several blocks share.
enum BlockSupport {
    /// Said instead of `Strings.noSamples` when the samples database could not be read
    /// (ReportContext's degrading rule; the reason itself is the renderer's warning).
    static let samplesUnreadable = Localized(
        fr: "La base d'échantillons n'a pas pu être lue : ce bloc ne peut présenter aucun échantillon.",
        en: "The samples database could not be read: this block cannot show any sample.")
    static let noIsotopes = Localized(fr: "Aucune mesure isotopique n'est disponible pour les échantillons de ce rapport.",
                                      en: "No isotope measurement is available for the samples of this report.")
    /// The source of the tables and charts built on the samples database.
    static let samplesSource = Localized(fr: "Source : base d'échantillons IsoFind (%@)", en: "Source: IsoFind samples database (%@)")
}

extension BlockContext {
    /// Says in the PDF that the block has no data, and gives the same sentence as a warning
    /// under this block.
    func noData(_ message: Localized) -> Notice {
        let text = message[language]
        warn(text)
        return Notice(markup: Markup.escape(text), kind: .noData)
    }

    /// The `noData` of a block built on samples that has none: that the samples database could
    /// not be read when it could not, else that no sample matches the report's selection.
    func noSamples() -> Notice {
        noData(unavailable(.samples) == nil ? Strings.noSamples : BlockSupport.samplesUnreadable)
    }

    /// The samples database's file name, as the source captions print it.
    var databaseName: String {
        sources.samplesDatabase.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? "isofind.db"
    }

    /// "Source : base d'échantillons IsoFind (isofind.db).", after `detail` when given.
    func samplesCaption(_ detail: String? = nil) -> Caption {
        let source = Strings.format(BlockSupport.samplesSource, language, databaseName) + "."
        return caption([detail, source].compactMap { $0 }.joined(separator: " "))
    }

    /// A matrix name in the report's language (the vocabulary's French names in French reports).
    func matrix(_ name: String) -> String {
        MatrixName.display(name, french: language == .fr)
    }

    /// `localized` in the report's language, each `%@` filled in order (`Strings.format`).
    func text(_ localized: Localized, _ arguments: String...) -> String {
        Strings.format(localized[language], language, arguments)
    }

    /// An integer in the report's language (thousands separated).
    func integer(_ value: Int) -> String { NumberFormat.integer(value, format) }
}

/// A source or legend line under a table or chart, printed as written.
func caption(_ text: String) -> Caption {
    Caption(markup: Markup.escape(text))
}

/// A heading inside a block, printed as written.
func subheading(_ text: String) -> Heading {
    Heading(markup: Markup.escape(text), level: 2)
}

/// An isotope system as printed: its δ label (`δ¹³C-TCE`) or the typeset ratio (`⁸⁷Sr/⁸⁶Sr`);
/// nil when the system is not given.
func systemLabel(_ system: String?) -> String? {
    guard let system, !system.isEmpty else { return nil }
    return IsotopeNotation.deltaLabel(system: system) ?? IsotopeNotation.unicode(system)
}
