import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `sim_redox`: the reduced fraction against pe, with the redox boundary.
struct SimRedox: ReportBlock {
    let definition = BlockDefinition(
        key: .simRedox,
        name: Localized(fr: "Simulation redox", en: "Redox simulation"),
        description: Localized(
            fr: "Spéciation redox en fonction de pe ou de Eh, avec la frontière redox et la fraction réduite.",
            en: "Redox speciation against pe or Eh, with the redox boundary and the reduced fraction."),
        category: .simulation, nature: .analytical, estPages: 1, licence: .pro, expert: true,
        needs: [.simulationResult])

    static let noRedoxPoints = Localized(
        fr: "Le résultat de simulation fourni ne contient aucun profil redox (redox.points).",
        en: "The simulation result provided contains no redox profile (redox.points).")

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

    func render(_ context: BlockContext) -> [any Drawable] {
        let redox = Self.redox
        guard let simulation = context.inputs.simulationResult else { return [context.noData(ResultText.noSimulation)] }
        let profile = simulation.redox
        let points = (profile?.points ?? []).compactMap { point -> (x: Double, y: Double)? in
            guard let pe = point.pe, let fraction = point.reducedFraction, pe.isFinite, fraction.isFinite else { return nil }
            return (pe, fraction)
        }.sorted { $0.x < $1.x }
        guard !points.isEmpty else { return [context.noData(Self.noRedoxPoints)] }
        let language = context.language
        let subject = [simulation.element, simulation.compound].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
        let pairs: [(String, String)] = [
            (redox.element[language], subject.isEmpty ? Strings.notProvided[language] : subject),
            (redox.pH[language], context.number(profile?.pH)),
            (redox.boundary[language], context.number(profile?.boundaryPE)),
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
            caption(redox.note[language] + " " + ResultText.simulationSource[language]),
        ]
    }
}
