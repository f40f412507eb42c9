import Foundation
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `matrix_relevance`: every pair of matrices the report compares (sources × receptors, else
/// every pair present), with the verdict of the installation's matrix rules.
struct MatrixRelevance: ReportBlock {
    let definition = BlockDefinition(
        key: .matrixRelevance,
        name: Localized(fr: "Pertinence des matrices", en: "Matrix relevance"),
        description: Localized(
            fr: "Chaque paire de matrices que le rapport compare, avec le verdict de pertinence issu des règles de matrices.",
            en: "Every pair of matrices the report compares, with the relevance verdict of the matrix rules."),
        category: .results, nature: .honest, estPages: 1, licence: .research, needs: [.samples])

    static let relevance = (
        introPairs: Localized(fr: "Chaque couple de matrices comparé dans ce rapport (matrices des sources × matrices des filles), avec le verdict des règles de matrices de cette installation.",
                              en: "Every pair of matrices this report compares (source matrices × receptor matrices), with the verdict of this installation's matrix rules."),
        introAll: Localized(fr: "Les échantillons ne sont pas classés à la fois en sources et en filles : tous les couples de matrices présentes sont examinés, avec le verdict des règles de matrices de cette installation.",
                            en: "The samples are not classified into both sources and receptors: every pair of the matrices present is examined, with the verdict of this installation's matrix rules."),
        rulesUnreadable: Localized(fr: "Les règles de matrices de cette installation n'ont pas pu être lues : la pertinence des comparaisons entre matrices ne peut pas être évaluée.",
                                   en: "This installation's matrix rules could not be read: the relevance of comparisons between matrices cannot be assessed."),
        noMatrix: Localized(fr: "Aucun échantillon de ce rapport n'a de matrice renseignée : la pertinence des comparaisons ne peut pas être évaluée.",
                            en: "No sample of this report has a matrix: the relevance of comparisons cannot be assessed."),
        singleMatrix: Localized(fr: "Tous les échantillons relèvent d'une seule matrice (%@) : aucune comparaison entre matrices différentes.",
                                en: "All samples share one matrix (%@): no comparison between different matrices."),
        unmatrixed: Localized(fr: "%@ échantillon(s) sans matrice renseignée, exclu(s) de l'examen de pertinence.",
                              en: "%@ sample(s) without a matrix, left out of the relevance check."),
        matrixA: Localized(fr: "Matrice A", en: "Matrix A"),
        matrixB: Localized(fr: "Matrice B", en: "Matrix B"),
        sourceMatrix: Localized(fr: "Matrice source", en: "Source matrix"),
        receptorMatrix: Localized(fr: "Matrice fille", en: "Receptor matrix"),
        groups: Localized(fr: "Groupes", en: "Groups"),
        verdict: Localized(fr: "Verdict", en: "Verdict"),
        note: Localized(fr: "Note de la règle", en: "Rule note"),
        relevant: Localized(fr: "pertinente", en: "relevant"),
        notRelevant: Localized(fr: "non pertinente", en: "not relevant"),
        undefined: Localized(fr: "non définie", en: "not defined"),
        noGroup: Localized(fr: "aucun groupe", en: "no group"),
        warnNotRelevant: Localized(fr: "La comparaison des matrices « %@ » et « %@ » n'est pas pertinente selon les règles de matrices : %@",
                                   en: "Comparing the matrices “%@” and “%@” is not relevant under the matrix rules: %@"),
        warnUndefined: Localized(fr: "Aucun verdict de pertinence n'est défini pour les matrices « %@ » et « %@ » : %@",
                                 en: "No relevance verdict is defined for the matrices “%@” and “%@”: %@"),
        summary: Localized(fr: "%@ couple(s) examiné(s) : %@ pertinent(s), %@ non pertinent(s), %@ sans verdict défini (lignes surlignées).",
                           en: "%@ pair(s) examined: %@ relevant, %@ not relevant, %@ without a defined verdict (highlighted rows)."),
        caption: Localized(fr: "Source : colonnes matrix et classification des échantillons, base d'échantillons IsoFind (%@) ; verdicts et notes : groupes et règles de matrices de cette installation (notes telles que saisies dans la configuration).",
                           en: "Source: matrix and classification of the samples, IsoFind samples database (%@); verdicts and notes: this installation's matrix groups and rules (notes as entered in the configuration).")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let relevance = Self.relevance
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        // Without the rules there is no verdict to give (ReportContext's degrading rule).
        guard context.unavailable(.matrixRules) == nil else { return [context.noData(relevance.rulesUnreadable)] }
        let language = context.language
        // Distinct matrices by canonical name, first-seen spelling kept, per role.
        var all: [String] = [], sources: [String] = [], receptors: [String] = []
        var seen: Set<String> = [], seenSources: Set<String> = [], seenReceptors: Set<String> = []
        var unmatrixed = 0
        for sample in context.samples {
            guard let raw = sample.matrix?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                unmatrixed += 1
                continue
            }
            let canonical = MatrixName.canonical(raw)
            if seen.insert(canonical).inserted { all.append(raw) }
            if sample.isSource, seenSources.insert(canonical).inserted { sources.append(raw) }
            if sample.isReceptor, seenReceptors.insert(canonical).inserted { receptors.append(raw) }
        }
        guard !all.isEmpty else { return [context.noData(relevance.noMatrix)] }
        var story: [any Drawable] = []
        let crossed = !sources.isEmpty && !receptors.isEmpty
        var pairs: [(String, String)] = []
        if crossed {
            for s in sources { for r in receptors { pairs.append((s, r)) } }
        } else {
            for i in all.indices { for j in all.indices where j > i { pairs.append((all[i], all[j])) } }
        }
        story.append(Paragraph(markup: Markup.escape((crossed ? relevance.introPairs : relevance.introAll)[language])))
        if unmatrixed > 0 {
            let message = context.text(relevance.unmatrixed, context.integer(unmatrixed))
            context.warn(message)
            story.append(Notice(markup: Markup.escape(message), kind: .warning))
        }
        guard !pairs.isEmpty else {
            story.append(Notice(markup: Markup.escape(context.text(relevance.singleMatrix, all[0])), kind: .info))
            story.append(caption(context.text(relevance.caption, context.databaseName)))
            return story
        }
        var rows: [[String]] = []
        var highlighted: Set<Int> = []
        var counts = (relevant: 0, notRelevant: 0, undefined: 0)
        func groupName(_ id: String?) -> String {
            id.flatMap { context.matrices.group(id: $0)?.name } ?? relevance.noGroup[language]
        }
        for (a, b) in pairs {
            let check = context.matrices.check(a, b)
            let note = check.note ?? Strings.notProvided[language]
            let verdict: String
            switch check.relevant {
            case true?:
                verdict = Markup.escape(relevance.relevant[language])
                counts.relevant += 1
            case false?:
                verdict = "<b>" + Markup.escape(relevance.notRelevant[language]) + "</b>"
                counts.notRelevant += 1
                highlighted.insert(rows.count)
                context.warn(context.text(relevance.warnNotRelevant, a, b, note))
            case nil:
                verdict = "<b>" + Markup.escape(relevance.undefined[language]) + "</b>"
                counts.undefined += 1
                highlighted.insert(rows.count)
                context.warn(context.text(relevance.warnUndefined, a, b, note))
            }
            rows.append([Markup.escape(context.matrix(a)), Markup.escape(context.matrix(b)),
                         Markup.escape(groupName(check.groupA) + " / " + groupName(check.groupB)),
                         verdict, Markup.escape(note)])
        }
        story.append(Paragraph(markup: Markup.escape(context.text(relevance.summary, context.integer(pairs.count),
            context.integer(counts.relevant), context.integer(counts.notRelevant), context.integer(counts.undefined)))))
        story.append(Table(columns: [
            TableColumn((crossed ? relevance.sourceMatrix : relevance.matrixA)[language], weight: 0.9),
            TableColumn((crossed ? relevance.receptorMatrix : relevance.matrixB)[language], weight: 0.9),
            TableColumn(relevance.groups[language], weight: 1.2), TableColumn(relevance.verdict[language], weight: 0.8),
            TableColumn(relevance.note[language], weight: 3.2),
        ], rows: rows, highlighted: highlighted))
        story.append(caption(context.text(relevance.caption, context.databaseName)))
        return story
    }
}
