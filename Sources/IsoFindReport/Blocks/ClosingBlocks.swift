import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// Blocks of the "closing" category.
enum ClosingBlocks {
    static let intro = Localized(
        fr: "Ce que ce rapport ne permet pas d'établir, et les réserves à garder à l'esprit en le lisant.",
        en: "What this report cannot establish, and the reservations to keep in mind when reading it.")
    static let noWarning = Localized(
        fr: "Aucune donnée manquante ni aucun avertissement n'a été relevé lors de la génération.",
        en: "No missing data and no warning were recorded during generation.")
    static let warningsTitle = Localized(fr: "Avertissements de génération", en: "Generation warnings")
    static let signatureTitle = Localized(fr: "Portée de la signature", en: "What the signature covers")
    static let signature = Localized(
        fr: "Une signature électronique atteste l'intégrité du document depuis sa signature et son origine (l'installation qui détient la clé). Elle ne garantit ni l'exactitude scientifique des résultats, ni la compétence de l'auteur, ni une accréditation, ni l'exhaustivité des données.",
        en: "An electronic signature proves the document's integrity since signing and its origin (the installation holding the key). It does not vouch for the scientific accuracy of the results, the author's competence, any accreditation, or the completeness of the data.")
    static let interpretation = Localized(
        fr: "Les interprétations (nature I) sont des hypothèses compatibles avec les données présentées ; une signature isotopique compatible n'établit pas à elle seule une origine.",
        en: "Interpretations (nature I) are hypotheses consistent with the data shown; a compatible isotope signature does not by itself establish an origin.")

    /// `limitations`: every warning of this generation, then the standing reservations.
    static func limitations(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(intro[language]))]
        story.append(Heading(markup: Markup.escape(warningsTitle[language]), level: 2))
        let warnings = context.warnings
        if warnings.isEmpty {
            story.append(Paragraph(markup: Markup.escape(noWarning[language])))
        } else {
            for warning in warnings {
                let block = warning.block.flatMap(context.name(of:)).map { "<b>\(Markup.escape($0))</b> — " } ?? ""
                story.append(Paragraph(markup: "• " + block + Markup.escape(warning.message), spaceAfter: 3))
            }
        }
        story.append(Heading(markup: Markup.escape(signatureTitle[language]), level: 2))
        story.append(Paragraph(markup: Markup.escape(signature[language])))
        story.append(Paragraph(markup: Markup.escape(interpretation[language])))
        return story
    }
}
