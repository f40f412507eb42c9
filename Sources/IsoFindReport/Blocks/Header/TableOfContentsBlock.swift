import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout

/// `table_of_contents`: every later block with its page number, each entry a link.
struct TableOfContentsBlock: ReportBlock {
    let definition = BlockDefinition(
        key: .tableOfContents,
        name: Localized(fr: "Sommaire", en: "Table of contents"),
        description: Localized(
            fr: "Les blocs qui suivent avec leur numéro de page, chaque entrée renvoyant au bloc par un lien.",
            en: "Every following block with its page number, each entry linking to the block."),
        category: .header, nature: .none, estPages: 1, licence: .research, needs: [])

    /// The contents draw their own heading, "Sommaire" / "Contents".
    var drawsOwnHeading: Bool { true }

    func render(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        let entries = context.laterBlocks.filter { $0.key != .coverPage && $0.key != .tableOfContents }
            .map { ReportComposer.anchor($0.definition, language) }
        return [Heading(markup: Markup.escape(Strings.contents[language]),
                        anchor: Anchor(id: BlockKey.tableOfContents.rawValue, title: Strings.contents[language])),
                TableOfContents(entries: entries, numbers: context.pageNumbers)]
    }
}
