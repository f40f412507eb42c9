import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `interpretation`: three to six hedged statements built only from the results provided, each
/// naming its source.
struct Interpretation: ReportBlock {
    let definition = BlockDefinition(
        key: .interpretation,
        name: Localized(fr: "Interprétation", en: "Interpretation"),
        description: Localized(
            fr: "Synthèse prudente des correspondances, de Nexus et du contexte, chaque affirmation citant sa source.",
            en: "A cautious synthesis of matches, Nexus and context, each statement citing its source."),
        category: .interpretation, nature: .interpreted, estPages: 2, licence: .researchPlus, expert: true,
        needs: [.anyResult])

    static let noResult = Localized(
        fr: "Aucun résultat (scoring, Nexus, contexte géochimique ou simulation) n'a été fourni pour ce rapport : aucune interprétation ne peut en être tirée.",
        en: "No result (scoring, Nexus, geochemical context or simulation) was provided for this report: no interpretation can be drawn.")
    /// Said instead of `noResult` when the Nexus session the request named could not be read.
    static let nexusUnreadable = Localized(
        fr: "La session Nexus demandée n'a pas pu être lue et aucun autre résultat (scoring, contexte géochimique ou simulation) n'a été fourni pour ce rapport : aucune interprétation ne peut en être tirée.",
        en: "The requested Nexus session could not be read and no other result (scoring, geochemical context or simulation) was provided for this report: no interpretation can be drawn.")

    static let interpretation = (
        intro: Localized(
            fr: "Synthèse prudente des seuls résultats fournis ; chaque énoncé indique sa source entre crochets.",
            en: "A cautious synthesis of the results provided, and of nothing else; each statement names its source in brackets."),
        scoringTag: Localized(fr: "[résultat de scoring]", en: "[scoring result]"),
        nexusSessionTag: Localized(fr: "[session Nexus n° %@]", en: "[Nexus session %@]"),
        nexusTag: Localized(fr: "[résultat Nexus]", en: "[Nexus result]"),
        contextTag: Localized(fr: "[contexte géochimique automatique]", en: "[automatic geochemical context]"),
        simulationTag: Localized(fr: "[résultat de simulation]", en: "[simulation result]"),
        bestFull: Localized(
            fr: "La meilleure correspondance du scoring, %@ avec la référence %@ (score %@), est de classe complète : la signature de %@ est compatible avec une contribution de %@.",
            en: "The best scoring match, %@ with reference %@ (score %@), is a full match: the signature of %@ is compatible with a contribution from %@."),
        bestPartial: Localized(
            fr: "La meilleure correspondance du scoring, %@ avec la référence %@ (score %@), n'est que partielle : elle suggère une compatibilité limitée à certains rapports isotopiques.",
            en: "The best scoring match, %@ with reference %@ (score %@), is only partial: it suggests a compatibility limited to some isotope ratios."),
        bestIncompatible: Localized(
            fr: "Même la meilleure correspondance du scoring, %@ avec la référence %@ (score %@), est incompatible : aucune référence évaluée n'apparaît compatible.",
            en: "Even the best scoring match, %@ with reference %@ (score %@), is incompatible: none of the references assessed appears compatible."),
        bestOther: Localized(
            fr: "La meilleure correspondance du scoring est %@ avec la référence %@ (score %@, classe « %@ »).",
            en: "The best scoring match is %@ with reference %@ (score %@, class “%@”)."),
        fullCount: Localized(fr: "%@ des %@ paires évaluées sont de classe complète.",
                             en: "%@ of the %@ pairs assessed are full matches."),
        severalFull: Localized(
            fr: "Pour %@, %@ références sont de classe complète : les données ne suffisent pas à les départager.",
            en: "For %@, %@ references are full matches: the data do not tell them apart."),
        nexusPrediction: Localized(
            fr: "La chaîne Nexus prédit %@ à partir de %@ ; ce résultat est un modèle, pas une mesure.",
            en: "The Nexus chain predicts %@ from %@; this is a model result, not a measurement."),
        nexusBestMatch: Localized(
            fr: "La signature prédite est compatible avec %@ (classe %@, score %@).",
            en: "The predicted signature is compatible with %@ (class %@, score %@)."),
        nexusNoCompatible: Localized(
            fr: "Aucune des %@ références comparées n'est de classe complète avec la signature prédite.",
            en: "None of the %@ references compared is a full match with the predicted signature."),
        nexusNotVerified: Localized(
            fr: "Le bilan de masse n'est pas vérifié (résidu %@) : la chaîne proposée n'explique pas entièrement la signature mesurée et doit être lue avec prudence.",
            en: "The mass balance is not verified (residual %@): the proposed chain does not fully explain the measured signature and should be read with caution."),
        agreement: Localized(
            fr: "La référence %@ ressort à la fois du scoring et des correspondances Nexus, ce qui suggère une cohérence entre les deux approches.",
            en: "Reference %@ stands out in both the scoring and the Nexus matches, which suggests the two approaches are consistent."),
        context: Localized(
            fr: "Le contexte géochimique (pH %@, Eh %@ mV) suggère que %@ est l'espèce dominante (confiance %@, %@).",
            en: "The geochemical context (pH %@, Eh %@ mV) suggests that %@ is the dominant species (confidence %@, %@)."),
        csia: Localized(
            fr: "La simulation CSIA (ε = %@, δ₀ = %@) décrit l'enrichissement isotopique attendu d'une dégradation de %@ ; elle ne remplace pas des mesures répétées.",
            en: "The CSIA simulation (ε = %@, δ₀ = %@) describes the isotope enrichment expected from the degradation of %@; it does not replace repeated measurements."),
        redox: Localized(
            fr: "La simulation redox place la limite entre formes oxydée et réduite à pe = %@ (pH %@).",
            en: "The redox simulation places the boundary between oxidised and reduced forms at pe = %@ (pH %@)."),
        closing: Localized(
            fr: "Ces énoncés sont des hypothèses compatibles avec les résultats fournis ; une signature compatible n'établit pas à elle seule une origine.",
            en: "These statements are hypotheses consistent with the results provided; a compatible signature does not by itself establish an origin.")
    )

