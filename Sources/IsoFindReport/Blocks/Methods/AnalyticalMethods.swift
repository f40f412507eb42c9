import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `analytical_methods`: the instruments, reference materials, analytical sessions and methods
/// behind the data, with the number of measurements of each.
struct AnalyticalMethods: ReportBlock {
    let definition = BlockDefinition(
        key: .analyticalMethods,
        name: Localized(fr: "Méthodes analytiques", en: "Analytical methods"),
        description: Localized(
            fr: "Instruments, standards de référence, sessions et méthodes à l’origine des données.",
            en: "The instruments, reference standards, sessions and methods behind the data."),
        category: .methods, nature: .factual, estPages: 1, licence: .research, needs: [.isotopeData])

    static let methods = (
        intro: Localized(fr: "Instruments, matériaux de référence, sessions analytiques et méthodes à l'origine des données de ce rapport, avec le nombre de mesures de chacun.",
                         en: "The instruments, reference materials, analytical sessions and methods behind the data of this report, with the number of measurements of each."),
        isotopesTitle: Localized(fr: "Mesures isotopiques", en: "Isotope measurements"),
        geochemTitle: Localized(fr: "Concentrations élémentaires", en: "Elemental concentrations"),
        physicoTitle: Localized(fr: "Paramètres physico-chimiques", en: "Physico-chemical parameters"),
        moleculesTitle: Localized(fr: "Molécules et ions dissous", en: "Dissolved molecules and ions"),
        system: Localized(fr: "Système", en: "System"),
        instrument: Localized(fr: "Instrument", en: "Instrument"),
        standard: Localized(fr: "Matériau de référence / échelle", en: "Reference material / scale"),
        sessions: Localized(fr: "Sessions analytiques", en: "Analytical sessions"),
        count: Localized(fr: "Mesures", en: "Measurements"),
        method: Localized(fr: "Méthode", en: "Method"),
        elements: Localized(fr: "Éléments", en: "Elements"),
        parameters: Localized(fr: "Paramètres", en: "Parameters"),
        laboratory: Localized(fr: "Laboratoire", en: "Laboratory"),
        dates: Localized(fr: "Dates d'analyse", en: "Analysis dates"),
        isotopeCaption: Localized(fr: "Source : table sample_isotope de la base d'échantillons IsoFind (%@) ; colonnes instrument, standard et session_date. Un instrument non renseigné correspond en général à une donnée de littérature.",
                                  en: "Source: sample_isotope table of the IsoFind samples database (%@); columns instrument, standard and session_date. A missing instrument usually denotes a literature value."),
        geochemCaption: Localized(fr: "Source : table sample_geochem de la base d'échantillons IsoFind (%@), colonne method.",
                                  en: "Source: sample_geochem table of the IsoFind samples database (%@), column method."),
        physicoCaption: Localized(fr: "Source : table sample_physicochemistry de la base d'échantillons IsoFind (%@), colonne method.",
                                  en: "Source: sample_physicochemistry table of the IsoFind samples database (%@), column method."),
        moleculesCaption: Localized(fr: "Source : table sample_molecules de la base d'échantillons IsoFind (%@), colonnes methode, laboratoire et date_analyse.",
                                    en: "Source: sample_molecules table of the IsoFind samples database (%@), columns methode, laboratoire and date_analyse."),
        none: Localized(fr: "Aucune donnée de ce type pour les échantillons de ce rapport.",
                        en: "No data of this kind for the samples of this report.")
    )

    /// Analysis dates as printed: up to three dates, else the first and last with their count.
    static func dateList(_ isoDates: [String], _ context: BlockContext) -> String {
        let unique = Array(Set(isoDates)).sorted()
        let formatted = unique.map { DateFormat.numeric(iso: $0, context.format) ?? $0 }
        guard !formatted.isEmpty else { return Strings.notProvided[context.language] }
        if formatted.count <= 3 { return formatted.joined(separator: ", ") }
        return context.text(sessionsRange, formatted.first!, formatted.last!, context.integer(formatted.count))
    }
    static let sessionsRange = Localized(fr: "%@ – %@ (%@ dates)", en: "%@ – %@ (%@ dates)")

