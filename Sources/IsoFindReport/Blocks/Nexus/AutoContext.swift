import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `auto_context`: the automatic geochemical context of the request: conditions, speciation
/// shares, dominant species, confidence and how it was obtained.
struct AutoContext: ReportBlock {
    let definition = BlockDefinition(
        key: .autoContext,
        name: Localized(fr: "Contexte géochimique", en: "Geochemical context"),
        description: Localized(
            fr: "Conditions, répartition de la spéciation, espèces dominantes, niveau de confiance et origine de l’estimation (ML ou thermodynamique).",
            en: "Conditions, speciation shares, dominant species, confidence and source of the estimate (ML or thermodynamic)."),
        category: .nexus, nature: .analytical, estPages: 1, licence: .researchPlus, needs: [.autoContextResult])

    static let noAutoContext = Localized(fr: "Aucun contexte géochimique automatique n'a été fourni pour ce rapport.",
                                         en: "No automatic geochemical context was provided for this report.")
    static let autoContextSource = Localized(
        fr: "Source : contexte géochimique automatique fourni avec la requête (auto_context_result), obtenu par %@.",
        en: "Source: automatic geochemical context provided with the request (auto_context_result), obtained by %@.")

    static let autoContext = (
        element: Localized(fr: "Élément", en: "Element"),
        pH: Localized(fr: "pH", en: "pH"),
        eh: Localized(fr: "Eh (mV)", en: "Eh (mV)"),
        temperature: Localized(fr: "Température (°C)", en: "Temperature (°C)"),
        ionicStrength: Localized(fr: "Force ionique (mol/L)", en: "Ionic strength (mol/L)"),
        dominant: Localized(fr: "Espèce dominante", en: "Dominant species"),
        confidence: Localized(fr: "Confiance", en: "Confidence"),
        source: Localized(fr: "Méthode", en: "Method"),
        conditionsTitle: Localized(fr: "Conditions et résultat", en: "Conditions and result"),
        speciesTitle: Localized(fr: "Répartition des espèces", en: "Speciation shares"),
        species: Localized(fr: "Espèce", en: "Species"),
        share: Localized(fr: "Part", en: "Share"),
        noSpecies: Localized(fr: "Répartition des espèces : non renseignée.", en: "Speciation shares: not provided."),
        chartTitle: Localized(fr: "Part de chaque espèce (dominante en foncé)", en: "Share of each species (dominant in dark)")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let autoContext = Self.autoContext
        guard let result = context.inputs.autoContextResult else { return [context.noData(Self.noAutoContext)] }
        let language = context.language
        let conditions = result.conditions
        let method = context.speciationSource(result.source)
        let pairs: [(String, String)] = [
            (autoContext.element[language], context.orNotProvided(result.element)),
            (autoContext.pH[language], context.number(conditions?.pH)),
            (autoContext.eh[language], context.number(conditions?.ehMV)),
            (autoContext.temperature[language], context.number(conditions?.temperatureC)),
            (autoContext.ionicStrength[language], context.number(conditions?.ionicStrength)),
            (autoContext.dominant[language], context.orNotProvided(result.dominant.map(ChemicalFormula.unicode))),
            (autoContext.confidence[language], context.percent(result.confidence)),
            (autoContext.source[language], method),
        ]
        let source = Strings.format(Self.autoContextSource, language, method)
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
            let name = Markup.escape(context.orNotProvided(item.name.map(ChemicalFormula.unicode)))
            return [index == dominantIndex ? "<b>\(name)</b>" : name, Markup.escape(context.percent(item.fraction))]
        }
        story.append(Table(columns: [TableColumn(autoContext.species[language], weight: 2),
                                     TableColumn(autoContext.share[language], weight: 1, alignment: .right)], rows: rows))
        let charted = species.prefix(ResultText.chartCap).filter { $0.fraction != nil }
        if !charted.isEmpty {
            let highlight = Set(charted.indices.filter { charted[$0].name != nil && charted[$0].name == result.dominant })
            story.append(BarChart(title: autoContext.chartTitle[language], labels: charted.map { context.orNotProvided($0.name.map(ChemicalFormula.unicode)) },
                                  values: charted.map { $0.fraction! * 100 }, unit: "%", language: context.format,
                                  highlight: highlight, fractionDigits: 1))
        }
        story.append(caption(source))
        return story
    }
}