    static func nexusTag(_ context: BlockContext) -> String {
        if let id = context.sources.nexusSessionID {
            return Strings.format(interpretation.nexusSessionTag, context.language, NumberFormat.integer(id, context.format))
        }
        return interpretation.nexusTag[context.language]
    }

    /// The statements of `interpretation`, each with its source tag, at most six.
    static func statements(_ context: BlockContext) -> [(text: String, source: String)] {
        let language = context.language
        let format = context.format
        let lines = interpretation
        var out: [(String, String)] = []
        var bestScoringReference: String?
        if let scoring = context.inputs.scoringResult, let best = scoring.ranked.first {
            let tag = lines.scoringTag[language]
            let receptor = context.receptorName(best)
            let reference = context.orNotProvided(best.reference)
            bestScoringReference = best.reference
            let score = best.score.map { NumberFormat.decimal($0, fractionDigits: 3, format) } ?? Strings.notProvided[language]
            switch best.matchClass {
            case .full: out.append((Strings.format(lines.bestFull, language, receptor, reference, score, receptor, reference), tag))
            case .partial: out.append((Strings.format(lines.bestPartial, language, receptor, reference, score), tag))
            case .incompatible: out.append((Strings.format(lines.bestIncompatible, language, receptor, reference, score), tag))
            default: out.append((Strings.format(lines.bestOther, language, receptor, reference, score, context.className(best.matchClass)), tag))
            }
            let fullCount = scoring.ranked.filter { $0.matchClass == .full }.count
            let sameReceptor = scoring.ranked.filter {
                $0.matchClass == .full && context.receptorName($0) == receptor
            }.count
            if best.matchClass == .full, sameReceptor > 1 {
                out.append((Strings.format(lines.severalFull, language, receptor, NumberFormat.integer(sameReceptor, format)), tag))
            } else if scoring.ranked.count > 1 {
                out.append((Strings.format(lines.fullCount, language, NumberFormat.integer(fullCount, format),
                                           NumberFormat.integer(scoring.ranked.count, format)), tag))
            }
        }
        if let result = context.inputs.nexusResult {
            let tag = nexusTag(context)
            if result.predicted?.value != nil {
                let label = systemLabel(result.system).map { "\($0) = " } ?? ""
                let start = result.initial?.value != nil ? context.initialText(result) : Strings.notProvided[language]
                out.append((Strings.format(lines.nexusPrediction, language, label + context.predictedText(result), start), tag))
            }
            let matches = result.matches ?? []
            if let best = matches.first(where: { $0.matchClass == .full }) {
                out.append((Strings.format(lines.nexusBestMatch, language, context.orNotProvided(best.reference), context.className(best.matchClass),
                                           best.score.map { NumberFormat.decimal($0, fractionDigits: 3, format) } ?? Strings.notProvided[language]), tag))
            } else if !matches.isEmpty {
                out.append((Strings.format(lines.nexusNoCompatible, language, NumberFormat.integer(matches.count, format)), tag))
            }
            if result.massBalance?.verified == false {
                out.append((Strings.format(lines.nexusNotVerified, language, context.residualText(result)), tag))
            }
            if let reference = bestScoringReference,
               matches.contains(where: { $0.reference == reference && $0.matchClass == .full }) {
                out.append((Strings.format(lines.agreement, language, reference), lines.scoringTag[language] + " " + tag))
            }
        }
        if let auto = context.inputs.autoContextResult, let dominant = auto.dominant, !dominant.isEmpty {
            out.append((Strings.format(lines.context, language, context.number(auto.conditions?.pH), context.number(auto.conditions?.ehMV),
                                       ChemicalFormula.unicode(dominant), context.percent(auto.confidence),
                                       context.speciationSource(auto.source)),
                        lines.contextTag[language]))
        }
        if let simulation = context.inputs.simulationResult {
            let tag = lines.simulationTag[language]
            if simulation.type == .redox, let boundary = simulation.redox?.boundaryPE {
                out.append((Strings.format(lines.redox, language, NumberFormat.automatic(boundary, maxSignificantDigits: 3, format),
                                           context.number(simulation.redox?.pH)), tag))
            } else if simulation.type != .redox, let epsilon = simulation.epsilon, let delta0 = simulation.delta0 {
                out.append((Strings.format(lines.csia, language, context.withUnit(NumberFormat.automatic(epsilon, format), "‰"),
                                           context.withUnit(NumberFormat.automatic(delta0, format), "‰"),
                                           context.orNotProvided(simulation.compound)), tag))
            }
        }
        return Array(out.prefix(6)).map { (text: $0.0, source: $0.1) }
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let interpretation = Self.interpretation
        let inputs = context.inputs
        guard inputs.scoringResult != nil || inputs.nexusResult != nil || inputs.autoContextResult != nil
                || inputs.simulationResult != nil else {
            return [context.noData(context.unavailable(.nexusSession) == nil ? Self.noResult : Self.nexusUnreadable)]
        }
        let language = context.language
        let statements = Self.statements(context)
        guard !statements.isEmpty else { return [context.noData(Self.noResult)] }
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(interpretation.intro[language]))]
        for statement in statements {
            story.append(Paragraph(markup: "• " + Markup.escape(statement.text) + " <i>" + Markup.escape(statement.source) + "</i>",
                                   spaceAfter: 4))
        }
        story.append(caption(interpretation.closing[language]))
        return story
    }
}
