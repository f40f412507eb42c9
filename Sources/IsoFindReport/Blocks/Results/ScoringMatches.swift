import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `scoring_matches`: the ranked matches of the scoring result, their per-ratio compatibility
/// and a bar chart of their scores.
struct ScoringMatches: ReportBlock {
    let definition = BlockDefinition(
        key: .scoringMatches,
        name: Localized(fr: "Appariement des signatures", en: "Signature matching"),
        description: Localized(
            fr: "Correspondances classées avec score et classe (complète, partielle, incompatible), compatibilité rapport par rapport et diagramme en barres.",
            en: "Ranked matches with score and class (full, partial, incompatible), per-ratio compatibility and a bar chart."),
        category: .results, nature: .interpreted, estPages: 2, licence: .researchPlus, needs: [.scoringResult])

    static let noScoring = Localized(fr: "Aucun résultat de scoring n'a été fourni pour ce rapport.",
                                     en: "No scoring result was provided for this report.")
    static let noScoringMatch = Localized(fr: "Le résultat de scoring fourni ne contient aucune correspondance.",
                                          en: "The scoring result provided contains no match.")
    static let scoringSource = Localized(fr: "Source : résultat de scoring fourni avec la requête (scoring_result).",
                                         en: "Source: scoring result provided with the request (scoring_result).")

    static let scoring = (
        outside: Localized(
            fr: "Le résultat de scoring nomme des échantillons absents de la sélection de ce rapport : %@. Leurs correspondances sont reproduites telles que fournies, sans que ce rapport en montre les mesures.",
            en: "The scoring result names samples that are not in this report's selection: %@. Their matches are shown as provided; this report does not show their measurements."),
        outsideMore: Localized(fr: "%@ et %@ autre(s)", en: "%@ and %@ more"),
        rank: Localized(fr: "Rang", en: "Rank"),
        receptor: Localized(fr: "Échantillon", en: "Sample"),
        reference: Localized(fr: "Référence (matrice)", en: "Reference (matrix)"),
        score: Localized(fr: "Score", en: "Score"),
        matchClass: Localized(fr: "Classe", en: "Class"),
        ratios: Localized(fr: "Compatibilité par rapport isotopique", en: "Compatibility per isotope ratio"),
        method: Localized(fr: "Algorithme : %@ · seuil : %@ · %@ correspondance(s), dont %@ complète(s).",
                          en: "Algorithm: %@ · threshold: %@ · %@ match(es), %@ of them full."),
        chartTitle: Localized(fr: "Scores des correspondances (complètes en foncé)", en: "Match scores (full matches in dark)"),
        chartCapped: Localized(fr: "Le graphique montre les %@ meilleurs scores sur %@ ; le tableau les liste tous.",
                               en: "The chart shows the %@ best scores out of %@; the table lists them all."),
        legend: Localized(
            fr: "Classes : complète (compatible sur tous les rapports), partielle, incompatible. ✓ compatible, ✗ non compatible ; z = écart normalisé entre l'échantillon et la référence.",
            en: "Classes: full (compatible on every ratio), partial, incompatible. ✓ compatible, ✗ not compatible; z = normalised difference between sample and reference.")
    )

    static func ratioCell(_ ratio: RatioComparison, _ context: BlockContext) -> String {
        let system = Markup.escape(IsotopeNotation.unicode(context.orNotProvided(ratio.system)))
        let mark: String
        switch ratio.compatible {
        case true?: mark = "✓"
        case false?: mark = "<b>✗</b>"
        case nil: mark = "?"
        }
        let z = ratio.z.map { " (z = " + NumberFormat.decimal($0, fractionDigits: 2, context.format) + ")" } ?? ""
        return "\(system) \(mark)\(Markup.escape(z))"
    }

