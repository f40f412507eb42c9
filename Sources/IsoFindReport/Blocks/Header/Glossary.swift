import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `glossary`: the terms and symbols this report uses, chosen from its data, each with its
/// definition.
struct Glossary: ReportBlock {
    let definition = BlockDefinition(
        key: .glossary,
        name: Localized(fr: "Glossaire", en: "Glossary"),
        description: Localized(
            fr: "Les termes et symboles employés dans ce rapport\u{00A0}: δ, ‰, 2σ, ε, Rayleigh, FAIH…",
            en: "The terms and symbols used in this report: δ, ‰, 2σ, ε, Rayleigh, FAIH…"),
        category: .header, nature: .none, estPages: 1, licence: .research, needs: [])

    struct GlossaryEntry {
        let term: Localized
        let definition: Localized

        init(term: String, definition: Localized) {
            self.term = Localized(fr: term, en: term)
            self.definition = definition
        }

        init(term: Localized, definition: Localized) {
            self.term = term
            self.definition = definition
        }
    }

    static let glossaryText = (
        intro: Localized(fr: "Les termes et symboles employés dans ce rapport, retenus d'après ses données.",
                         en: "The terms and symbols used in this report, selected from its data."),
        term: Localized(fr: "Terme", en: "Term"),
        definition: Localized(fr: "Définition", en: "Definition"),
        caption: Localized(fr: "Liste établie à partir des données de ce rapport : échantillons et mesures (%@)%@.",
                           en: "List drawn from the data of this report: samples and measurements (%@)%@."),
        nexus: Localized(fr: ", résultat Nexus", en: ", Nexus result"),
        simulation: Localized(fr: ", résultat de simulation", en: ", simulation result")
    )

