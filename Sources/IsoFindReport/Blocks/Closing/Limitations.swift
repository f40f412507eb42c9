import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `limitations`: every warning of this generation, then the standing reservations. Built after
/// every other block, so that the list of warnings is complete.
struct Limitations: ReportBlock {
    let definition = BlockDefinition(
        key: .limitations,
        name: Localized(fr: "Limites", en: "Limitations"),
        description: Localized(
            fr: "Ce que ce rapport ne peut pas établir\u{00A0}: données manquantes, alertes, problèmes de pertinence des matrices, blocs experts en mode concis, et ce qu’une signature ne prouve pas.",
            en: "What this report cannot show: missing data, warnings, matrix relevance problems, expert blocks in concise mode, and what a signature does not prove."),
        category: .closing, nature: .honest, estPages: 1, licence: .research, needs: [])

    var summarisesOthers: Bool { true }

    static let text = (
        intro: Localized(
            fr: "Ce que ce rapport ne permet pas d'établir, et les réserves à garder à l'esprit en le lisant.",
            en: "What this report cannot establish, and the reservations to keep in mind when reading it."),
        noWarning: Localized(
            fr: "Aucune donnée manquante ni aucun avertissement n'a été relevé lors de la génération.",
            en: "No missing data and no warning were recorded during generation."),
        warningsTitle: Localized(fr: "Avertissements de génération", en: "Generation warnings"),
        signatureTitle: Localized(fr: "Portée de la signature", en: "What the signature covers"),
        signature: Localized(
            fr: "Une signature électronique atteste l'intégrité du document depuis sa signature et son origine (l'installation qui détient la clé). Elle ne garantit ni l'exactitude scientifique des résultats, ni la compétence de l'auteur, ni une accréditation, ni l'exhaustivité des données.",
            en: "An electronic signature proves the document's integrity since signing and its origin (the installation holding the key). It does not vouch for the scientific accuracy of the results, the author's competence, any accreditation, or the completeness of the data."),
        interpretation: Localized(
            fr: "Les interprétations (nature I) sont des hypothèses compatibles avec les données présentées ; une signature isotopique compatible n'établit pas à elle seule une origine.",
            en: "Interpretations (nature I) are hypotheses consistent with the data shown; a compatible isotope signature does not by itself establish an origin.")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let text = Self.text
        let language = context.language
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(text.intro[language]))]
        story.append(Heading(markup: Markup.escape(text.warningsTitle[language]), level: 2))
        let warnings = context.warnings
        if warnings.isEmpty {
            story.append(Paragraph(markup: Markup.escape(text.noWarning[language])))
        } else {
            for warning in warnings {
                let block = warning.block.flatMap(context.name(of:)).map { "<b>\(Markup.escape($0))</b> — " } ?? ""
                story.append(Paragraph(markup: "• " + block + Markup.escape(warning.message), spaceAfter: 3))
            }
        }
        story.append(Heading(markup: Markup.escape(text.signatureTitle[language]), level: 2))
        story.append(Paragraph(markup: Markup.escape(text.signature[language])))
        story.append(Paragraph(markup: Markup.escape(text.interpretation[language])))
        return story
    }
}