    /// The receptors of `matches` that are not samples of this report (by id when given, else by
    /// name), each once, in order.
    static func samplesOutsideSelection(_ matches: [ScoringMatch], _ context: BlockContext) -> [String] {
        let ids = Set(context.samples.map(\.id)), names = Set(context.samples.map(\.name))
        var outside: [String] = []
        for match in matches {
            let inside = match.sampleID.map(ids.contains) ?? match.sampleName.map(names.contains) ?? true
            let name = context.receptorName(match)
            if !inside, !outside.contains(name) { outside.append(name) }
        }
        return outside
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let scoring = Self.scoring
        guard let result = context.inputs.scoringResult else { return [context.noData(Self.noScoring)] }
        let language = context.language
        let ranked = result.ranked
        guard !ranked.isEmpty else { return [context.noData(Self.noScoringMatch)] }
        let fullCount = ranked.filter { $0.matchClass == .full }.count
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(Strings.format(
            scoring.method, language, context.orNotProvided(result.algorithm), context.number(result.threshold),
            NumberFormat.integer(ranked.count, context.format), NumberFormat.integer(fullCount, context.format))))]
        // A match whose sample is not among the report's samples is said, not silently mixed in.
        let outside = Self.samplesOutsideSelection(ranked, context)
        if !outside.isEmpty {
            // Ten names at most: the notice stays a notice.
            var names = outside.prefix(10).joined(separator: ", ")
            if outside.count > 10 {
                names = Strings.format(scoring.outsideMore, language, names, NumberFormat.integer(outside.count - 10, context.format))
            }
            let message = Strings.format(scoring.outside, language, names)
            context.warn(message)
            story.append(Notice(markup: Markup.escape(message), kind: .warning))
        }

        var rows: [[String]] = []
        rows.reserveCapacity(ranked.count)
        for (index, match) in ranked.enumerated() {
            let matrix = match.referenceMatrix.map { " (\(context.matrix($0)))" } ?? ""
            let score = match.score.map { NumberFormat.decimal($0, fractionDigits: 3, context.format) } ?? Strings.notProvided[language]
            let classText = Markup.escape(context.className(match.matchClass))
            let ratios = (match.ratios ?? []).map { Self.ratioCell($0, context) }
            rows.append([
                NumberFormat.integer(index + 1, context.format),
                Markup.escape(context.receptorName(match)),
                Markup.escape(context.orNotProvided(match.reference) + matrix),
                Markup.escape(score),
                match.matchClass == .full ? "<b>\(classText)</b>" : classText,
                ratios.isEmpty ? Markup.escape(Strings.notProvided[language]) : ratios.joined(separator: "\n"),
            ])
        }
        story.append(Table(columns: [
            TableColumn(scoring.rank[language], weight: 0.45, alignment: .right),
            TableColumn(scoring.receptor[language], weight: 1.35),
            TableColumn(scoring.reference[language], weight: 1.6),
            TableColumn(scoring.score[language], weight: 0.55, alignment: .right),
            TableColumn(scoring.matchClass[language], weight: 0.95),
            TableColumn(scoring.ratios[language], weight: 1.8),
        ], rows: rows))
        story.append(caption(scoring.legend[language] + " " + Self.scoringSource[language]))

        let charted = ranked.prefix(ResultText.chartCap).filter { $0.score != nil }
        if !charted.isEmpty {
            let labels = charted.map { "\(context.receptorName($0)) – \(context.orNotProvided($0.reference))" }
            let highlight = Set(charted.indices.filter { charted[$0].matchClass == .full })
            story.append(Space(6))
            story.append(BarChart(title: scoring.chartTitle[language], labels: labels, values: charted.map { $0.score! },
                                  unit: scoring.score[language], language: context.format, highlight: highlight,
                                  fractionDigits: 3))
            var note = Self.scoringSource[language]
            if ranked.count > charted.count {
                note = Strings.format(scoring.chartCapped, language, NumberFormat.integer(charted.count, context.format),
                                      NumberFormat.integer(ranked.count, context.format)) + " " + note
            }
            story.append(caption(note))
        }
        return story
    }
}
