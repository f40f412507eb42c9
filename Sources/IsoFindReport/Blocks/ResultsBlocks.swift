import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindRender

/// Blocks built on the result dicts of a request: scoring, automatic context, Nexus, the
/// interpretation, the simulations, scenarios, cross-sections, and the certification block.
/// Every value names its source; a block without its data says so and warns.
enum ResultsBlocks {
    // MARK: - Shared strings

    static let noScoring = Localized(fr: "Aucun résultat de scoring n'a été fourni pour ce rapport.",
                                     en: "No scoring result was provided for this report.")
    static let noScoringMatch = Localized(fr: "Le résultat de scoring fourni ne contient aucune correspondance.",
                                          en: "The scoring result provided contains no match.")
    static let noAutoContext = Localized(fr: "Aucun contexte géochimique automatique n'a été fourni pour ce rapport.",
                                         en: "No automatic geochemical context was provided for this report.")
    static let noNexus = Localized(fr: "Aucun résultat Nexus n'a été fourni pour ce rapport.",
                                   en: "No Nexus result was provided for this report.")
    static let noResult = Localized(
        fr: "Aucun résultat (scoring, Nexus, contexte géochimique ou simulation) n'a été fourni pour ce rapport : aucune interprétation ne peut en être tirée.",
        en: "No result (scoring, Nexus, geochemical context or simulation) was provided for this report: no interpretation can be drawn.")
    static let noSimulation = Localized(fr: "Aucun résultat de simulation n'a été fourni pour ce rapport.",
                                        en: "No simulation result was provided for this report.")
    static let simulationIsRedox = Localized(
        fr: "Le résultat de simulation fourni est une simulation redox, pas une simulation CSIA (Rayleigh) : aucune courbe de Rayleigh ne peut être tracée.",
        en: "The simulation result provided is a redox simulation, not a CSIA (Rayleigh) simulation: no Rayleigh curve can be drawn.")
    static let noRayleighPoints = Localized(
        fr: "Le résultat de simulation fourni ne contient aucun point de la courbe de Rayleigh (points).",
        en: "The simulation result provided contains no point of the Rayleigh curve (points).")
    static let noRedoxPoints = Localized(
        fr: "Le résultat de simulation fourni ne contient aucun profil redox (redox.points).",
        en: "The simulation result provided contains no redox profile (redox.points).")
    static let noPlume = Localized(
        fr: "Le résultat de simulation fourni ne contient aucun chiffre clé de panache (plume).",
        en: "The simulation result provided contains no plume key figures (plume).")
    static let noScenario = Localized(fr: "Aucun scénario n'a été fourni pour ce rapport.",
                                      en: "No scenario was provided for this report.")
    static let noSection = Localized(fr: "Aucune image de coupe (snapshots.section) n'a été fournie pour ce rapport.",
                                     en: "No cross-section image (snapshots.section) was provided for this report.")
    static let badSection = Localized(fr: "L'image de coupe %@ n'a pas pu être lue (%@).",
                                      en: "Cross-section image %@ could not be read (%@).")

    static let scoringSource = Localized(fr: "Source : résultat de scoring fourni avec la requête (scoring_result).",
                                         en: "Source: scoring result provided with the request (scoring_result).")
    static let autoContextSource = Localized(
        fr: "Source : contexte géochimique automatique fourni avec la requête (auto_context_result), obtenu par %@.",
        en: "Source: automatic geochemical context provided with the request (auto_context_result), obtained by %@.")
    static let nexusSessionSource = Localized(fr: "Source : session Nexus n° %@ (base des sessions workflows.db).",
                                              en: "Source: Nexus session %@ (sessions database workflows.db).")
    static let nexusRequestSource = Localized(fr: "Source : résultat Nexus fourni avec la requête (nexus_result).",
                                              en: "Source: Nexus result provided with the request (nexus_result).")
    static let nexusUncertainties = Localized(fr: "Incertitudes élargies (2σ).", en: "Expanded uncertainties (2σ).")
    static let simulationSource = Localized(fr: "Source : résultat de simulation fourni avec la requête (simulation_result).",
                                            en: "Source: simulation result provided with the request (simulation_result).")
    static let scenarioSource = Localized(fr: "Source : scénarios fournis avec la requête (scenarios).",
                                          en: "Source: scenarios provided with the request (scenarios).")

    static var notProvided: Localized { Strings.notProvided }

    // MARK: - Helpers

    static func noData(_ context: BlockContext, _ message: Localized) -> [any Drawable] {
        [BlockSupport.noData(context, message)]
    }

    /// Warns unless another block already gave the same message (nexus_processes and
    /// nexus_chain both report an unverified mass balance; limitations should list it once).
    static func warnOnce(_ context: BlockContext, _ message: String) {
        if !context.warnings.contains(where: { $0.message == message }) { context.warn(message) }
    }

    static func caption(_ text: String) -> Caption { BlockSupport.caption(text) }

    static func subheading(_ text: String) -> Heading {
        Heading(markup: Markup.escape(text), level: 2)
    }

    /// A number as stored (up to `digits` significant digits), or "not provided".
    static func number(_ value: Double?, _ context: BlockContext, digits: Int = 6) -> String {
        value.map { NumberFormat.automatic($0, maxSignificantDigits: digits, context.format) } ?? notProvided[context.language]
    }

