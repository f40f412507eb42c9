import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `data_provenance`: every data source of the report, the input fingerprint, the generation
/// time and the software version.
struct DataProvenance: ReportBlock {
    let definition = BlockDefinition(
        key: .dataProvenance,
        name: Localized(fr: "Provenance des données", en: "Data provenance"),
        description: Localized(
            fr: "Chaque source de données utilisée\u{00A0}: base, identifiants de session, nombre d’instantanés, empreintes des entrées, date de génération et version du logiciel.",
            en: "Every data source used: database, session IDs, snapshot count, input digests, generation time and software version."),
        category: .closing, nature: .factual, estPages: 1, licence: .research, needs: [])

    static let provenance = (
        intro: Localized(fr: "Toutes les sources de données utilisées pour produire ce rapport.",
                         en: "Every data source used to produce this report."),
        database: Localized(fr: "Base d'échantillons", en: "Samples database"),
        databaseValue: Localized(fr: "%@ (base IsoFind, lecture seule) : %@ échantillon(s)", en: "%@ (IsoFind database, read only): %@ sample(s)"),
        noDatabase: Localized(fr: "aucune base d'échantillons n'a été lue", en: "no samples database was read"),
        unreadable: Localized(fr: "%@ : lecture impossible (%@)", en: "%@: could not be read (%@)"),
        measurements: Localized(fr: "Mesures lues", en: "Measurements read"),
        measurementsValue: Localized(fr: "%@ isotopiques, %@ concentrations élémentaires, %@ physico-chimiques, %@ molécules et ions",
                                     en: "%@ isotope, %@ elemental concentrations, %@ physico-chemical, %@ molecules and ions"),
        nexus: Localized(fr: "Résultat Nexus", en: "Nexus result"),
        noNexus: Localized(fr: "aucun", en: "none"),
        requestDicts: Localized(fr: "Données fournies avec la requête", en: "Data provided with the request"),
        noDicts: Localized(fr: "aucune", en: "none"),
        scenarios: Localized(fr: "scenarios (%@)", en: "scenarios (%@)"),
        snapshots: Localized(fr: "Instantanés (snapshots)", en: "Snapshots"),
        snapshotsValue: Localized(fr: "%@ carte(s) (map), %@ coupe(s) (section)", en: "%@ map image(s), %@ section image(s)"),
        matrixRules: Localized(fr: "Règles de matrices", en: "Matrix rules"),
        matrixRulesValue: Localized(fr: "%@ groupe(s), %@ règle(s) (configuration de cette installation)",
                                    en: "%@ group(s), %@ rule(s) (configuration of this installation)"),
        fingerprint: Localized(fr: "Empreinte des entrées", en: "Input fingerprint"),
        fingerprintValue: Localized(fr: "FNV-1a 64 bits : %@", en: "FNV-1a 64-bit: %@"),
        generated: Localized(fr: "Date de génération", en: "Generated"),
        software: Localized(fr: "Logiciel", en: "Software"),
        reference: Localized(fr: "Référence du rapport", en: "Report reference"),
        fingerprintNote: Localized(fr: "L'empreinte des entrées est un condensé FNV-1a 64 bits des identifiants des échantillons et de leurs mesures, dans l'ordre du rapport : elle permet de vérifier qu'un autre rapport repose sur la même sélection de données. Ce n'est pas une signature ni un condensé cryptographique : elle ne protège pas le document contre une modification.",
                                 en: "The input fingerprint is an FNV-1a 64-bit digest of the ids of the samples and of their measurements, in report order: it lets one check that another report rests on the same selection of data. It is not a signature nor a cryptographic digest: it does not protect the document against alteration.")
    )

