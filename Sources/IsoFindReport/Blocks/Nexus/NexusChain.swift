import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `nexus_chain`: the Nexus process chain as a diagram with its mass-balance verdict, then the
/// references matched with the predicted signature.
struct NexusChain: ReportBlock {
    let definition = BlockDefinition(
        key: .nexusChain,
        name: Localized(fr: "Chaîne Nexus", en: "Nexus chain"),
        description: Localized(
            fr: "La chaîne en schéma\u{00A0}: signature initiale, chaque processus, signature prédite ± u, puis verdict du bilan de masse.",
            en: "The chain as a diagram: initial signature, each process, predicted signature ± u, then the mass-balance verdict."),
        category: .nexus, nature: .interpreted, estPages: 1, licence: .researchPlus, expert: true,
        needs: [.nexusResult])

    static let nexus = (
        matchesTitle: Localized(fr: "Correspondances avec la signature prédite", en: "Matches with the predicted signature"),
        distance: Localized(fr: "Distance (2σ)", en: "Distance (2σ)"),
        score: Localized(fr: "Score", en: "Score"),
        matchClass: Localized(fr: "Classe", en: "Class"),
        matchLegend: Localized(
            fr: "Distance = |mesuré − prédit| / 2σ combiné ; score = exp(−distance²/2) ; complète si distance ≤ 1, partielle si ≤ 2.",
            en: "Distance = |measured − predicted| / combined 2σ; score = exp(−distance²/2); full when distance ≤ 1, partial when ≤ 2."),
        step: Localized(fr: "Processus %@", en: "Process %@")
    )

    /// The short name of a model: the text before its formula (`Rayleigh (δ = …)` → `Rayleigh`).
    static func shortModel(_ model: String?) -> String? {
        guard let model, !model.isEmpty else { return nil }
        if let open = model.range(of: " (") { return String(model[..<open.lowerBound]) }
        return model
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let nexus = Self.nexus
        guard let result = context.inputs.nexusResult else { return [context.noNexus()] }
        let language = context.language
        let label = systemLabel(result.system)
        func valueLine(_ text: String) -> String { label.map { "\($0) = \(text)" } ?? text }
        let initial = ChainNode(title: NexusText.initial[language],
                                value: valueLine(context.nexusSignature(result.initial?.value, result.initial?.uncertainty, unit: result.initial?.unit)),
                                detail: result.initial?.sample)
        let steps = (result.processes ?? []).enumerated().map { index, process -> ChainNode in
            let detail = ["f = " + context.fractionText(process.fraction), Self.shortModel(process.model)].compactMap { $0 }
            return ChainNode(title: process.name ?? Strings.format(nexus.step, language, NumberFormat.integer(index + 1, context.format)),
                             value: "ε = " + context.epsilonText(process, result), detail: detail.joined(separator: " · "))
        }
        let predicted = ChainNode(title: NexusText.predicted[language], value: valueLine(context.predictedText(result)))
        let (verdictText, isWarning) = context.massBalanceVerdict(result)
        if isWarning { context.warnOnce(NexusText.notVerifiedWarning[language]) }
        // The source line follows the diagram: put before it, it could be left alone under the
        // block heading when the diagram moves to the next page.
        var story: [any Drawable] = [
            ProcessChainDiagram(initial: initial, steps: steps, predicted: predicted, verdict: verdictText,
                                language: context.format, verdictIsWarning: isWarning),
            caption(context.nexusSourceSentence + " " + NexusText.uncertainties[language]),
        ]
        let matches = result.matches ?? []
        if !matches.isEmpty {
            story.append(subheading(nexus.matchesTitle[language]))
            let rows = matches.map { match -> [String] in
                let classText = Markup.escape(context.className(match.matchClass))
                return [Markup.escape(context.orNotProvided(match.reference)),
                        Markup.escape(match.score.map { NumberFormat.decimal($0, fractionDigits: 3, context.format) } ?? Strings.notProvided[language]),
                        match.matchClass == .full ? "<b>\(classText)</b>" : classText,
                        Markup.escape(match.distance.map { NumberFormat.decimal($0, fractionDigits: 2, context.format) } ?? Strings.notProvided[language])]
            }
            story.append(Table(columns: [
                TableColumn(NexusText.reference[language], weight: 1.8), TableColumn(nexus.score[language], weight: 0.7, alignment: .right),
                TableColumn(nexus.matchClass[language], weight: 0.8), TableColumn(nexus.distance[language], weight: 1.1, alignment: .right),
            ], rows: rows))
            story.append(caption(nexus.matchLegend[language] + " " + context.nexusSourceSentence))
        }
        return story
    }
}