    static func text(_ value: String?, _ context: BlockContext) -> String {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return notProvided[context.language] }
        return value
    }

    /// A unit after a number: U+202F before ‰ and % in French, U+00A0 otherwise; "ratio" and
    /// empty units add nothing.
    static func withUnit(_ number: String, _ unit: String?, _ context: BlockContext) -> String {
        guard let unit = unit?.trimmingCharacters(in: .whitespaces), !unit.isEmpty, unit.lowercased() != "ratio" else { return number }
        let space = unit.hasPrefix("‰") ? Typography.spaceBeforePermille(context.format)
            : unit.hasPrefix("%") ? Typography.spaceBeforePercent(context.format) : Typography.noBreakSpace
        return number + space + unit
    }

    static func percent(_ fraction: Double?, _ context: BlockContext) -> String {
        fraction.map { NumberFormat.percent($0, fractionDigits: 1, context.format) } ?? notProvided[context.language]
    }

    // MARK: - Match classes

    static let classNames = (
        full: Localized(fr: "complète", en: "full"),
        partial: Localized(fr: "partielle", en: "partial"),
        incompatible: Localized(fr: "incompatible", en: "incompatible")
    )

    static func className(_ matchClass: MatchClass?, _ context: BlockContext) -> String {
        switch matchClass {
        case .full: classNames.full[context.language]
        case .partial: classNames.partial[context.language]
        case .incompatible: classNames.incompatible[context.language]
        case .unknown(let raw): raw
        case nil: notProvided[context.language]
        }
    }

    // MARK: - scoring_matches

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
    static let chartCap = 30

    static func receptorName(_ match: ScoringMatch, _ context: BlockContext) -> String {
        if let name = match.sampleName, !name.isEmpty { return name }
        if let id = match.sampleID {
            return context.samples.first { $0.id == id }?.name ?? "#\(id)"
        }
        return notProvided[context.language]
    }

    static func ratioCell(_ ratio: RatioComparison, _ context: BlockContext) -> String {
        let system = Markup.escape(IsotopeNotation.unicode(text(ratio.system, context)))
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
            let name = receptorName(match, context)
            if !inside, !outside.contains(name) { outside.append(name) }
        }
        return outside
    }

    /// `scoring_matches`: ranked matches, their per-ratio compatibility and a bar chart of scores.
    static func scoringMatches(_ context: BlockContext) -> [any Drawable] {
        guard let result = context.inputs.scoringResult else { return noData(context, noScoring) }
        let language = context.language
        let ranked = result.ranked
        guard !ranked.isEmpty else { return noData(context, noScoringMatch) }
        let fullCount = ranked.filter { $0.matchClass == .full }.count
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(Strings.format(
            scoring.method, language, text(result.algorithm, context), number(result.threshold, context),
            NumberFormat.integer(ranked.count, context.format), NumberFormat.integer(fullCount, context.format))))]
        // A match whose sample is not among the report's samples is said, not silently mixed in.
        let outside = samplesOutsideSelection(ranked, context)
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
            let matrix = match.referenceMatrix.map { " (\(BlockSupport.matrix($0, context)))" } ?? ""
            let score = match.score.map { NumberFormat.decimal($0, fractionDigits: 3, context.format) } ?? notProvided[language]
            let classText = Markup.escape(className(match.matchClass, context))
            let ratios = (match.ratios ?? []).map { ratioCell($0, context) }
            rows.append([
                NumberFormat.integer(index + 1, context.format),
                Markup.escape(receptorName(match, context)),
                Markup.escape(text(match.reference, context) + matrix),
                Markup.escape(score),
                match.matchClass == .full ? "<b>\(classText)</b>" : classText,
                ratios.isEmpty ? Markup.escape(notProvided[language]) : ratios.joined(separator: "\n"),
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
        story.append(caption(scoring.legend[language] + " " + scoringSource[language]))

        let charted = ranked.prefix(chartCap).filter { $0.score != nil }
        if !charted.isEmpty {
            let labels = charted.map { "\(receptorName($0, context)) – \(text($0.reference, context))" }
            let highlight = Set(charted.indices.filter { charted[$0].matchClass == .full })
            story.append(Space(6))
            story.append(BarChart(title: scoring.chartTitle[language], labels: labels, values: charted.map { $0.score! },
                                  unit: scoring.score[language], language: context.format, highlight: highlight,
                                  fractionDigits: 3))
            var note = scoringSource[language]
            if ranked.count > charted.count {
                note = Strings.format(scoring.chartCapped, language, NumberFormat.integer(charted.count, context.format),
                                      NumberFormat.integer(ranked.count, context.format)) + " " + note
            }
            story.append(caption(note))
        }
        return story
    }

    // MARK: - auto_context

    static let autoContext = (
        element: Localized(fr: "Élément", en: "Element"),
        pH: Localized(fr: "pH", en: "pH"),
        eh: Localized(fr: "Eh (mV)", en: "Eh (mV)"),
        temperature: Localized(fr: "Température (°C)", en: "Temperature (°C)"),
        ionicStrength: Localized(fr: "Force ionique (mol/L)", en: "Ionic strength (mol/L)"),
        dominant: Localized(fr: "Espèce dominante", en: "Dominant species"),
        confidence: Localized(fr: "Confiance", en: "Confidence"),
        source: Localized(fr: "Méthode", en: "Method"),
        ml: Localized(fr: "spéciation par apprentissage automatique (ML)", en: "machine-learning (ML) speciation"),
        thermodynamic: Localized(fr: "calcul thermodynamique", en: "thermodynamic calculation"),
        conditionsTitle: Localized(fr: "Conditions et résultat", en: "Conditions and result"),
        speciesTitle: Localized(fr: "Répartition des espèces", en: "Speciation shares"),
        species: Localized(fr: "Espèce", en: "Species"),
        share: Localized(fr: "Part", en: "Share"),
        noSpecies: Localized(fr: "Répartition des espèces : non renseignée.", en: "Speciation shares: not provided."),
        chartTitle: Localized(fr: "Part de chaque espèce (dominante en foncé)", en: "Share of each species (dominant in dark)")
    )

    static func speciationSource(_ source: SpeciationSource?, _ context: BlockContext) -> String {
        switch source {
        case .mlSpeciation: autoContext.ml[context.language]
        case .thermodynamic: autoContext.thermodynamic[context.language]
        case .unknown(let raw): raw
        case nil: notProvided[context.language]
        }
    }

    /// `auto_context`: conditions, speciation shares, dominant species, confidence and method.
    static func autoContextBlock(_ context: BlockContext) -> [any Drawable] {
        guard let result = context.inputs.autoContextResult else { return noData(context, noAutoContext) }
        let language = context.language
        let conditions = result.conditions
        let method = speciationSource(result.source, context)
        let pairs: [(String, String)] = [
            (autoContext.element[language], text(result.element, context)),
            (autoContext.pH[language], number(conditions?.pH, context)),
            (autoContext.eh[language], number(conditions?.ehMV, context)),
            (autoContext.temperature[language], number(conditions?.temperatureC, context)),
            (autoContext.ionicStrength[language], number(conditions?.ionicStrength, context)),
            (autoContext.dominant[language], text(result.dominant.map(ChemicalFormula.unicode), context)),
            (autoContext.confidence[language], percent(result.confidence, context)),
            (autoContext.source[language], method),
        ]
        let source = Strings.format(autoContextSource, language, method)
        var story: [any Drawable] = [
            subheading(autoContext.conditionsTitle[language]),
            keyValueList(pairs.map { ($0.0, Markup.escape($0.1)) }, labelWeight: 1, valueWeight: 1.6),
            caption(source),
            subheading(autoContext.speciesTitle[language]),
        ]
        let species = result.species ?? []
        guard !species.isEmpty else {
            story.append(Paragraph(markup: Markup.escape(autoContext.noSpecies[language])))
            return story
        }
        let dominantIndex = species.firstIndex { $0.name != nil && $0.name == result.dominant }
        let rows = species.enumerated().map { index, item -> [String] in
            let name = Markup.escape(text(item.name.map(ChemicalFormula.unicode), context))
            return [index == dominantIndex ? "<b>\(name)</b>" : name, Markup.escape(percent(item.fraction, context))]
        }
        story.append(Table(columns: [TableColumn(autoContext.species[language], weight: 2),
                                     TableColumn(autoContext.share[language], weight: 1, alignment: .right)], rows: rows))
        let charted = species.prefix(chartCap).filter { $0.fraction != nil }
        if !charted.isEmpty {
            let highlight = Set(charted.indices.filter { charted[$0].name != nil && charted[$0].name == result.dominant })
            story.append(BarChart(title: autoContext.chartTitle[language], labels: charted.map { text($0.name.map(ChemicalFormula.unicode), context) },
                                  values: charted.map { $0.fraction! * 100 }, unit: "%", language: context.format,
                                  highlight: highlight, fractionDigits: 1))
        }
        story.append(caption(source))
        return story
    }

    // MARK: - Nexus

    static let nexus = (
        system: Localized(fr: "Système isotopique", en: "Isotope system"),
        element: Localized(fr: "Élément", en: "Element"),
        initial: Localized(fr: "Signature initiale", en: "Initial signature"),
        predicted: Localized(fr: "Signature prédite", en: "Predicted signature"),
        massBalance: Localized(fr: "Bilan de masse", en: "Mass balance"),
        measuredOn: Localized(fr: "%@ (mesurée sur %@)", en: "%@ (measured on %@)"),
        verified: Localized(fr: "vérifié (résidu %@)", en: "verified (residual %@)"),
        notVerified: Localized(fr: "non vérifié (résidu %@)", en: "not verified (residual %@)"),
        verdictVerified: Localized(
            fr: "Bilan de masse vérifié : résidu %@, dans l'incertitude combinée (2σ).",
            en: "Mass balance verified: residual %@, within the combined uncertainty (2σ)."),
        verdictNotVerified: Localized(
            fr: "Bilan de masse non vérifié : résidu %@, au-delà de l'incertitude combinée (2σ).",
            en: "Mass balance not verified: residual %@, beyond the combined uncertainty (2σ)."),
        verdictUnknown: Localized(fr: "Bilan de masse : non renseigné.", en: "Mass balance: not provided."),
        notVerifiedWarning: Localized(
            fr: "Le bilan de masse du résultat Nexus n'est pas vérifié : la chaîne de processus n'explique pas entièrement la signature mesurée.",
            en: "The mass balance of the Nexus result is not verified: the process chain does not fully explain the measured signature."),
        number: Localized(fr: "#", en: "#"),
        process: Localized(fr: "Processus", en: "Process"),
        category: Localized(fr: "Catégorie", en: "Category"),
        epsilon: Localized(fr: "ε ± u (2σ)", en: "ε ± u (2σ)"),
        model: Localized(fr: "Modèle", en: "Model"),
        fraction: Localized(fr: "f", en: "f"),
        reference: Localized(fr: "Référence", en: "Reference"),
        noProcess: Localized(fr: "Le résultat Nexus ne liste aucun processus.", en: "The Nexus result lists no process."),
        processesTitle: Localized(fr: "Processus de la chaîne", en: "Processes of the chain"),
        signaturesTitle: Localized(fr: "Signatures et bilan de masse", en: "Signatures and mass balance"),
        matchesTitle: Localized(fr: "Correspondances avec la signature prédite", en: "Matches with the predicted signature"),
        distance: Localized(fr: "Distance (2σ)", en: "Distance (2σ)"),
        score: Localized(fr: "Score", en: "Score"),
        matchClass: Localized(fr: "Classe", en: "Class"),
        matchLegend: Localized(
            fr: "Distance = |mesuré − prédit| / 2σ combiné ; score = exp(−distance²/2) ; complète si distance ≤ 1, partielle si ≤ 2.",
            en: "Distance = |measured − predicted| / combined 2σ; score = exp(−distance²/2); full when distance ≤ 1, partial when ≤ 2."),
        step: Localized(fr: "Processus %@", en: "Process %@"),
        fLegend: Localized(fr: "f : fraction restante (Rayleigh) ou part du pôle de mélange (mélange binaire).",
                           en: "f: remaining fraction (Rayleigh) or share of the mixing end-member (binary mixing).")
    )

    static func nexusSource(_ context: BlockContext) -> String {
        if let id = context.sources.nexusSessionID {
            return Strings.format(nexusSessionSource, context.language, NumberFormat.integer(id, context.format))
        }
        return nexusRequestSource[context.language]
    }

    /// The system as printed: its δ label (`δ¹³C-TCE`) or the typeset ratio (`⁸⁷Sr/⁸⁶Sr`).
    static func systemLabel(_ system: String?) -> String? {
        guard let system, !system.isEmpty else { return nil }
        return IsotopeNotation.deltaLabel(system: system) ?? IsotopeNotation.unicode(system)
    }

    static func signature(_ value: Double?, _ uncertainty: Double?, unit: String?, _ context: BlockContext) -> String {
        guard let value else { return notProvided[context.language] }
        return withUnit(MeasurementFormat.valueWithUncertainty(value, uncertainty, context.format), unit, context)
    }

    /// The unit of ε: ‰ for δ signatures (or when the unit is unknown), none for ratios.
    static func epsilonUnit(_ result: NexusResult) -> String? {
        guard let unit = result.initial?.unit, !unit.isEmpty else { return "‰" }
        return unit.contains("‰") ? "‰" : nil
    }

    static func residualText(_ result: NexusResult, _ context: BlockContext) -> String {
        guard let residual = result.massBalance?.residual else { return notProvided[context.language] }
        let unit = result.initial?.unit.flatMap { $0.contains("‰") ? "‰" : nil }
        return withUnit(NumberFormat.automatic(residual, maxSignificantDigits: 3, context.format), unit, context)
    }

    static func verdict(_ result: NexusResult, _ context: BlockContext) -> (text: String, warning: Bool) {
        let language = context.language
        switch result.massBalance?.verified {
        case true?: return (Strings.format(nexus.verdictVerified, language, residualText(result, context)), false)
        case false?: return (Strings.format(nexus.verdictNotVerified, language, residualText(result, context)), true)
        case nil: return (nexus.verdictUnknown[language], false)
        }
    }

    static func initialText(_ result: NexusResult, _ context: BlockContext) -> String {
        let initial = result.initial
        let value = signature(initial?.value, initial?.uncertainty, unit: initial?.unit, context)
        guard let sample = initial?.sample, !sample.isEmpty, initial?.value != nil else { return value }
        return Strings.format(nexus.measuredOn, context.language, value, sample)
    }

    static func predictedText(_ result: NexusResult, _ context: BlockContext) -> String {
        signature(result.predicted?.value, result.predicted?.uncertainty, unit: result.initial?.unit, context)
    }

    static func epsilonText(_ process: NexusProcess, _ result: NexusResult, _ context: BlockContext) -> String {
        guard let epsilon = process.epsilon else { return notProvided[context.language] }
        return withUnit(MeasurementFormat.valueWithUncertainty(epsilon, process.uncertainty, context.format), epsilonUnit(result), context)
    }

    static func fractionText(_ fraction: Double?, _ context: BlockContext) -> String {
        number(fraction, context, digits: 3)
    }

    /// `nexus_processes`: the processes, the initial and predicted signatures and the mass balance.
    static func nexusProcesses(_ context: BlockContext) -> [any Drawable] {
        guard let result = context.inputs.nexusResult else { return noData(context, noNexus) }
        let language = context.language
        let source = nexusSource(context)
        var massBalance = notProvided[language]
        if let verified = result.massBalance?.verified {
            massBalance = Strings.format(verified ? nexus.verified : nexus.notVerified, language, residualText(result, context))
        }
        let pairs: [(String, String)] = [
            (nexus.system[language], systemLabel(result.system) ?? notProvided[language]),
            (nexus.element[language], text(result.element, context)),
            (nexus.initial[language], initialText(result, context)),
            (nexus.predicted[language], predictedText(result, context)),
            (nexus.massBalance[language], massBalance),
        ]
        var story: [any Drawable] = [subheading(nexus.signaturesTitle[language])]
        story.append(keyValueList(pairs.enumerated().map { index, pair in
            (pair.0, index == 4 && result.massBalance?.verified == false ? "<b>\(Markup.escape(pair.1))</b>" : Markup.escape(pair.1))
        }, labelWeight: 1, valueWeight: 2.4))
        if result.massBalance?.verified == false {
            let message = nexus.notVerifiedWarning[language]
            warnOnce(context, message)
            story.append(Notice(markup: Markup.escape(message), kind: .warning))
        }
        story.append(subheading(nexus.processesTitle[language]))
        let processes = result.processes ?? []
        if processes.isEmpty {
            story.append(Paragraph(markup: Markup.escape(nexus.noProcess[language])))
        } else {
            let rows = processes.enumerated().map { index, process -> [String] in
                [NumberFormat.integer(index + 1, context.format), text(process.name, context), text(process.category, context),
                 epsilonText(process, result, context), text(process.model, context), fractionText(process.fraction, context),
                 text(process.reference, context)].map(Markup.escape)
            }
            story.append(Table(columns: [
                TableColumn(nexus.number[language], weight: 0.4, alignment: .right),
                TableColumn(nexus.process[language], weight: 1.6), TableColumn(nexus.category[language], weight: 1.15),
                TableColumn(nexus.epsilon[language], weight: 1.0, alignment: .right), TableColumn(nexus.model[language], weight: 1.25),
                TableColumn(nexus.fraction[language], weight: 0.5, alignment: .right), TableColumn(nexus.reference[language], weight: 1.55),
            ], rows: rows))
        }
        story.append(caption(nexus.fLegend[language] + " " + nexusUncertainties[language] + " " + source))
        return story
    }

    /// The short name of a model: the text before its formula (`Rayleigh (δ = …)` → `Rayleigh`).
    static func shortModel(_ model: String?) -> String? {
        guard let model, !model.isEmpty else { return nil }
        if let open = model.range(of: " (") { return String(model[..<open.lowerBound]) }
        return model
    }

    /// `nexus_chain`: the chain as a diagram with the mass-balance verdict, then the matches.
    static func nexusChain(_ context: BlockContext) -> [any Drawable] {
        guard let result = context.inputs.nexusResult else { return noData(context, noNexus) }
        let language = context.language
        let label = systemLabel(result.system)
        func valueLine(_ text: String) -> String { label.map { "\($0) = \(text)" } ?? text }
        let initial = ChainNode(title: nexus.initial[language],
                                value: valueLine(signature(result.initial?.value, result.initial?.uncertainty, unit: result.initial?.unit, context)),
                                detail: result.initial?.sample)
        let steps = (result.processes ?? []).enumerated().map { index, process -> ChainNode in
            let detail = ["f = " + fractionText(process.fraction, context), shortModel(process.model)].compactMap { $0 }
            return ChainNode(title: process.name ?? Strings.format(nexus.step, language, NumberFormat.integer(index + 1, context.format)),
                             value: "ε = " + epsilonText(process, result, context), detail: detail.joined(separator: " · "))
        }
        let predicted = ChainNode(title: nexus.predicted[language], value: valueLine(predictedText(result, context)))
        let (verdictText, isWarning) = verdict(result, context)
        if isWarning { warnOnce(context, nexus.notVerifiedWarning[language]) }
        // The source line follows the diagram: put before it, it could be left alone under the
        // block heading when the diagram moves to the next page.
        var story: [any Drawable] = [
            ProcessChainDiagram(initial: initial, steps: steps, predicted: predicted, verdict: verdictText,
                                language: context.format, verdictIsWarning: isWarning),
            caption(nexusSource(context) + " " + nexusUncertainties[language]),
        ]
        let matches = result.matches ?? []
        if !matches.isEmpty {
            story.append(subheading(nexus.matchesTitle[language]))
            let rows = matches.map { match -> [String] in
                let classText = Markup.escape(className(match.matchClass, context))
                return [Markup.escape(text(match.reference, context)),
                        Markup.escape(match.score.map { NumberFormat.decimal($0, fractionDigits: 3, context.format) } ?? notProvided[language]),
                        match.matchClass == .full ? "<b>\(classText)</b>" : classText,
                        Markup.escape(match.distance.map { NumberFormat.decimal($0, fractionDigits: 2, context.format) } ?? notProvided[language])]
            }
            story.append(Table(columns: [
                TableColumn(nexus.reference[language], weight: 1.8), TableColumn(nexus.score[language], weight: 0.7, alignment: .right),
                TableColumn(nexus.matchClass[language], weight: 0.8), TableColumn(nexus.distance[language], weight: 1.1, alignment: .right),
            ], rows: rows))
            story.append(caption(nexus.matchLegend[language] + " " + nexusSource(context)))
        }
        return story
    }

    // MARK: - interpretation

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
            let receptor = receptorName(best, context)
            let reference = text(best.reference, context)
            bestScoringReference = best.reference
            let score = best.score.map { NumberFormat.decimal($0, fractionDigits: 3, format) } ?? notProvided[language]
            switch best.matchClass {
            case .full: out.append((Strings.format(lines.bestFull, language, receptor, reference, score, receptor, reference), tag))
            case .partial: out.append((Strings.format(lines.bestPartial, language, receptor, reference, score), tag))
            case .incompatible: out.append((Strings.format(lines.bestIncompatible, language, receptor, reference, score), tag))
            default: out.append((Strings.format(lines.bestOther, language, receptor, reference, score, className(best.matchClass, context)), tag))
            }
            let fullCount = scoring.ranked.filter { $0.matchClass == .full }.count
            let sameReceptor = scoring.ranked.filter {
                $0.matchClass == .full && receptorName($0, context) == receptor
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
                let start = result.initial?.value != nil ? initialText(result, context) : notProvided[language]
                out.append((Strings.format(lines.nexusPrediction, language, label + predictedText(result, context), start), tag))
            }
            let matches = result.matches ?? []
            if let best = matches.first(where: { $0.matchClass == .full }) {
                out.append((Strings.format(lines.nexusBestMatch, language, text(best.reference, context), className(best.matchClass, context),
                                           best.score.map { NumberFormat.decimal($0, fractionDigits: 3, format) } ?? notProvided[language]), tag))
            } else if !matches.isEmpty {
                out.append((Strings.format(lines.nexusNoCompatible, language, NumberFormat.integer(matches.count, format)), tag))
            }
            if result.massBalance?.verified == false {
                out.append((Strings.format(lines.nexusNotVerified, language, residualText(result, context)), tag))
            }
            if let reference = bestScoringReference,
               matches.contains(where: { $0.reference == reference && $0.matchClass == .full }) {
                out.append((Strings.format(lines.agreement, language, reference), lines.scoringTag[language] + " " + tag))
            }
        }
        if let auto = context.inputs.autoContextResult, let dominant = auto.dominant, !dominant.isEmpty {
            out.append((Strings.format(lines.context, language, number(auto.conditions?.pH, context), number(auto.conditions?.ehMV, context),
                                       ChemicalFormula.unicode(dominant), percent(auto.confidence, context),
                                       speciationSource(auto.source, context)),
                        lines.contextTag[language]))
        }
        if let simulation = context.inputs.simulationResult {
            let tag = lines.simulationTag[language]
            if simulation.type == .redox, let boundary = simulation.redox?.boundaryPE {
                out.append((Strings.format(lines.redox, language, NumberFormat.automatic(boundary, maxSignificantDigits: 3, format),
                                           number(simulation.redox?.pH, context)), tag))
            } else if simulation.type != .redox, let epsilon = simulation.epsilon, let delta0 = simulation.delta0 {
                out.append((Strings.format(lines.csia, language, withUnit(NumberFormat.automatic(epsilon, format), "‰", context),
                                           withUnit(NumberFormat.automatic(delta0, format), "‰", context),
                                           text(simulation.compound, context)), tag))
            }
        }
        return Array(out.prefix(6)).map { (text: $0.0, source: $0.1) }
    }

    /// `interpretation`: 3–6 hedged statements built only from the results provided.
    static func interpretationBlock(_ context: BlockContext) -> [any Drawable] {
        let inputs = context.inputs
        guard inputs.scoringResult != nil || inputs.nexusResult != nil || inputs.autoContextResult != nil
                || inputs.simulationResult != nil else { return noData(context, noResult) }
        let language = context.language
        let statements = statements(context)
        guard !statements.isEmpty else { return noData(context, noResult) }
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(interpretation.intro[language]))]
        for statement in statements {
            story.append(Paragraph(markup: "• " + Markup.escape(statement.text) + " <i>" + Markup.escape(statement.source) + "</i>",
                                   spaceAfter: 4))
        }
        story.append(caption(interpretation.closing[language]))
        return story
    }

    // MARK: - sim_csia

    static let csia = (
        compound: Localized(fr: "Composé", en: "Compound"),
        element: Localized(fr: "Élément", en: "Element"),
        epsilon: Localized(fr: "Facteur d'enrichissement ε", en: "Enrichment factor ε"),
        delta0: Localized(fr: "Signature initiale δ₀", en: "Initial signature δ₀"),
        halfLife: Localized(fr: "Demi-vie", en: "Half-life"),
        days: Localized(fr: "jours", en: "days"),
        points: Localized(fr: "Points simulés", en: "Simulated points"),
        xLabel: Localized(fr: "Fraction restante f", en: "Remaining fraction f"),
        simulated: Localized(fr: "Simulation (points fournis)", en: "Simulation (points provided)"),
        model: Localized(fr: "Calculé ici : δ = δ₀ + ε·ln f", en: "Computed here: δ = δ₀ + ε·ln f"),
        modelNote: Localized(
            fr: "La courbe en tirets est calculée par ce rapport à partir de δ₀ et ε (δ = δ₀ + ε·ln f) ; les points sont ceux de la simulation.",
            en: "The dashed curve is computed by this report from δ₀ and ε (δ = δ₀ + ε·ln f); the markers are the simulation's points."),
        metabolitesTitle: Localized(fr: "Métabolites", en: "Metabolites"),
        metabolite: Localized(fr: "Métabolite", en: "Metabolite"),
        share: Localized(fr: "Fraction", en: "Fraction"),
        noMetabolite: Localized(fr: "Métabolites : non renseignés.", en: "Metabolites: not provided.")
    )

    /// The heavy isotope of the usual CSIA elements, for the δ label of the y axis.
    static let heavyIsotope = ["C": "13C", "H": "2H", "N": "15N", "O": "18O", "Cl": "37Cl", "S": "34S", "Br": "81Br"]

    static func csiaDeltaLabel(_ simulation: SimulationResult) -> String {
        guard let element = simulation.element?.trimmingCharacters(in: .whitespaces), let isotope = heavyIsotope[element] else { return "δ" }
        let compound = simulation.compound.map { "-" + $0 } ?? ""
        return IsotopeNotation.unicode("δ" + isotope) + compound
    }

    /// `sim_csia`: the Rayleigh curve δ against f, ε, δ₀, half-life, metabolites.
    static func simCSIA(_ context: BlockContext) -> [any Drawable] {
        guard let simulation = context.inputs.simulationResult else { return noData(context, noSimulation) }
        if simulation.type == .redox { return noData(context, simulationIsRedox) }
        let points = (simulation.points ?? []).compactMap { point -> (x: Double, y: Double)? in
            guard let f = point.f, let delta = point.delta, f.isFinite, delta.isFinite else { return nil }
            return (f, delta)
        }.sorted { $0.x < $1.x }
        guard !points.isEmpty else { return noData(context, noRayleighPoints) }
        let language = context.language
        let label = csiaDeltaLabel(simulation)
        let permille: (Double?) -> String = { value in
            value.map { withUnit(NumberFormat.automatic($0, context.format), "‰", context) } ?? notProvided[language]
        }
        let halfLife = simulation.halfLifeDays.map { NumberFormat.automatic($0, maxSignificantDigits: 4, context.format) + " " + csia.days[language] }
        let pairs: [(String, String)] = [
            (csia.compound[language], text(simulation.compound, context)),
            (csia.element[language], text(simulation.element, context)),
            (csia.epsilon[language], permille(simulation.epsilon)),
            (csia.delta0[language], permille(simulation.delta0)),
            (csia.halfLife[language], halfLife ?? notProvided[language]),
            (csia.points[language], NumberFormat.integer(points.count, context.format)),
        ]
        var story: [any Drawable] = [keyValueList(pairs.map { ($0.0, Markup.escape($0.1)) }, labelWeight: 1, valueWeight: 1.8)]
        var series = [LineSeries(name: csia.simulated[language], points: points, showsMarkers: true)]
        var references: [ReferenceLine] = []
        if let delta0 = simulation.delta0, let epsilon = simulation.epsilon, delta0.isFinite, epsilon.isFinite {
            let lowest = max(1e-3, min(points.first!.x, 1))
            let count = 60
            let model = (0...count).map { step -> (x: Double, y: Double) in
                let f = lowest + (1 - lowest) * Double(step) / Double(count)
                return (f, delta0 + epsilon * log(f))
            }
            series.append(LineSeries(name: csia.model[language], points: model, dashed: true))
            references.append(ReferenceLine(.horizontal, at: delta0, label: "δ₀ = " + permille(delta0)))
        }
        story.append(LinePlot(title: nil, xLabel: csia.xLabel[language], yLabel: label + " (‰)", series: series,
                              language: context.format, referenceLines: references))
        story.append(caption(csia.modelNote[language] + " " + simulationSource[language]))
        story.append(subheading(csia.metabolitesTitle[language]))
        let metabolites = simulation.metabolites ?? []
        if metabolites.isEmpty {
            story.append(Paragraph(markup: Markup.escape(csia.noMetabolite[language])))
        } else {
            story.append(Table(columns: [TableColumn(csia.metabolite[language], weight: 2),
                                         TableColumn(csia.share[language], weight: 1, alignment: .right)],
                               rows: metabolites.map { [Markup.escape(text($0.name, context)), Markup.escape(percent($0.fraction, context))] }))
            story.append(caption(simulationSource[language]))
        }
        return story
    }

    // MARK: - sim_redox

    static let redox = (
        pH: Localized(fr: "pH de la simulation", en: "Simulation pH"),
        boundary: Localized(fr: "pe de la limite redox", en: "Redox boundary pe"),
        element: Localized(fr: "Élément / composé", en: "Element / compound"),
        points: Localized(fr: "Points simulés", en: "Simulated points"),
        yLabel: Localized(fr: "Fraction réduite", en: "Reduced fraction"),
        series: Localized(fr: "Fraction réduite (simulation)", en: "Reduced fraction (simulation)"),
        boundaryLine: Localized(fr: "limite pe = %@", en: "boundary pe = %@"),
        note: Localized(fr: "Fraction de l'élément sous forme réduite en fonction de pe, au pH indiqué.",
                        en: "Share of the element in reduced form against pe, at the pH given.")
    )

    /// `sim_redox`: the reduced fraction against pe with the boundary.
    static func simRedox(_ context: BlockContext) -> [any Drawable] {
        guard let simulation = context.inputs.simulationResult else { return noData(context, noSimulation) }
        let profile = simulation.redox
        let points = (profile?.points ?? []).compactMap { point -> (x: Double, y: Double)? in
            guard let pe = point.pe, let fraction = point.reducedFraction, pe.isFinite, fraction.isFinite else { return nil }
            return (pe, fraction)
        }.sorted { $0.x < $1.x }
        guard !points.isEmpty else { return noData(context, noRedoxPoints) }
        let language = context.language
        let subject = [simulation.element, simulation.compound].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
        let pairs: [(String, String)] = [
            (redox.element[language], subject.isEmpty ? notProvided[language] : subject),
            (redox.pH[language], number(profile?.pH, context)),
            (redox.boundary[language], number(profile?.boundaryPE, context)),
            (redox.points[language], NumberFormat.integer(points.count, context.format)),
        ]
        var references: [ReferenceLine] = []
        if let boundary = profile?.boundaryPE, boundary.isFinite {
            references.append(ReferenceLine(.vertical, at: boundary, label: Strings.format(
                redox.boundaryLine, language, NumberFormat.automatic(boundary, maxSignificantDigits: 4, context.format))))
        }
        // The plot comes first so that the block heading stays with it when it moves to a new page.
        return [
            LinePlot(title: nil, xLabel: "pe", yLabel: redox.yLabel[language],
                     series: [LineSeries(name: redox.series[language], points: points, showsMarkers: points.count <= 60)],
                     language: context.format, referenceLines: references, aspectRatio: 0.5),
            keyValueList(pairs.map { ($0.0, Markup.escape($0.1)) }, labelWeight: 1, valueWeight: 1.8),
            caption(redox.note[language] + " " + simulationSource[language]),
        ]
    }

    // MARK: - sim_plume

    static let plume = (
        extent: Localized(fr: "Extension maximale du panache", en: "Maximum plume extent"),
        concentration: Localized(fr: "Concentration maximale", en: "Maximum concentration"),
        duration: Localized(fr: "Durée simulée", en: "Simulated duration"),
        compound: Localized(fr: "Composé / élément", en: "Compound / element"),
        days: Localized(fr: "jours", en: "days"),
        source: Localized(fr: "Source : chiffres clés du résultat de simulation fourni avec la requête (simulation_result.plume).",
                          en: "Source: key figures of the simulation result provided with the request (simulation_result.plume).")
    )

    /// `sim_plume`: the plume key figures.
    static func simPlume(_ context: BlockContext) -> [any Drawable] {
        guard let simulation = context.inputs.simulationResult else { return noData(context, noSimulation) }
        guard let summary = simulation.plume,
              summary.maxExtentM != nil || summary.maxConcentration != nil || summary.durationDays != nil
        else { return noData(context, noPlume) }
        let language = context.language
        let subject = [simulation.compound, simulation.element].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
        let missing = notProvided[language]
        let pairs: [(String, String)] = [
            (plume.compound[language], subject.isEmpty ? missing : subject),
            (plume.extent[language], summary.maxExtentM.map { withUnit(NumberFormat.automatic($0, context.format), "m", context) } ?? missing),
            (plume.concentration[language], summary.maxConcentration.map { withUnit(NumberFormat.automatic($0, context.format), summary.unit, context) } ?? missing),
            (plume.duration[language], summary.durationDays.map { NumberFormat.automatic($0, context.format) + " " + plume.days[language] } ?? missing),
        ]
        return [keyValueList(pairs.map { ($0.0, Markup.escape($0.1)) }, labelWeight: 1, valueWeight: 1.6), caption(plume.source[language])]
    }

    // MARK: - scenario_comparison

    static let scenario = (
        parameter: Localized(fr: "Paramètre", en: "Parameter"),
        untitled: Localized(fr: "Scénario %@", en: "Scenario %@"),
        timestamp: Localized(fr: "Date", en: "Date"),
        yes: Localized(fr: "oui", en: "yes"),
        no: Localized(fr: "non", en: "no"),
        legend: Localized(
            fr: "≠ en gras : valeur différente de celle du premier scénario (%@) ; lignes teintées : paramètres qui varient entre les scénarios.",
            en: "≠ in bold: value different from the first scenario's (%@); tinted rows: parameters that vary between scenarios."),
        noParameter: Localized(fr: "Les scénarios fournis ne contiennent aucun paramètre.", en: "The scenarios provided contain no parameter."),
        count: Localized(fr: "%@ scénario(s) comparé(s).", en: "%@ scenario(s) compared.")
    )

    static func scenarioValue(_ value: ScenarioValue, _ context: BlockContext) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): NumberFormat.automatic(number, context.format)
        case .bool(let flag): flag ? scenario.yes[context.language] : scenario.no[context.language]
        case .null: notProvided[context.language]
        }
    }

    static func scenarioTimestamp(_ ts: String?, _ context: BlockContext) -> String {
        guard let ts, !ts.isEmpty else { return notProvided[context.language] }
        return DateFormat.instant(iso: ts, context.format) ?? DateFormat.numeric(iso: ts, context.format) ?? ts
    }

    /// `scenario_comparison`: parameters × scenarios; values that differ from the first are marked.
    static func scenarioComparison(_ context: BlockContext) -> [any Drawable] {
        let all = context.inputs.scenarios ?? []
        guard !all.isEmpty else { return noData(context, noScenario) }
        let language = context.language
        let scenarios = Array(all.prefix(ReportInputs.maximumScenarioCount))
        let names = scenarios.enumerated().map { index, item -> String in
            if let label = item.label, !label.isEmpty { return label }
            if let id = item.id, !id.isEmpty { return id }
            return Strings.format(scenario.untitled, language, NumberFormat.integer(index + 1, context.format))
        }
        let parameters = Scenario.parameterNames(scenarios)
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(Strings.format(scenario.count, language,
                                                                                   NumberFormat.integer(scenarios.count, context.format))))]
        guard !parameters.isEmpty else {
            story.append(Paragraph(markup: Markup.escape(scenario.noParameter[language])))
            story.append(caption(scenarioSource[language]))
            return story
        }
        let differing = Scenario.differingParameters(in: scenarios)
        let first = scenarios[0]
        var rows: [[String]] = [[Markup.escape(scenario.timestamp[language])] + scenarios.map { Markup.escape(scenarioTimestamp($0.ts, context)) }]
        var highlighted = Set<Int>()
        for parameter in parameters {
            if differing.contains(parameter) { highlighted.insert(rows.count) }
            var row = ["<b>\(Markup.escape(parameter))</b>"]
            for (index, item) in scenarios.enumerated() {
                let value = Markup.escape(scenarioValue(item.value(of: parameter), context))
                row.append(index > 0 && item.value(of: parameter) != first.value(of: parameter) ? "<b>≠ \(value)</b>" : value)
            }
            rows.append(row)
        }
        let columns = [TableColumn(scenario.parameter[language], weight: scenarios.count > 5 ? 1.5 : 1.3)]
            + names.map { TableColumn($0, weight: 1, alignment: .right) }
        story.append(Table(columns: columns, rows: rows, highlighted: highlighted))
        story.append(caption(Strings.format(scenario.legend, language, names[0]) + " " + scenarioSource[language]))
        return story
    }

    // MARK: - cross_sections

    static let section = (
        number: Localized(fr: "Coupe %@", en: "Section %@"),
        source: Localized(fr: "Source : image fournie avec la requête (snapshots.section).", en: "Source: image provided with the request (snapshots.section).")
    )

    /// `cross_sections`: the section snapshots, numbered, with their captions.
    static func crossSections(_ context: BlockContext) -> [any Drawable] {
        let snapshots = context.inputs.snapshots?.section ?? []
        guard !snapshots.isEmpty else { return noData(context, noSection) }
        let language = context.language
        var story: [any Drawable] = []
        for (index, snapshot) in snapshots.enumerated() {
            let title = Strings.format(section.number, language, NumberFormat.integer(index + 1, context.format))
            do {
                let decoded = snapshot.image
                let image = decoded.kind == .png ? try RasterImage(png: decoded.bytes) : try RasterImage(jpeg: decoded.bytes)
                var caption = "<b>\(Markup.escape(title))</b>"
                if let text = snapshot.caption?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
                    caption += " — " + Markup.escape(text)
                }
                caption += ". " + Markup.escape(section.source[language])
                story.append(Figure(.raster(image), caption: caption, maxHeight: 330))
            } catch {
                let message = Strings.format(badSection, language, title, String(describing: error))
                context.warn(message)
                story.append(Notice(markup: Markup.escape(message), kind: .error))
            }
        }
        return story
    }

    // MARK: - certification

    static let certification = (
        added: Localized(
            fr: "Les éléments de la signature (signataire, empreinte SHA-256 du certificat, date et heure de signature) sont ajoutés au fichier par l'étape de signature, après la mise en page : ils figurent dans la signature électronique du PDF, que tout lecteur affiche.",
            en: "The signature details (signer, SHA-256 fingerprint of the certificate, signing time) are added to the file by the signing step, after layout: they are in the PDF's electronic signature, which any reader displays."),
        reference: Localized(fr: "Référence du rapport", en: "Report reference"),
        organization: Localized(fr: "Organisation émettrice", en: "Issuing organisation"),
        generated: Localized(fr: "Généré le", en: "Generated on"),
        software: Localized(fr: "Logiciel", en: "Software"),
        verifyTitle: Localized(fr: "Comment vérifier", en: "How to verify"),
        verifyReader: Localized(fr: "le panneau « Signatures » de tout lecteur PDF ;", en: "the signature panel of any PDF reader;"),
        verifyPdfsig: Localized(fr: "la commande pdfsig rapport.pdf (poppler-utils) ;", en: "the command pdfsig report.pdf (poppler-utils);"),
        verifyCLI: Localized(fr: "la commande isofind-reports verify rapport.pdf ;", en: "the command isofind-reports verify report.pdf;"),
        verifyAPI: Localized(fr: "l'API : POST /api/reports/verify avec le PDF pour corps ; le certificat se télécharge sur GET /api/reports/signing-certificate.",
                             en: "the API: POST /api/reports/verify with the PDF as body; the certificate is served at GET /api/reports/signing-certificate."),
        provesTitle: Localized(fr: "Ce que la signature prouve", en: "What the signature proves"),
        proves: Localized(
            fr: "L'intégrité du document depuis sa signature (une seule virgule modifiée l'invalide) et son origine : l'installation qui détient la clé de signature.",
            en: "The document's integrity since signing (a single altered comma invalidates it) and its origin: the installation that holds the signing key."),
        notProvesTitle: Localized(fr: "Ce qu'elle ne prouve pas", en: "What it does not prove"),
        notProves: Localized(
            fr: "Ni l'exactitude scientifique des résultats, ni la compétence de l'auteur, ni une accréditation du laboratoire, ni l'exhaustivité des données.",
            en: "Neither the scientific accuracy of the results, nor the author's competence, nor any accreditation of the laboratory, nor the completeness of the data."),
        preview: Localized(
            fr: "Ce document est un aperçu : les aperçus ne sont jamais signés. Seul le rapport final, généré et enregistré, porte une signature électronique vérifiable.",
            en: "This document is a preview: previews are never signed. Only the final report, generated and recorded, carries a verifiable electronic signature.")
    )

    /// `certification`: how the signature is added and checked, and what it proves; in a preview,
    /// that previews are not signed.
    static func certificationBlock(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        guard case .report(let id) = context.reference else {
            return [Notice(markup: Markup.escape(certification.preview[language]), kind: .info)]
        }
        let pairs: [(String, String)] = [
            (certification.reference[language], Strings.format(Strings.reportReference, language, integers: id)),
            (certification.organization[language], context.branding.organizationName),
            (certification.generated[language], DateFormat.instant(epochSeconds: context.generatedAt, context.format)),
            (certification.software[language], "\(ReportRenderer.softwareName) \(context.sources.softwareVersion)"),
        ]
        var story: [any Drawable] = [
            Notice(markup: Markup.escape(certification.added[language]), kind: .info),
            keyValueList(pairs.map { ($0.0, Markup.escape($0.1)) }, labelWeight: 1, valueWeight: 2),
            subheading(certification.verifyTitle[language]),
        ]
        for line in [certification.verifyReader, certification.verifyPdfsig, certification.verifyCLI, certification.verifyAPI] {
            story.append(Paragraph(markup: "• " + Markup.escape(line[language]), spaceAfter: 3))
        }
        story.append(subheading(certification.provesTitle[language]))
        story.append(Paragraph(markup: Markup.escape(certification.proves[language])))
        story.append(subheading(certification.notProvesTitle[language]))
        story.append(Paragraph(markup: Markup.escape(certification.notProves[language])))
        return story
    }
}