    /// FNV-1a, 64 bits.
    static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The canonical text fingerprinted: `s<id>;` for each sample, then `i`, `g`, `p`, `m` and the
    /// id of each of its isotope, geochem, physico-chemical and molecule rows.
    static func inputFingerprint(_ samples: [Sample]) -> String {
        var canonical = ""
        for sample in samples {
            canonical += "s\(sample.id);"
            for m in sample.isotopes { canonical += "i\(m.id);" }
            for m in sample.geochem { canonical += "g\(m.id);" }
            for m in sample.physico { canonical += "p\(m.id);" }
            for m in sample.molecules { canonical += "m\(m.id);" }
        }
        let hex = String(fnv1a64(canonical.utf8), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let provenance = Self.provenance
        let language = context.language
        let inputs = context.inputs
        var pairs: [(String, String)] = []
        // A source that could not be read is named with the reason, never counted as empty.
        let database = if let reason = context.unavailable(.samples) {
            context.text(provenance.unreadable, context.databaseName, reason)
        } else if context.sources.samplesDatabase != nil {
            context.text(provenance.databaseValue, context.databaseName, context.integer(context.samples.count))
        } else {
            provenance.noDatabase[language]
        }
        pairs.append((provenance.database[language], Markup.escape(database)))
        let count = { (path: KeyPath<Sample, Int>) in context.integer(context.samples.reduce(0) { $0 + $1[keyPath: path] }) }
        pairs.append((provenance.measurements[language], Markup.escape(context.text(provenance.measurementsValue,
            count(\.isotopes.count), count(\.geochem.count), count(\.physico.count), count(\.molecules.count)))))
        let nexus: String
        if context.sources.nexusSessionID != nil, let reason = context.unavailable(.nexusSession) {
            nexus = context.text(provenance.unreadable, context.nexusSource, reason)
        } else if context.sources.nexusSessionID != nil { nexus = context.nexusSource }
        else if inputs.nexusResult != nil { nexus = NexusText.fromRequest[language] }
        else { nexus = provenance.noNexus[language] }
        pairs.append((provenance.nexus[language], Markup.escape(nexus)))
        var dicts: [String] = []
        if inputs.projectData != nil { dicts.append("project_data") }
        if inputs.project != nil { dicts.append("project") }
        if inputs.nexusResult != nil, context.sources.nexusSessionID == nil { dicts.append("nexus_result") }
        if inputs.autoContextResult != nil { dicts.append("auto_context_result") }
        if inputs.scoringResult != nil { dicts.append("scoring_result") }
        if inputs.simulationResult != nil { dicts.append("simulation_result") }
        if let scenarios = inputs.scenarios { dicts.append(context.text(provenance.scenarios, context.integer(scenarios.count))) }
        if inputs.snapshots != nil { dicts.append("snapshots") }
        if inputs.licenceData != nil { dicts.append("licence_data") }
        pairs.append((provenance.requestDicts[language], Markup.escape(dicts.isEmpty ? provenance.noDicts[language] : dicts.joined(separator: ", "))))
        pairs.append((provenance.snapshots[language], Markup.escape(context.text(provenance.snapshotsValue,
            context.integer(inputs.snapshots?.map?.count ?? 0), context.integer(inputs.snapshots?.section?.count ?? 0)))))
        let rules = context.unavailable(.matrixRules).map { context.text(provenance.unreadable, provenance.matrixRules[language], $0) }
            ?? context.text(provenance.matrixRulesValue, context.integer(context.matrices.groups.count),
                            context.integer(context.matrices.rules.count))
        pairs.append((provenance.matrixRules[language], Markup.escape(rules)))
        pairs.append((provenance.fingerprint[language],
                       Markup.escape(context.text(provenance.fingerprintValue, Self.inputFingerprint(context.samples)))))
        pairs.append((provenance.generated[language], Markup.escape(DateFormat.instant(epochSeconds: context.generatedAt, context.format)
            + " (" + DateFormat.iso8601(epochSeconds: context.generatedAt) + ")")))
        pairs.append((provenance.software[language], Markup.escape("\(ReportRenderer.softwareName) \(context.sources.softwareVersion)")))
        pairs.append((provenance.reference[language], Markup.escape(ReportRenderer.referenceText(context.report))))
        return [Paragraph(markup: Markup.escape(provenance.intro[language])),
                keyValueList(pairs, labelWeight: 1.2, valueWeight: 3.0),
                caption(provenance.fingerprintNote[language])]
    }
}
