import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `sim_plume`: the key figures of the simulated plume.
struct SimPlume: ReportBlock {
    let definition = BlockDefinition(
        key: .simPlume,
        name: Localized(fr: "Simulation de panache", en: "Plume simulation"),
        description: Localized(
            fr: "Instantanés du panache et chiffres clés de la simulation\u{00A0}: extension, concentration maximale, durée.",
            en: "Plume snapshots and the key figures of the simulation: extent, maximum concentration, duration."),
        category: .simulation, nature: .factual, estPages: 2, licence: .pro, needs: [.simulationResult])

    static let noPlume = Localized(
        fr: "Le résultat de simulation fourni ne contient aucun chiffre clé de panache (plume).",
        en: "The simulation result provided contains no plume key figures (plume).")

    static let plume = (
        extent: Localized(fr: "Extension maximale du panache", en: "Maximum plume extent"),
        concentration: Localized(fr: "Concentration maximale", en: "Maximum concentration"),
        duration: Localized(fr: "Durée simulée", en: "Simulated duration"),
        compound: Localized(fr: "Composé / élément", en: "Compound / element"),
        days: Localized(fr: "jours", en: "days"),
        source: Localized(fr: "Source : chiffres clés du résultat de simulation fourni avec la requête (simulation_result.plume).",
                          en: "Source: key figures of the simulation result provided with the request (simulation_result.plume).")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let plume = Self.plume
        guard let simulation = context.inputs.simulationResult else { return [context.noData(ResultText.noSimulation)] }
        guard let summary = simulation.plume,
              summary.maxExtentM != nil || summary.maxConcentration != nil || summary.durationDays != nil
        else { return [context.noData(Self.noPlume)] }
        let language = context.language
        let subject = [simulation.compound, simulation.element].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
        let missing = Strings.notProvided[language]
        let pairs: [(String, String)] = [
            (plume.compound[language], subject.isEmpty ? missing : subject),
            (plume.extent[language], summary.maxExtentM.map { context.withUnit(NumberFormat.automatic($0, context.format), "m") } ?? missing),
            (plume.concentration[language], summary.maxConcentration.map { context.withUnit(NumberFormat.automatic($0, context.format), summary.unit) } ?? missing),
            (plume.duration[language], summary.durationDays.map { NumberFormat.automatic($0, context.format) + " " + plume.days[language] } ?? missing),
        ]
        return [keyValueList(pairs.map { ($0.0, Markup.escape($0.1)) }, labelWeight: 1, valueWeight: 1.6), caption(plume.source[language])]
    }
}
