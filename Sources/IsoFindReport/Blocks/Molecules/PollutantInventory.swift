import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `pollutant_inventory`: the dissolved molecules and ions measured in each sample, with the
/// methods and laboratories behind them.
struct PollutantInventory: ReportBlock {
    let definition = BlockDefinition(
        key: .pollutantInventory,
        name: Localized(fr: "Inventaire des polluants", en: "Pollutant inventory"),
        description: Localized(
            fr: "Molécules et ions dissous mesurés dans chaque échantillon.",
            en: "Dissolved molecules and ions measured in each sample."),
        category: .molecules, nature: .factual, estPages: 2, licence: .research, needs: [.molecules])

    static let pollutants = (
        intro: Localized(fr: "Molécules et ions dissous mesurés, par échantillon : %@ résultat(s) pour %@ échantillon(s). Les valeurs sont données avec leur incertitude élargie (k = 2) ; un résultat non détecté est donné avec sa limite de détection (LD). La colonne « Réf. » renvoie au tableau des méthodes et laboratoires.",
                         en: "Dissolved molecules and ions measured, per sample: %@ result(s) for %@ sample(s). Values are given with their expanded uncertainty (k = 2); a non-detect is given with its limit of detection (LOD). The “Ref.” column refers to the table of methods and laboratories."),
        missing: Localized(fr: "Aucun résultat de molécule ou d'ion dissous n'est disponible pour les échantillons de ce rapport.",
                           en: "No result for dissolved molecules or ions is available for the samples of this report."),
        name: Localized(fr: "Nom", en: "Name"),
        family: Localized(fr: "Famille", en: "Family"),
        value: Localized(fr: "Valeur", en: "Value"),
        cas: Localized(fr: "N° CAS", en: "CAS No."),
        method: Localized(fr: "Méthode", en: "Method"),
        laboratory: Localized(fr: "Laboratoire", en: "Laboratory"),
        methodsTitle: Localized(fr: "Méthodes et laboratoires", en: "Methods and laboratories"),
        reference: Localized(fr: "Réf.", en: "Ref."),
        results: Localized(fr: "Résultats", en: "Results"),
        resultsTitle: Localized(fr: "Résultats par échantillon", en: "Results per sample"),
        sample: Localized(fr: "Échantillon", en: "Sample"),
        caption: Localized(fr: "Source : table sample_molecules de la base d'échantillons IsoFind (%@).",
                           en: "Source: sample_molecules table of the IsoFind samples database (%@).")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let pollutants = Self.pollutants
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        let missing = Strings.notProvided[language]
        let withMolecules = context.samples.filter { !$0.molecules.isEmpty }
        guard !withMolecules.isEmpty else { return [context.noData(pollutants.missing)] }
        let total = withMolecules.reduce(0) { $0 + $1.molecules.count }
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(context.text(pollutants.intro, context.integer(total),
                                                                            context.integer(withMolecules.count))))]
        // Methods and laboratories are long: the rows refer to them by a short key (M1, M2…).
        struct MethodKey: Hashable { var method, laboratory: String }
        var keys: [MethodKey] = []
        var counts: [MethodKey: Int] = [:]
        for sample in withMolecules {
            for m in sample.molecules {
                let key = MethodKey(method: m.methode ?? missing, laboratory: m.laboratoire ?? missing)
                if counts[key] == nil { keys.append(key) }
                counts[key, default: 0] += 1
            }
        }
        // "P" codes, so that they are not confused with the "M" codes of the elemental data.
        let reference = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, "P\($0 + 1)") })
        story.append(Heading(markup: Markup.escape(pollutants.methodsTitle[language]), level: 2))
        story.append(Table(columns: [
            TableColumn(pollutants.reference[language], weight: 0.5), TableColumn(pollutants.method[language], weight: 2.6),
            TableColumn(pollutants.laboratory[language], weight: 2.0), TableColumn(pollutants.results[language], weight: 0.8, alignment: .right),
        ], rows: keys.map { key in
            ["<b>\(reference[key]!)</b>", Markup.escape(key.method), Markup.escape(key.laboratory), context.integer(counts[key]!)]
        }))
        // One table, one row per result, grouped by sample: the sample's name is on every row so that
        // a page break never leaves rows without their sample.
        story.append(Heading(markup: Markup.escape(pollutants.resultsTitle[language]), level: 2))
        var rows: [[String]] = []
        for sample in withMolecules {
            for m in sample.molecules {
                rows.append([sample.name, m.nom ?? missing, m.famille ?? missing, context.moleculeValue(m), m.cas ?? missing].map(Markup.escape)
                            + [reference[MethodKey(method: m.methode ?? missing, laboratory: m.laboratoire ?? missing)]!])
            }
        }
        story.append(Table(columns: [
            TableColumn(pollutants.sample[language], weight: 1.4), TableColumn(pollutants.name[language], weight: 2.0),
            TableColumn(pollutants.family[language], weight: 1.9), TableColumn(pollutants.value[language], weight: 1.5, alignment: .right),
            TableColumn(pollutants.cas[language], weight: 1.0), TableColumn(pollutants.reference[language], weight: 0.45),
        ], rows: rows))
        story.append(caption(context.text(pollutants.caption, context.databaseName)))
        return story
    }
}
