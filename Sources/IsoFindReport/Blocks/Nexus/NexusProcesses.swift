import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `nexus_processes`: the Nexus result's signatures and mass balance, then its processes.
struct NexusProcesses: ReportBlock {
    let definition = BlockDefinition(
        key: .nexusProcesses,
        name: Localized(fr: "Processus Nexus", en: "Nexus processes"),
        description: Localized(
            fr: "Les processus du résultat Nexus\u{00A0}: nom, catégorie, ε ± u, modèle, fraction et référence.",
            en: "The processes of the Nexus result: name, category, ε ± u, model, fraction and reference."),
        category: .nexus, nature: .analytical, estPages: 1, licence: .researchPlus, needs: [.nexusResult])

    static let nexus = (
        system: Localized(fr: "Système isotopique", en: "Isotope system"),
        element: Localized(fr: "Élément", en: "Element"),
        massBalance: Localized(fr: "Bilan de masse", en: "Mass balance"),
        verified: Localized(fr: "vérifié (résidu %@)", en: "verified (residual %@)"),
        notVerified: Localized(fr: "non vérifié (résidu %@)", en: "not verified (residual %@)"),
        number: Localized(fr: "#", en: "#"),
        process: Localized(fr: "Processus", en: "Process"),
        category: Localized(fr: "Catégorie", en: "Category"),
        epsilon: Localized(fr: "ε ± u (2σ)", en: "ε ± u (2σ)"),
        model: Localized(fr: "Modèle", en: "Model"),
        fraction: Localized(fr: "f", en: "f"),
        noProcess: Localized(fr: "Le résultat Nexus ne liste aucun processus.", en: "The Nexus result lists no process."),
        processesTitle: Localized(fr: "Processus de la chaîne", en: "Processes of the chain"),
        signaturesTitle: Localized(fr: "Signatures et bilan de masse", en: "Signatures and mass balance"),
        fLegend: Localized(fr: "f : fraction restante (Rayleigh) ou part du pôle de mélange (mélange binaire).",
                           en: "f: remaining fraction (Rayleigh) or share of the mixing end-member (binary mixing).")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let nexus = Self.nexus
        guard let result = context.inputs.nexusResult else { return [context.noNexus()] }
        let language = context.language
        let source = context.nexusSourceSentence
        var massBalance = Strings.notProvided[language]
        if let verified = result.massBalance?.verified {
            massBalance = Strings.format(verified ? nexus.verified : nexus.notVerified, language, context.residualText(result))
        }
        let pairs: [(String, String)] = [
            (nexus.system[language], systemLabel(result.system) ?? Strings.notProvided[language]),
            (nexus.element[language], context.orNotProvided(result.element)),
            (NexusText.initial[language], context.initialText(result)),
            (NexusText.predicted[language], context.predictedText(result)),
            (nexus.massBalance[language], massBalance),
        ]
        var story: [any Drawable] = [subheading(nexus.signaturesTitle[language])]
        story.append(keyValueList(pairs.enumerated().map { index, pair in
            (pair.0, index == 4 && result.massBalance?.verified == false ? "<b>\(Markup.escape(pair.1))</b>" : Markup.escape(pair.1))
        }, labelWeight: 1, valueWeight: 2.4))
        if result.massBalance?.verified == false {
            let message = NexusText.notVerifiedWarning[language]
            context.warnOnce(message)
            story.append(Notice(markup: Markup.escape(message), kind: .warning))
        }
        story.append(subheading(nexus.processesTitle[language]))
        let processes = result.processes ?? []
        if processes.isEmpty {
            story.append(Paragraph(markup: Markup.escape(nexus.noProcess[language])))
        } else {
            let rows = processes.enumerated().map { index, process -> [String] in
                [NumberFormat.integer(index + 1, context.format), context.orNotProvided(process.name), context.orNotProvided(process.category),
                 context.epsilonText(process, result), context.orNotProvided(process.model), context.fractionText(process.fraction),
                 context.orNotProvided(process.reference)].map(Markup.escape)
            }
            story.append(Table(columns: [
                TableColumn(nexus.number[language], weight: 0.4, alignment: .right),
                TableColumn(nexus.process[language], weight: 1.6), TableColumn(nexus.category[language], weight: 1.15),
                TableColumn(nexus.epsilon[language], weight: 1.0, alignment: .right), TableColumn(nexus.model[language], weight: 1.25),
                TableColumn(nexus.fraction[language], weight: 0.5, alignment: .right), TableColumn(NexusText.reference[language], weight: 1.55),
            ], rows: rows))
        }
        story.append(caption(nexus.fLegend[language] + " " + NexusText.uncertainties[language] + " " + source))
        return story
    }
}