    func render(_ context: BlockContext) -> [any Drawable] {
        let methods = Self.methods
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        let missing = Strings.notProvided[language]
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(methods.intro[language]))]
        let db = context.databaseName

        // Isotopes: one row per system, instrument and standard.
        struct IsotopeKey: Hashable { var system, instrument, standard: String }
        var isoKeys: [IsotopeKey] = []
        var isoCounts: [IsotopeKey: Int] = [:]
        var isoDates: [IsotopeKey: [String]] = [:]
        var geoKeys = OrderedCounter(), geoElements: [String: OrderedCounter] = [:]
        var phyKeys = OrderedCounter(), phyParameters: [String: OrderedCounter] = [:]
        struct MoleculeKey: Hashable { var method, laboratory: String }
        var molKeys: [MoleculeKey] = []
        var molCounts: [MoleculeKey: Int] = [:]
        var molDates: [MoleculeKey: [String]] = [:]
        for sample in context.samples {
            for m in sample.isotopes {
                let key = IsotopeKey(system: m.systemKey ?? missing, instrument: m.instrument ?? missing, standard: m.standard ?? missing)
                if isoCounts[key] == nil { isoKeys.append(key) }
                isoCounts[key, default: 0] += 1
                if let date = m.sessionDate { isoDates[key, default: []].append(date) }
            }
            for g in sample.geochem {
                let method = g.method ?? missing
                geoKeys.add(method)
                geoElements[method, default: OrderedCounter()].add(g.element ?? missing)
            }
            for p in sample.physico {
                let method = p.method ?? missing
                phyKeys.add(method)
                phyParameters[method, default: OrderedCounter()].add(p.parameter.map { PhysicoParameters.label($0, language) } ?? missing)
            }
            for m in sample.molecules {
                let key = MoleculeKey(method: m.methode ?? missing, laboratory: m.laboratoire ?? missing)
                if molCounts[key] == nil { molKeys.append(key) }
                molCounts[key, default: 0] += 1
                if let date = m.dateAnalyse { molDates[key, default: []].append(date) }
            }
        }

        story.append(Heading(markup: Markup.escape(methods.isotopesTitle[language]), level: 2))
        if isoKeys.isEmpty {
            story.append(context.noData(BlockSupport.noIsotopes))
        } else {
            // Grouped by system (first-seen order), then by instrument.
            var systemOrder: [String] = []
            for key in isoKeys where !systemOrder.contains(key.system) { systemOrder.append(key.system) }
            let ordered = systemOrder.flatMap { system in isoKeys.filter { $0.system == system } }
            story.append(Table(columns: [
                TableColumn(methods.system[language], weight: 1.1), TableColumn(methods.instrument[language], weight: 1.8),
                TableColumn(methods.standard[language], weight: 1.3), TableColumn(methods.sessions[language], weight: 1.4),
                TableColumn(methods.count[language], weight: 0.8, alignment: .right),
            ], rows: ordered.map { key in
                [Markup.escape(IsotopeNotation.unicode(key.system)), Markup.escape(key.instrument), Markup.escape(key.standard),
                 Markup.escape(Self.dateList(isoDates[key] ?? [], context)), context.integer(isoCounts[key]!)]
            }))
            story.append(caption(context.text(methods.isotopeCaption, db)))
        }

        // Geochemistry and physico-chemistry: one table per kind, a row per method with what it measured.
        for (title, what, counts, measured, sourceCaption) in [
            (methods.geochemTitle, methods.elements, geoKeys, geoElements, methods.geochemCaption),
            (methods.physicoTitle, methods.parameters, phyKeys, phyParameters, methods.physicoCaption),
        ] {
            story.append(Heading(markup: Markup.escape(title[language]), level: 2))
            if counts.keys.isEmpty {
                story.append(Paragraph(markup: "<i>" + Markup.escape(methods.none[language]) + "</i>"))
                continue
            }
            story.append(Table(columns: [
                TableColumn(methods.method[language], weight: 2.6), TableColumn(what[language], weight: 2.0),
                TableColumn(methods.count[language], weight: 0.8, alignment: .right),
            ], rows: counts.keys.map { method in
                [Markup.escape(method), Markup.escape(measured[method]!.keys.joined(separator: ", ")), context.integer(counts.counts[method]!)]
            }))
            story.append(caption(context.text(sourceCaption, db)))
        }

        story.append(Heading(markup: Markup.escape(methods.moleculesTitle[language]), level: 2))
        if molKeys.isEmpty {
            story.append(Paragraph(markup: "<i>" + Markup.escape(methods.none[language]) + "</i>"))
        } else {
            story.append(Table(columns: [
                TableColumn(methods.method[language], weight: 2.2), TableColumn(methods.laboratory[language], weight: 1.6),
                TableColumn(methods.dates[language], weight: 1.4), TableColumn(methods.count[language], weight: 0.8, alignment: .right),
            ], rows: molKeys.map { key in
                [Markup.escape(key.method), Markup.escape(key.laboratory), Markup.escape(Self.dateList(molDates[key] ?? [], context)),
                 context.integer(molCounts[key]!)]
            }))
            story.append(caption(context.text(methods.moleculesCaption, db)))
        }
        return story
    }
}
