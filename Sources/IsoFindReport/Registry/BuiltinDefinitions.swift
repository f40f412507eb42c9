import IsoFindDomain

// The built-in block catalogue of domain.md, in the table's order.
//
// French strings follow French typography: typographic apostrophe (’), a no-break space
// (U+00A0) before a colon, a narrow no-break space (U+202F) before a semicolon.

/// TEMPORARY (split into the block files): the built-in definitions.
enum BuiltinDefinitions {
    static let all: [BlockDefinition] = [
        // MARK: header
        BlockDefinition(
            key: .coverPage,
            name: Localized(fr: "Page de garde", en: "Cover page"),
            description: Localized(
                fr: "Titre, projet, nom et logo de l’organisation, date, identifiant du rapport (ou mention APERÇU), langue et titulaire de la licence.",
                en: "Title, project, organisation name and logo, date, report ID (or a PREVIEW mark), language and licence holder."),
            category: .header, nature: .none, estPages: 1, licence: .research, needs: []),
        BlockDefinition(
            key: .tableOfContents,
            name: Localized(fr: "Sommaire", en: "Table of contents"),
            description: Localized(
                fr: "Les blocs qui suivent avec leur numéro de page, chaque entrée renvoyant au bloc par un lien.",
                en: "Every following block with its page number, each entry linking to the block."),
            category: .header, nature: .none, estPages: 1, licence: .research, needs: []),
        BlockDefinition(
            key: .executiveSummary,
            name: Localized(fr: "Synthèse", en: "Executive summary"),
            description: Localized(
                fr: "Échantillons par classification et par matrice, éléments mesurés, meilleures correspondances, signature prédite par Nexus et principales alertes, avec un petit graphique, en termes prudents.",
                en: "Samples by classification and matrix, elements measured, best matches, Nexus predicted signature and main warnings, with one small chart, in hedged wording."),
            category: .header, nature: .interpreted, estPages: 1, licence: .research, needs: [.anyData]),
        BlockDefinition(
            key: .projectContext,
            name: Localized(fr: "Contexte du projet", en: "Project context"),
            description: Localized(
                fr: "Nom, objectif, contraintes, client et référence du projet, avec l’emprise du site et les secteurs déduits des échantillons.",
                en: "Project name, objective, constraints, client and reference, with the site extent and sectors derived from the samples."),
            category: .header, nature: .factual, estPages: 1, licence: .research, needs: [.project]),
        BlockDefinition(
            key: .glossary,
            name: Localized(fr: "Glossaire", en: "Glossary"),
            description: Localized(
                fr: "Les termes et symboles employés dans ce rapport\u{00A0}: δ, ‰, 2σ, ε, Rayleigh, FAIH…",
                en: "The terms and symbols used in this report: δ, ‰, 2σ, ε, Rayleigh, FAIH…"),
            category: .header, nature: .none, estPages: 1, licence: .research, needs: []),

        // MARK: samples
        BlockDefinition(
            key: .sampleInventory,
            name: Localized(fr: "Inventaire des échantillons", en: "Sample inventory"),
            description: Localized(
                fr: "Une ligne par échantillon\u{00A0}: nom, classification, matrice ou matériau, secteur, date et coordonnées.",
                en: "One row per sample: name, classification, matrix or material, sector, date and coordinates."),
            category: .samples, nature: .factual, estPages: 3, licence: .research, needs: [.samples]),
        BlockDefinition(
            key: .sampleMap,
            name: Localized(fr: "Carte des échantillons", en: "Sample map"),
            description: Localized(
                fr: "Position des échantillons sur un fond MBTiles hors ligne, ou dans un cadre avec graticule et barre d’échelle, suivie des captures de carte.",
                en: "Sample positions over an offline MBTiles basemap, or in a frame with graticule and scale bar, followed by any map snapshots."),
            category: .samples, nature: .factual, estPages: 1, licence: .research, needs: [.samplesWithCoordinates]),
        BlockDefinition(
            key: .isotopeSignatures,
            name: Localized(fr: "Signatures isotopiques", en: "Isotope signatures"),
            description: Localized(
                fr: "Par système isotopique et par échantillon\u{00A0}: rapport ± 2SE, δ ± 2SD, standard et instrument.",
                en: "For each isotope system and sample: ratio ± 2SE, δ ± 2SD, standard and instrument."),
            category: .samples, nature: .factual, estPages: 2, licence: .research, needs: [.isotopeData]),
        BlockDefinition(
            key: .deltaDeltaPlot,
            name: Localized(fr: "Diagramme δ–δ", en: "δ–δ plot"),
            description: Localized(
                fr: "Nuage de points des deux systèmes les plus mesurés, barres d’erreur à 2σ, sources et filles distinguées, écarts de matrice signalés.",
                en: "Scatter plot of the two most measured systems with 2σ error bars, sources and daughters told apart, matrix mismatches flagged."),
            category: .samples, nature: .analytical, estPages: 1, licence: .research, needs: [.twoIsotopeSystems]),
        BlockDefinition(
            key: .descriptiveStatistics,
            name: Localized(fr: "Statistiques descriptives", en: "Descriptive statistics"),
            description: Localized(
                fr: "Effectif, moyenne, écart-type, médiane, minimum et maximum par système isotopique et par classification.",
                en: "n, mean, standard deviation, median, minimum and maximum per isotope system and classification."),
            category: .samples, nature: .analytical, estPages: 1, licence: .research, needs: [.isotopeData]),

        // MARK: methods
        BlockDefinition(
            key: .analyticalMethods,
            name: Localized(fr: "Méthodes analytiques", en: "Analytical methods"),
            description: Localized(
                fr: "Instruments, standards de référence, sessions et méthodes à l’origine des données.",
                en: "The instruments, reference standards, sessions and methods behind the data."),
            category: .methods, nature: .factual, estPages: 1, licence: .research, needs: [.isotopeData]),
        BlockDefinition(
            key: .qualityControl,
            name: Localized(fr: "Contrôle qualité", en: "Quality control"),
            description: Localized(
                fr: "Distribution des incertitudes, valeurs aberrantes signalées et standards utilisés.",
                en: "Distribution of uncertainties, flagged outliers and the standards used."),
            category: .methods, nature: .analytical, estPages: 2, licence: .researchPlus, expert: true,
            needs: [.isotopeData]),

        // MARK: molecules
        BlockDefinition(
            key: .pollutantInventory,
            name: Localized(fr: "Inventaire des polluants", en: "Pollutant inventory"),
            description: Localized(
                fr: "Molécules et ions dissous mesurés dans chaque échantillon.",
                en: "Dissolved molecules and ions measured in each sample."),
            category: .molecules, nature: .factual, estPages: 2, licence: .research, needs: [.molecules]),
        BlockDefinition(
            key: .regulatoryCompliance,
            name: Localized(fr: "Conformité réglementaire", en: "Regulatory compliance"),
            description: Localized(
                fr: "Valeurs mesurées confrontées aux seuils réglementaires, lignes non conformes mises en évidence.",
                en: "Measured values against regulatory thresholds, with non-compliant rows highlighted."),
            category: .molecules, nature: .analytical, estPages: 2, licence: .researchPlus,
            needs: [.moleculesWithThresholds]),

        // MARK: geochem
        BlockDefinition(
            key: .elementalData,
            name: Localized(fr: "Données élémentaires", en: "Elemental data"),
            description: Localized(
                fr: "Concentrations avec unité, incertitude, méthode, limite de détection (LD) et de quantification (LQ).",
                en: "Concentrations with unit, uncertainty, method, limit of detection (LOD) and of quantification (LOQ)."),
            category: .geochem, nature: .factual, estPages: 2, licence: .research, needs: [.geochem]),
        BlockDefinition(
            key: .physicochemistry,
            name: Localized(fr: "Paramètres physico-chimiques", en: "Physicochemical parameters"),
            description: Localized(
                fr: "pH, Eh, température, conductivité, oxygène dissous et autres paramètres de terrain.",
                en: "pH, Eh, temperature, conductivity, dissolved oxygen and other field parameters."),
            category: .geochem, nature: .factual, estPages: 1, licence: .research, needs: [.physico]),
        BlockDefinition(
            key: .verticalProfiles,
            name: Localized(fr: "Profils verticaux", en: "Vertical profiles"),
            description: Localized(
                fr: "Chaque paramètre en fonction de la profondeur, un petit graphique par paramètre.",
                en: "Each parameter against depth, one small plot per parameter."),
            category: .geochem, nature: .analytical, estPages: 2, licence: .researchPlus, needs: [.depthData]),
        BlockDefinition(
            key: .crossSections,
            name: Localized(fr: "Coupes", en: "Cross-sections"),
            description: Localized(
                fr: "Les images de coupe fournies dans snapshots.section, avec leurs légendes.",
                en: "The section images supplied in snapshots.section, with their captions."),
            category: .geochem, nature: .factual, estPages: 2, licence: .researchPlus, needs: [.sectionSnapshots]),

        // MARK: results
        BlockDefinition(
            key: .scoringMatches,
            name: Localized(fr: "Appariement des signatures", en: "Signature matching"),
            description: Localized(
                fr: "Correspondances classées avec score et classe (complète, partielle, incompatible), compatibilité rapport par rapport et diagramme en barres.",
                en: "Ranked matches with score and class (full, partial, incompatible), per-ratio compatibility and a bar chart."),
            category: .results, nature: .interpreted, estPages: 2, licence: .researchPlus, needs: [.scoringResult]),
        BlockDefinition(
            key: .matrixRelevance,
            name: Localized(fr: "Pertinence des matrices", en: "Matrix relevance"),
            description: Localized(
                fr: "Chaque paire de matrices que le rapport compare, avec le verdict de pertinence issu des règles de matrices.",
                en: "Every pair of matrices the report compares, with the relevance verdict of the matrix rules."),
            category: .results, nature: .honest, estPages: 1, licence: .research, needs: [.samples]),

        // MARK: nexus
        BlockDefinition(
            key: .autoContext,
            name: Localized(fr: "Contexte géochimique", en: "Geochemical context"),
            description: Localized(
                fr: "Conditions, répartition de la spéciation, espèces dominantes, niveau de confiance et origine de l’estimation (ML ou thermodynamique).",
                en: "Conditions, speciation shares, dominant species, confidence and source of the estimate (ML or thermodynamic)."),
            category: .nexus, nature: .analytical, estPages: 1, licence: .researchPlus, needs: [.autoContextResult]),
        BlockDefinition(
            key: .nexusProcesses,
            name: Localized(fr: "Processus Nexus", en: "Nexus processes"),
            description: Localized(
                fr: "Les processus du résultat Nexus\u{00A0}: nom, catégorie, ε ± u, modèle, fraction et référence.",
                en: "The processes of the Nexus result: name, category, ε ± u, model, fraction and reference."),
            category: .nexus, nature: .analytical, estPages: 1, licence: .researchPlus, needs: [.nexusResult]),
        BlockDefinition(
            key: .nexusChain,
            name: Localized(fr: "Chaîne Nexus", en: "Nexus chain"),
            description: Localized(
                fr: "La chaîne en schéma\u{00A0}: signature initiale, chaque processus, signature prédite ± u, puis verdict du bilan de masse.",
                en: "The chain as a diagram: initial signature, each process, predicted signature ± u, then the mass-balance verdict."),
            category: .nexus, nature: .interpreted, estPages: 1, licence: .researchPlus, expert: true,
            needs: [.nexusResult]),

        // MARK: interpretation
        BlockDefinition(
            key: .interpretation,
            name: Localized(fr: "Interprétation", en: "Interpretation"),
            description: Localized(
                fr: "Synthèse prudente des correspondances, de Nexus et du contexte, chaque affirmation citant sa source.",
                en: "A cautious synthesis of matches, Nexus and context, each statement citing its source."),
            category: .interpretation, nature: .interpreted, estPages: 2, licence: .researchPlus, expert: true,
            needs: [.anyResult]),

        // MARK: simulation
        BlockDefinition(
            key: .simCSIA,
            name: Localized(fr: "Simulation CSIA (Rayleigh)", en: "CSIA simulation (Rayleigh)"),
            description: Localized(
                fr: "Modèle de Rayleigh\u{00A0}: δ en fonction de la fraction restante f, avec ε, δ₀, demi-vie et métabolites.",
                en: "Rayleigh model: δ against the remaining fraction f, with ε, δ₀, half-life and metabolites."),
            category: .simulation, nature: .analytical, estPages: 2, licence: .pro, expert: true,
            needs: [.simulationResult]),
        BlockDefinition(
            key: .simRedox,
            name: Localized(fr: "Simulation redox", en: "Redox simulation"),
            description: Localized(
                fr: "Spéciation redox en fonction de pe ou de Eh, avec la frontière redox et la fraction réduite.",
                en: "Redox speciation against pe or Eh, with the redox boundary and the reduced fraction."),
            category: .simulation, nature: .analytical, estPages: 1, licence: .pro, expert: true,
            needs: [.simulationResult]),
        BlockDefinition(
            key: .simPlume,
            name: Localized(fr: "Simulation de panache", en: "Plume simulation"),
            description: Localized(
                fr: "Instantanés du panache et chiffres clés de la simulation\u{00A0}: extension, concentration maximale, durée.",
                en: "Plume snapshots and the key figures of the simulation: extent, maximum concentration, duration."),
            category: .simulation, nature: .factual, estPages: 2, licence: .pro, needs: [.simulationResult]),
        BlockDefinition(
            key: .scenarioComparison,
            name: Localized(fr: "Comparaison de scénarios", en: "Scenario comparison"),
            description: Localized(
                fr: "Jusqu’à 10 scénarios côte à côte, les paramètres qui diffèrent du premier étant mis en évidence.",
                en: "Up to 10 scenarios side by side, with the parameters that differ from the first highlighted."),
            category: .simulation, nature: .analytical, estPages: 2, licence: .pro, needs: [.scenarios]),

        // MARK: closing
        BlockDefinition(
            key: .limitations,
            name: Localized(fr: "Limites", en: "Limitations"),
            description: Localized(
                fr: "Ce que ce rapport ne peut pas établir\u{00A0}: données manquantes, alertes, problèmes de pertinence des matrices, blocs experts en mode concis, et ce qu’une signature ne prouve pas.",
                en: "What this report cannot show: missing data, warnings, matrix relevance problems, expert blocks in concise mode, and what a signature does not prove."),
            category: .closing, nature: .honest, estPages: 1, licence: .research, needs: []),
        BlockDefinition(
            key: .dataProvenance,
            name: Localized(fr: "Provenance des données", en: "Data provenance"),
            description: Localized(
                fr: "Chaque source de données utilisée\u{00A0}: base, identifiants de session, nombre d’instantanés, empreintes des entrées, date de génération et version du logiciel.",
                en: "Every data source used: database, session IDs, snapshot count, input digests, generation time and software version."),
            category: .closing, nature: .factual, estPages: 1, licence: .research, needs: []),
        BlockDefinition(
            key: .certification,
            name: Localized(fr: "Certification", en: "Certification"),
            description: Localized(
                fr: "Signataire, empreinte du certificat, identifiant du rapport, date de signature et procédure de vérification\u{202F}; un aperçu indique qu’il n’est pas signé.",
                en: "Signer, certificate fingerprint, report ID, signing time and how to verify; a preview states that it is not signed."),
            category: .closing, nature: .honest, estPages: 1, licence: .research, needs: []),
        BlockDefinition(
            key: .annexRawData,
            name: Localized(fr: "Annexe\u{00A0}: données brutes", en: "Annex: raw data"),
            description: Localized(
                fr: "Toutes les mesures utilisées, sans mise en forme, pour une réanalyse.",
                en: "Every measurement used, unformatted, for re-analysis."),
            category: .closing, nature: .factual, estPages: 3, licence: .research, expert: true, needs: [.samples]),
    ]
}
