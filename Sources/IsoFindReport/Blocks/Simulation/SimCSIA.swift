import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `sim_csia`: the Rayleigh curve δ against the remaining fraction f, with ε, δ₀, the half-life
/// and the metabolites.
struct SimCSIA: ReportBlock {
    let definition = BlockDefinition(
        key: .simCSIA,
        name: Localized(fr: "Simulation CSIA (Rayleigh)", en: "CSIA simulation (Rayleigh)"),
        description: Localized(
            fr: "Modèle de Rayleigh\u{00A0}: δ en fonction de la fraction restante f, avec ε, δ₀, demi-vie et métabolites.",
            en: "Rayleigh model: δ against the remaining fraction f, with ε, δ₀, half-life and metabolites."),
        category: .simulation, nature: .analytical, estPages: 2, licence: .pro, expert: true,
        needs: [.simulationResult])

    static let simulationIsRedox = Localized(
        fr: "Le résultat de simulation fourni est une simulation redox, pas une simulation CSIA (Rayleigh) : aucune courbe de Rayleigh ne peut être tracée.",
        en: "The simulation result provided is a redox simulation, not a CSIA (Rayleigh) simulation: no Rayleigh curve can be drawn.")
    static let noRayleighPoints = Localized(
        fr: "Le résultat de simulation fourni ne contient aucun point de la courbe de Rayleigh (points).",
        en: "The simulation result provided contains no point of the Rayleigh curve (points).")

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

    func render(_ context: BlockContext) -> [any Drawable] {
        let csia = Self.csia
        guard let simulation = context.inputs.simulationResult else { return [context.noData(ResultText.noSimulation)] }
        if simulation.type == .redox { return [context.noData(Self.simulationIsRedox)] }
        let points = (simulation.points ?? []).compactMap { point -> (x: Double, y: Double)? in
            guard let f = point.f, let delta = point.delta, f.isFinite, delta.isFinite else { return nil }
            return (f, delta)
        }.sorted { $0.x < $1.x }
        guard !points.isEmpty else { return [context.noData(Self.noRayleighPoints)] }
        let language = context.language
        let label = Self.csiaDeltaLabel(simulation)
        let permille: (Double?) -> String = { value in
            value.map { context.withUnit(NumberFormat.automatic($0, context.format), "‰") } ?? Strings.notProvided[language]
        }
        let halfLife = simulation.halfLifeDays.map { NumberFormat.automatic($0, maxSignificantDigits: 4, context.format) + " " + csia.days[language] }
        let pairs: [(String, String)] = [
            (csia.compound[language], context.orNotProvided(simulation.compound)),
            (csia.element[language], context.orNotProvided(simulation.element)),
            (csia.epsilon[language], permille(simulation.epsilon)),
            (csia.delta0[language], permille(simulation.delta0)),
            (csia.halfLife[language], halfLife ?? Strings.notProvided[language]),
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
        story.append(caption(csia.modelNote[language] + " " + ResultText.simulationSource[language]))
        story.append(subheading(csia.metabolitesTitle[language]))
        let metabolites = simulation.metabolites ?? []
        if metabolites.isEmpty {
            story.append(Paragraph(markup: Markup.escape(csia.noMetabolite[language])))
        } else {
            story.append(Table(columns: [TableColumn(csia.metabolite[language], weight: 2),
                                         TableColumn(csia.share[language], weight: 1, alignment: .right)],
                               rows: metabolites.map { [Markup.escape(context.orNotProvided($0.name)), Markup.escape(context.percent($0.fraction))] }))
            story.append(caption(ResultText.simulationSource[language]))
        }
        return story
    }
}
