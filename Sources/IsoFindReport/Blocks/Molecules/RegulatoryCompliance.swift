import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `regulatory_compliance`: the molecule results that have a reference threshold, against it;
/// non-compliant rows highlighted, as stored in the samples database.
struct RegulatoryCompliance: ReportBlock {
    let definition = BlockDefinition(
        key: .regulatoryCompliance,
        name: Localized(fr: "Conformité réglementaire", en: "Regulatory compliance"),
        description: Localized(
            fr: "Valeurs mesurées confrontées aux seuils réglementaires, lignes non conformes mises en évidence.",
            en: "Measured values against regulatory thresholds, with non-compliant rows highlighted."),
        category: .molecules, nature: .analytical, estPages: 2, licence: .researchPlus,
        needs: [.moleculesWithThresholds])

    static let compliance = (
        missing: Localized(fr: "Aucun résultat de molécule assorti d'un seuil réglementaire (seuil_ref) n'est disponible pour les échantillons de ce rapport.",
                           en: "No molecule result with a regulatory threshold (seuil_ref) is available for the samples of this report."),
        intro: Localized(fr: "%@ résultat(s) assorti(s) d'un seuil de référence ; %@ dépasse(nt) leur seuil (lignes surlignées en rouge).",
                         en: "%@ result(s) with a reference threshold; %@ above it (rows highlighted in red)."),
        perMoleculeTitle: Localized(fr: "Dépassements par molécule", en: "Exceedances per molecule"),
        detailTitle: Localized(fr: "Résultats comparés aux seuils", en: "Results against thresholds"),
        molecule: Localized(fr: "Molécule / ion", en: "Molecule / ion"),
        thresholds: Localized(fr: "Seuils", en: "Thresholds"),
        results: Localized(fr: "Résultats", en: "Results"),
        exceedances: Localized(fr: "Dépassements", en: "Exceedances"),
        sample: Localized(fr: "Échantillon", en: "Sample"),
        value: Localized(fr: "Valeur", en: "Value"),
        threshold: Localized(fr: "Seuil", en: "Threshold"),
        verdict: Localized(fr: "Conformité", en: "Compliance"),
        compliant: Localized(fr: "conforme", en: "compliant"),
        nonCompliant: Localized(fr: "NON CONFORME", en: "NON-COMPLIANT"),
        caption: Localized(fr: "Source : table sample_molecules de la base d'échantillons IsoFind (%@) ; seuils (seuil_ref, seuil_ref_unit) et conformité (conforme) tels qu'enregistrés dans la base, non recalculés par ce rapport.",
                           en: "Source: sample_molecules table of the IsoFind samples database (%@); thresholds (seuil_ref, seuil_ref_unit) and compliance (conforme) as stored in the database, not recomputed by this report.")
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let compliance = Self.compliance
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        let missing = Strings.notProvided[language]
        var rows: [[String]] = []
        var highlighted: Set<Int> = []
        var molecules = OrderedCounter()
        var exceedances: [String: Int] = [:]
        var thresholds: [String: [String]] = [:]
        for sample in context.samples {
            for m in sample.molecules {
                guard let limit = m.seuilRef else { continue }
                let name = m.nom ?? missing
                let thresholdText = NumberFormat.automatic(limit, context.format)
                    + ((m.seuilRefUnit ?? m.unite).map { Typography.noBreakSpace + $0 } ?? "")
                let verdict: String
                switch m.conforme {
                case true?: verdict = compliance.compliant[language]
                case false?:
                    verdict = "<b>" + Markup.escape(compliance.nonCompliant[language]) + "</b>"
                    highlighted.insert(rows.count)
                    exceedances[name, default: 0] += 1
                case nil: verdict = Markup.escape(missing)
                }
                molecules.add(name)
                if !(thresholds[name]?.contains(thresholdText) ?? false) { thresholds[name, default: []].append(thresholdText) }
                rows.append([Markup.escape(sample.name), Markup.escape(name), Markup.escape(context.moleculeValue(m)),
                             Markup.escape(thresholdText), verdict])
            }
        }
        guard !rows.isEmpty else { return [context.noData(compliance.missing)] }
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(context.text(compliance.intro, context.integer(rows.count),
                                                                            context.integer(highlighted.count))))]
        story.append(Heading(markup: Markup.escape(compliance.perMoleculeTitle[language]), level: 2))
        let ordered = molecules.keys.enumerated().sorted { a, b in
            let ea = exceedances[a.element] ?? 0, eb = exceedances[b.element] ?? 0
            return ea != eb ? ea > eb : a.offset < b.offset
        }.map(\.element)
        var summaryHighlight: Set<Int> = []
        let summaryRows = ordered.enumerated().map { index, name -> [String] in
            let n = exceedances[name] ?? 0
            if n > 0 { summaryHighlight.insert(index) }
            return [Markup.escape(name), Markup.escape(thresholds[name]!.joined(separator: " ; ")),
                    context.integer(molecules.counts[name]!), n > 0 ? "<b>\(context.integer(n))</b>" : "0"]
        }
        story.append(Table(columns: [
            TableColumn(compliance.molecule[language], weight: 2.4), TableColumn(compliance.thresholds[language], weight: 1.6),
            TableColumn(compliance.results[language], weight: 0.8, alignment: .right),
            TableColumn(compliance.exceedances[language], weight: 0.9, alignment: .right),
        ], rows: summaryRows, highlighted: summaryHighlight))
        story.append(Heading(markup: Markup.escape(compliance.detailTitle[language]), level: 2))
        story.append(Table(columns: [
            TableColumn(compliance.sample[language], weight: 1.4), TableColumn(compliance.molecule[language], weight: 1.9),
            TableColumn(compliance.value[language], weight: 1.5, alignment: .right),
            TableColumn(compliance.threshold[language], weight: 0.9, alignment: .right),
            TableColumn(compliance.verdict[language], weight: 1.25),
        ], rows: rows, highlighted: highlighted))
        story.append(caption(context.text(compliance.caption, context.databaseName)))
        return story
    }
}