    static let terms = (
        faih: GlossaryEntry(term: "FAIH", definition: Localized(
            fr: "Nature de chaque bloc, portée en pastille sur son titre. F (factuel) : données telles que mesurées ou fournies. A (analytique) : calculs et représentations tirés des données. I (interprété) : hypothèses compatibles avec les données, jamais des preuves. H (honnêteté) : limites, réserves et avertissements.",
            en: "The nature of each block, shown as a badge on its heading. F (factual): data as measured or provided. A (analytical): calculations and plots derived from the data. I (interpreted): hypotheses consistent with the data, never proofs. H (honest): limits, reservations and warnings.")),
        delta: GlossaryEntry(term: "δ (delta)", definition: Localized(
            fr: "Écart relatif du rapport isotopique d'un échantillon à celui d'un matériau de référence : δ = (R échantillon / R référence − 1) × 1000, exprimé en ‰. Exemple : δ¹³C rapporté à VPDB.",
            en: "Relative deviation of a sample's isotope ratio from that of a reference material: δ = (R sample / R reference − 1) × 1000, expressed in ‰. Example: δ¹³C relative to VPDB.")),
        permille: GlossaryEntry(term: "‰", definition: Localized(
            fr: "Pour mille (10⁻³) : unité des valeurs δ et des facteurs d'enrichissement ε.",
            en: "Per mil (parts per thousand, 10⁻³): the unit of δ values and of enrichment factors ε.")),
        twoSigma: GlossaryEntry(term: "2σ", definition: Localized(
            fr: "Incertitude élargie correspondant à deux écarts-types (environ 95 % de confiance) ; barres d'erreur des graphiques et incertitudes des résultats Nexus.",
            en: "Expanded uncertainty of two standard deviations (about 95% confidence); error bars of the plots and uncertainties of Nexus results.")),
        twoSE: GlossaryEntry(term: "2SE", definition: Localized(
            fr: "Deux erreurs-types de la moyenne des cycles de mesure : incertitude donnée pour les rapports isotopiques (ex. ⁸⁷Sr/⁸⁶Sr).",
            en: "Two standard errors of the mean of the measurement cycles: the uncertainty given for isotope ratios (e.g. ⁸⁷Sr/⁸⁶Sr).")),
        twoSD: GlossaryEntry(term: "2SD", definition: Localized(
            fr: "Deux écarts-types de mesures répétées : incertitude donnée pour les valeurs δ, en ‰.",
            en: "Two standard deviations of replicate measurements: the uncertainty given for δ values, in ‰.")),
        k2: GlossaryEntry(term: "k = 2", definition: Localized(
            fr: "Facteur d'élargissement de l'incertitude (GUM) : l'incertitude élargie couvre environ 95 % des valeurs plausibles. Concentrations et paramètres physico-chimiques.",
            en: "Coverage factor of the uncertainty (GUM): the expanded uncertainty covers about 95% of plausible values. Concentrations and physico-chemical parameters.")),
        epsilon: GlossaryEntry(term: "ε (epsilon)", definition: Localized(
            fr: "Facteur d'enrichissement isotopique d'un processus, en ‰ : écart de composition entre le produit formé et le réactif restant. Négatif lorsque le produit est appauvri en isotope lourd.",
            en: "Isotope enrichment factor of a process, in ‰: the composition difference between the product formed and the remaining reactant. Negative when the product is depleted in the heavy isotope.")),
        rayleigh: GlossaryEntry(term: "Rayleigh", definition: Localized(
            fr: "Modèle de fractionnement d'un réactif qui se consomme sans retour : δ = δ₀ + ε · ln f, où f est la fraction restante du réactif et δ₀ sa composition initiale.",
            en: "Fractionation model of a reactant consumed irreversibly: δ = δ₀ + ε · ln f, where f is the remaining fraction of the reactant and δ₀ its initial composition.")),
        lod: GlossaryEntry(term: Localized(fr: "LD / LQ", en: "LOD / LOQ"), definition: Localized(
            fr: "Limite de détection (LD) : plus petite valeur distinguée du blanc ; en dessous, le résultat est « non détecté » ou « < LD ». Limite de quantification (LQ) : plus petite valeur mesurée avec une incertitude acceptable.",
            en: "Limit of detection (LOD): the smallest value distinguished from the blank; below it, the result is “not detected” or “< LOD”. Limit of quantification (LOQ): the smallest value measured with an acceptable uncertainty.")),
        cas: GlossaryEntry(term: "CAS", definition: Localized(
            fr: "Numéro d'enregistrement du Chemical Abstracts Service, identifiant unique d'une substance chimique.",
            en: "Chemical Abstracts Service registry number, a unique identifier of a chemical substance.")),
        vpdb: GlossaryEntry(term: "VPDB", definition: Localized(
            fr: "Vienna Pee Dee Belemnite : échelle de référence des δ¹³C (réalisée par des matériaux tels que IAEA-603).",
            en: "Vienna Pee Dee Belemnite: the reference scale of δ¹³C (realised by materials such as IAEA-603).")),
        vcdt: GlossaryEntry(term: "V-CDT", definition: Localized(
            fr: "Vienna Cañon Diablo Troilite : échelle de référence des δ³⁴S (réalisée par des matériaux tels que IAEA-S-1).",
            en: "Vienna Cañon Diablo Troilite: the reference scale of δ³⁴S (realised by materials such as IAEA-S-1).")),
        srm987: GlossaryEntry(term: "NIST SRM 987", definition: Localized(
            fr: "Carbonate de strontium de référence du NIST, utilisé pour contrôler et normaliser les mesures de ⁸⁷Sr/⁸⁶Sr (valeur usuelle ≈ 0,71025).",
            en: "NIST strontium carbonate reference material, used to check and normalise ⁸⁷Sr/⁸⁶Sr measurements (usual value ≈ 0.71025).")),
        nbs981: GlossaryEntry(term: "NBS 981", definition: Localized(
            fr: "Plomb métallique de référence (NIST SRM 981), utilisé pour corriger le biais de masse des rapports isotopiques du plomb.",
            en: "Reference lead metal (NIST SRM 981), used to correct the mass bias of lead isotope ratios.")),
        jmc: GlossaryEntry(term: "JMC-Lyon", definition: Localized(
            fr: "Solution de zinc de référence à laquelle les δ⁶⁶Zn sont rapportés.",
            en: "Reference zinc solution relative to which δ⁶⁶Zn values are reported.")),
        mcicpms: GlossaryEntry(term: "MC-ICP-MS", definition: Localized(
            fr: "Spectromètre de masse à plasma à couplage inductif et multicollection : mesure précise des rapports isotopiques (Pb, Sr, Zn…).",
            en: "Multi-collector inductively coupled plasma mass spectrometer: precise measurement of isotope ratios (Pb, Sr, Zn…).")),
        tims: GlossaryEntry(term: "TIMS", definition: Localized(
            fr: "Spectromètre de masse à thermo-ionisation : référence pour les rapports isotopiques du strontium et du plomb.",
            en: "Thermal ionisation mass spectrometer: the reference technique for strontium and lead isotope ratios.")),
        irms: GlossaryEntry(term: "IRMS", definition: Localized(
            fr: "Spectromètre de masse de rapports isotopiques (gaz) : mesure des δ¹³C, δ³⁴S, δ¹⁵N… ; couplé à un chromatographe (GC-IRMS) pour l'analyse isotopique spécifique de composés (CSIA).",
            en: "Isotope ratio mass spectrometer (gas source): measures δ¹³C, δ³⁴S, δ¹⁵N…; coupled with a gas chromatograph (GC-IRMS) for compound-specific isotope analysis (CSIA).")),
        icpms: GlossaryEntry(term: "ICP-MS / ICP-OES", definition: Localized(
            fr: "Spectrométrie de masse / d'émission optique à plasma à couplage inductif : dosage des éléments en traces et majeurs.",
            en: "Inductively coupled plasma mass spectrometry / optical emission spectrometry: determination of trace and major elements.")),
        chromatography: GlossaryEntry(term: "GC-MS / LC-MS/MS", definition: Localized(
            fr: "Chromatographie en phase gazeuse ou liquide couplée à la spectrométrie de masse : dosage des molécules organiques (solvants chlorés, PFAS…).",
            en: "Gas or liquid chromatography coupled with mass spectrometry: determination of organic molecules (chlorinated solvents, PFAS…)."))
    )

