import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindRender

/// `annex_raw_data`: every measurement as stored, unformatted, one table per database table.
struct AnnexRawData: ReportBlock {
    let definition = BlockDefinition(
        key: .annexRawData,
        name: Localized(fr: "Annexe\u{00A0}: données brutes", en: "Annex: raw data"),
        description: Localized(
            fr: "Toutes les mesures utilisées, sans mise en forme, pour une réanalyse.",
            en: "Every measurement used, unformatted, for re-analysis."),
        category: .closing, nature: .factual, estPages: 3, licence: .research, expert: true, needs: [.samples])

    static let annexIntro = Localized(
        fr: "Chaque mesure utilisée par ce rapport, telle que stockée, sans mise en forme (point décimal, NULL = valeur absente ; pour une concentration, NULL = inférieure à la LD), pour une réanalyse. Noms de colonnes de la base IsoFind.",
        en: "Every measurement this report uses, as stored, unformatted (decimal point, NULL = missing value; for a concentration, NULL = below the LOD), for re-analysis. Column names are those of the IsoFind database.")
    static let annexTables = (
        samples: Localized(fr: "Échantillons (table samples)", en: "Samples (table samples)"),
        isotopes: Localized(fr: "Isotopes (table sample_isotope)", en: "Isotopes (table sample_isotope)"),
        geochem: Localized(fr: "Concentrations élémentaires (table sample_geochem)", en: "Elemental concentrations (table sample_geochem)"),
        physico: Localized(fr: "Physico-chimie (table sample_physicochemistry)", en: "Physico-chemistry (table sample_physicochemistry)"),
        molecules: Localized(fr: "Molécules (table sample_molecules)", en: "Molecules (table sample_molecules)")
    )
    static let annexEmpty = Localized(fr: "Aucune mesure n'est disponible pour les échantillons de ce rapport.",
                                      en: "No measurement is available for the samples of this report.")

    /// A stored value as the database holds it: a decimal point, NULL for a missing value.
    func raw(_ value: Double?) -> String { value.map { "\($0)" } ?? "NULL" }
    func raw(_ value: String?) -> String { value ?? "NULL" }
    func raw(_ value: Bool?) -> String { value.map { $0 ? "1" : "0" } ?? "NULL" }
    static let annexFont = FontSpec(size: 6.5)
    static let annexHeaderFont = FontSpec(size: 6.5, weight: .bold)

    func render(_ context: BlockContext) -> [any Drawable] {
        let annexTables = Self.annexTables
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(Self.annexIntro[language]))]
        func table(_ title: Localized, _ names: [(String, Double)], _ rows: [[String]]) {
            guard !rows.isEmpty else { return }
            story.append(Heading(markup: Markup.escape(title[language]) + " — " + NumberFormat.integer(rows.count, context.format)
                                 + (language == .fr ? " lignes" : " rows"), level: 2))
            // The columns size themselves to their content, the table's type shrinking a little when
            // a dozen columns do not fit: column names and values stay whole.
            story.append(Table(columns: names.map { TableColumn($0.0, weight: $0.1) }, rows: rows.map { $0.map(Markup.escape) },
                               font: Self.annexFont, headerFont: Self.annexHeaderFont))
        }
        let samples = context.samples
        table(annexTables.samples, [("id", 0.4), ("name", 1.6), ("classification", 0.9), ("matrix", 0.8), ("material_type", 1.3),
                                    ("latitude", 0.9), ("longitude", 0.9), ("altitude_m", 0.7), ("collection_date", 0.9)],
              samples.map { s in [String(s.id), s.name, raw(s.classificationRaw), raw(s.matrix), raw(s.materialType), raw(s.latitude),
                                  raw(s.longitude), raw(s.altitudeM), raw(s.collectionDate)] })
        let measurementCount = samples.reduce(0) { $0 + $1.measurementCount }
        guard measurementCount > 0 else {
            story += [context.noData(Self.annexEmpty)]
            return story
        }
        table(annexTables.isotopes, [("id", 0.4), ("sample", 1.5), ("system", 1.1), ("ratio", 0.9), ("ratio_2se", 0.8),
                                     ("delta_notation", 0.9), ("delta_value", 0.8), ("delta_2sd", 0.7), ("standard", 1.1), ("depth_m", 0.6)],
              samples.flatMap { s in s.isotopes.map { m in
                  [String(m.id), s.name, raw(m.system), raw(m.ratio), raw(m.ratio2SE), raw(m.deltaNotation), raw(m.deltaValue),
                   raw(m.delta2SD), raw(m.standard), raw(m.depthM)] } })
        table(annexTables.geochem, [("id", 0.4), ("sample", 1.5), ("element", 0.6), ("display_value", 0.9), ("display_unit", 0.7),
                                    ("value_normalized", 1), ("display_uncertainty", 1), ("lod", 0.6), ("loq", 0.6), ("depth_m", 0.6)],
              samples.flatMap { s in s.geochem.map { m in
                  [String(m.id), s.name, raw(m.element), raw(m.displayValue), raw(m.displayUnit), raw(m.valueNormalized),
                   raw(m.displayUncertainty), raw(m.lod), raw(m.loq), raw(m.depthM)] } })
        table(annexTables.physico, [("id", 0.4), ("sample", 1.5), ("parameter", 1.1), ("value", 0.8), ("uncertainty", 0.8),
                                    ("measured_at", 1.3), ("depth_m", 0.6)],
              samples.flatMap { s in s.physico.map { m in
                  [String(m.id), s.name, raw(m.parameter), raw(m.value), raw(m.uncertainty), raw(m.measuredAt), raw(m.depthM)] } })
        table(annexTables.molecules, [("id", 0.4), ("sample", 1.4), ("nom", 1.6), ("cas", 0.8), ("valeur", 0.7), ("unite", 0.5),
                                      ("incertitude", 0.7), ("lod", 0.5), ("loq", 0.5), ("detecte", 0.5), ("seuil_ref", 0.6), ("depth_m", 0.6)],
              samples.flatMap { s in s.molecules.map { m in
                  [String(m.id), s.name, raw(m.nom), raw(m.cas), raw(m.valeur), raw(m.unite), raw(m.incertitude), raw(m.lod),
                   raw(m.loq), raw(m.detecte), raw(m.seuilRef), raw(m.depthM)] } })
        story.append(context.samplesCaption())
        return story
    }
}
