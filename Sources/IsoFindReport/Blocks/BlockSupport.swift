import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// What every block needs to stay honest, in one place: the "no data" statement (a notice in the
/// PDF and the same sentence as a warning for the API response and the limitations block), the
/// source caption under a table or chart, and the samples database's name for those captions.
enum BlockSupport {
    static func noData(_ context: BlockContext, _ message: Localized) -> Notice {
        let text = message[context.language]
        context.warn(text)
        return Notice(markup: Markup.escape(text), kind: .noData)
    }

    static func caption(_ text: String) -> Caption {
        Caption(markup: Markup.escape(text))
    }

    /// A matrix name in the report's language (the vocabulary's French names in French reports).
    static func matrix(_ name: String, _ context: BlockContext) -> String {
        MatrixName.display(name, french: context.language == .fr)
    }

    static func databaseName(_ context: BlockContext) -> String {
        context.sources.samplesDatabase.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? "isofind.db"
    }
}