    func render(_ context: BlockContext) -> [any Drawable] {
        let glossaryText = Self.glossaryText
        let terms = Self.terms
        let language = context.language
        let isotopes = context.samples.flatMap(\.isotopes)
        let hasRatio = isotopes.contains { $0.ratio != nil }
        let hasDelta = isotopes.contains { $0.deltaValue != nil || $0.deltaNotation != nil }
        let nexus = context.inputs.nexusResult
        let simulation = context.inputs.simulationResult
        let nexusDelta = nexus.map { ($0.initial?.unit?.contains("‰") ?? false) || $0.system.map { IsotopeNotation.deltaLabel(system: $0) != nil } ?? false } ?? false
        let hasGeochem = context.samples.contains { !$0.geochem.isEmpty }
        let hasMolecules = context.samples.contains { !$0.molecules.isEmpty }
        let hasPhysico = context.samples.contains { !$0.physico.isEmpty }
        let standards = Set(isotopes.compactMap(\.standard))
        let instruments = Set(isotopes.compactMap(\.instrument))
        let methods = context.samples.flatMap { $0.geochem.compactMap(\.method) + $0.molecules.compactMap(\.methode) }
        func anyContains(_ texts: Set<String>, _ word: String) -> Bool { texts.contains { $0.uppercased().contains(word) } }
        let methodSet = Set(methods)

        var entries: [GlossaryEntry] = []
        if hasDelta || nexusDelta || simulation != nil { entries += [terms.delta, terms.permille] }
        if !isotopes.isEmpty || nexus != nil || simulation != nil { entries.append(terms.twoSigma) }
        if hasRatio { entries.append(terms.twoSE) }
        if hasDelta { entries.append(terms.twoSD) }
        if hasGeochem || hasMolecules || hasPhysico { entries.append(terms.k2) }
        if nexus != nil || simulation != nil { entries += [terms.epsilon, terms.rayleigh] }
        entries.append(terms.faih)
        if hasGeochem || hasMolecules { entries.append(terms.lod) }
        if hasMolecules { entries.append(terms.cas) }
        if anyContains(standards, "VPDB") || (nexus?.initial?.unit?.uppercased().contains("VPDB") ?? false) { entries.append(terms.vpdb) }
        if anyContains(standards, "V-CDT") || anyContains(standards, "VCDT") || (nexus?.initial?.unit?.uppercased().contains("V-CDT") ?? false) {
            entries.append(terms.vcdt)
        }
        if anyContains(standards, "SRM 987") || anyContains(standards, "NBS 987") { entries.append(terms.srm987) }
        if anyContains(standards, "981") { entries.append(terms.nbs981) }
        if anyContains(standards, "JMC") { entries.append(terms.jmc) }
        if anyContains(instruments, "MC-ICP-MS") { entries.append(terms.mcicpms) }
        if anyContains(instruments, "TIMS") { entries.append(terms.tims) }
        if anyContains(instruments, "IRMS") { entries.append(terms.irms) }
        if methodSet.contains(where: { m in let u = m.uppercased(); return (u.contains("ICP-MS") && !u.contains("MC-ICP-MS")) || u.contains("ICP-OES") }) {
            entries.append(terms.icpms)
        }
        if anyContains(methodSet, "GC-MS") || anyContains(methodSet, "LC-MS") { entries.append(terms.chromatography) }

        var story: [any Drawable] = [Paragraph(markup: Markup.escape(glossaryText.intro[language]))]
        story.append(Table(columns: [
            TableColumn(glossaryText.term[language], weight: 1.25), TableColumn(glossaryText.definition[language], weight: 4.0),
        ], rows: entries.map { ["<b>" + Markup.escape($0.term[language]) + "</b>", Markup.escape($0.definition[language])] }, font: Theme.body))
        let extra = (nexus != nil ? glossaryText.nexus[language] : "") + (simulation != nil ? glossaryText.simulation[language] : "")
        story.append(caption(context.text(glossaryText.caption, context.databaseName, extra)))
        return story
    }
}
