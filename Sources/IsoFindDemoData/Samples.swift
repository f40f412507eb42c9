// The 53 demo samples. Names follow the field convention TYPE-STATION[-HORIZON]-YEAR-MONTH
// (ores carry no campaign). Order matters only for the sample ids (1, 2, 3… in this order).

extension Site {
    static func samples() -> [SampleSpec] {
        var all: [SampleSpec] = []
        all += valleyWaters()
        all += valleySediments()
        all += ores()
        all += smelterSolids()
        all += plumeGroundwater()
        return all
    }

    // MARK: - Vallée du Gardon: surface water and alluvial groundwater

    static func valleyWaters() -> [SampleSpec] {
        var out: [SampleSpec] = []
        let sw = "surface water"

        func stream(_ name: String, _ cls: String, _ sector: String, _ lat: Double, _ lon: Double, _ alt: Double,
                    _ date: String, _ collector: String, _ description: String,
                    level: Double, september: Bool, sr: Double, c13: Double?, s34: Double, zn: Double?,
                    physico: [String: Double], no3: Double, cl: Double) -> SampleSpec {
            let chem = Site.stream(level: level, upstreamScale: september ? 1.3 : 1, drainageScale: september ? 1.2 : 1)
            var s = SampleSpec(name: name, classification: cls, materialType: sw, matrix: "water", sector: sector,
                               project: valley, latitude: lat, longitude: lon, altitude: alt, date: date,
                               collector: collector, description: description)
            s.isotopes = [iso(.sr87, sr)] + pb(oreFraction: chem.pbOre)
            if let c13 { s.isotopes.append(iso(.c13DIC, c13)) }
            s.isotopes.append(iso(.s34, s34))
            if let zn { s.isotopes.append(iso(.zn66, zn)) }
            s.chem = [ChemLayer(depth: nil, conc: chem.conc)]
            s.physico = [PhysicoLayer(depth: nil, values: physico)]
            let so4 = 18 * (september ? 1.3 : 1) * (1 - level) + (september ? 2900 : 2450) * level
            s.molecules = valleyMolecules(chem.conc, no3: no3, so4: so4, cl: cl)
            s.laboratory = valleyLab
            return s
        }

        out.append(stream("SW-S01-2026-04", "source", upstream, 44.1320, 3.9410, 428, "2026-04-14", "C. Marcelin",
                          "Valat Nègre en amont de toute activité minière — pôle géogénique de référence (bassin sur micaschistes cévenols).",
                          level: 0, september: false, sr: 0.71520, c13: -11.8, s34: 5.8, zn: 0.30,
                          physico: physico(7.35, 310, 9.8, 120, 10.8), no3: 3.2, cl: 6.5))
        var dm1 = SampleSpec(name: "SW-DM1-2026-04", classification: "source", materialType: "acid mine drainage",
                             matrix: "water", sector: mine, project: valley, latitude: 44.1185, longitude: 3.9605,
                             altitude: 372, date: "2026-04-14", collector: "C. Marcelin",
                             description: "Exutoire de la galerie d'exhaure du Pradal — drainage minier acide, dépôts ocre d'oxyhydroxydes de Fe(III) sur 150 m.")
        dm1.isotopes = [iso(.sr87, 0.71085)] + pb(oreFraction: 1) + [iso(.s34, 2.9), iso(.zn66, 0.20)]
        dm1.chem = [ChemLayer(depth: nil, conc: drainage(scale: 1))]
        dm1.physico = [PhysicoLayer(depth: nil, values: physico(3.4, 560, 13.2, 3650, 4.1))]
        dm1.molecules = valleyMolecules(drainage(scale: 1), no3: 0.8, so4: 2450, cl: 12)
        dm1.laboratory = valleyLab
        out.append(dm1)

        out.append(stream("SW-S02-2026-04", "fille", mine, 44.1150, 3.9660, 356, "2026-04-14", "C. Marcelin",
                          "Valat Nègre 300 m en aval de la galerie, après la confluence du drainage minier ; précipités ocre sur le lit.",
                          level: 0.08, september: false, sr: 0.71290, c13: -10.6, s34: 3.3, zn: -0.17,
                          physico: physico(5.9, 420, 10.5, 340, 10.1), no3: 3.5, cl: 7.0))
        out.append(stream("SW-S03-2026-04", "fille", foundry, 44.1025, 3.9800, 318, "2026-04-15", "J. Roux",
                          "Valat Nègre au pied du crassier de la fonderie du Mas Rouge (lixiviats de scories).",
                          level: 0.06, september: false, sr: 0.71300, c13: -10.2, s34: 3.5, zn: -0.10,
                          physico: physico(6.6, 380, 11.0, 290, 10.3), no3: 4.1, cl: 8.2))
        out.append(stream("SW-S04-2026-04", "fille", village, 44.0890, 3.9930, 262, "2026-04-15", "J. Roux",
                          "Valat Nègre à la traversée du village de Saint-Julien-des-Mines (pont de la RD 906).",
                          level: 0.035, september: false, sr: 0.71325, c13: -9.8, s34: 3.9, zn: -0.05,
                          physico: physico(7.2, 330, 11.6, 220, 10.4), no3: 6.8, cl: 11.5))
        out.append(stream("SW-S05-2026-04", "fille", confluence, 44.0720, 4.0105, 186, "2026-04-16", "J. Roux",
                          "Valat Nègre 50 m avant sa confluence avec le Gardon.",
                          level: 0.02, september: false, sr: 0.71360, c13: -9.9, s34: 4.4, zn: 0.02,
                          physico: physico(7.6, 300, 12.1, 190, 10.5), no3: 7.4, cl: 12.8))
        out.append(stream("SW-S01-2026-09", "source", upstream, 44.1320, 3.9410, 428, "2026-09-08", "C. Marcelin",
                          "Station amont de référence, campagne d'étiage.",
                          level: 0, september: true, sr: 0.71528, c13: -10.9, s34: 6.0, zn: 0.31,
                          physico: physico(7.6, 290, 17.5, 165, 9.1), no3: 2.8, cl: 7.4))
        var dm1s = SampleSpec(name: "SW-DM1-2026-09", classification: "source", materialType: "acid mine drainage",
                              matrix: "water", sector: mine, project: valley, latitude: 44.1185, longitude: 3.9605,
                              altitude: 372, date: "2026-09-08", collector: "C. Marcelin",
                              description: "Exutoire de la galerie du Pradal, campagne d'étiage (débit 0,8 L/s).")
        dm1s.isotopes = [iso(.sr87, 0.71081)] + pb(oreFraction: 1) + [iso(.s34, 2.7), iso(.zn66, 0.19)]
        dm1s.chem = [ChemLayer(depth: nil, conc: drainage(scale: 1.2))]
        dm1s.physico = [PhysicoLayer(depth: nil, values: physico(3.2, 590, 13.9, 4400, 3.2))]
        dm1s.molecules = valleyMolecules(drainage(scale: 1.2), no3: nil, so4: 2900, cl: 13)
        dm1s.laboratory = valleyLab
        out.append(dm1s)
        out.append(stream("SW-S04-2026-09", "fille", village, 44.0890, 3.9930, 262, "2026-09-09", "J. Roux",
                          "Traversée du village, campagne d'étiage : part du drainage minier plus forte.",
                          level: 0.06, september: true, sr: 0.71290, c13: -9.1, s34: 3.6, zn: -0.08,
                          physico: physico(7.4, 300, 19.8, 380, 8.6), no3: 8.9, cl: 14.2))

        // Alluvial groundwater (piezometers P10–P13).
        func piezometer(_ name: String, _ sector: String, _ lat: Double, _ lon: Double, _ alt: Double, depth: Double,
                        _ description: String, level: Double, fe: Double, mn: Double, sr: Double, c13: Double,
                        s34: Double, zn: Double?, pbOverride: [IsoNominal]? = nil,
                        physico phys: [PhysicoLayer], no3: Double, so4: Double, cl: Double) -> SampleSpec {
            let chem = alluvial(level: level, fe: fe, mn: mn)
            var s = SampleSpec(name: name, classification: "fille", materialType: "groundwater", matrix: "water",
                               sector: sector, project: valley, latitude: lat, longitude: lon, altitude: alt,
                               date: "2026-04-16", collector: "J. Roux", description: description)
            s.depth = depth
            s.isotopes = [iso(.sr87, sr)] + (pbOverride ?? pb(oreFraction: chem.pbOre)) + [iso(.c13DIC, c13), iso(.s34, s34)]
            if let zn { s.isotopes.append(iso(.zn66, zn)) }
            s.chem = [ChemLayer(depth: depth, conc: chem.conc)]
            s.physico = phys
            s.molecules = valleyMolecules(chem.conc, no3: no3, so4: so4, cl: cl)
            s.laboratory = valleyLab
            return s
        }

        out.append(piezometer("GW-P10-2026-04", village, 44.0955, 3.9885, 281, depth: 6.5,
                              "Piézomètre P10 — nappe alluviale du Valat Nègre, crépine 5–8 m, à 80 m du cours d'eau.",
                              level: 0.025, fe: 350, mn: 180, sr: 0.71310, c13: -14.1, s34: 4.2, zn: 0.10,
                              physico: [PhysicoLayer(depth: 6.5, values: physico(6.9, 180, 13.4, 520, 3.2))],
                              no3: 22, so4: 135, cl: 19))
        out.append(piezometer("GW-P11-2026-04", village, 44.0870, 3.9960, 255, depth: 8.0,
                              "Piézomètre P11 — nappe alluviale ; profil vertical multiparamètre de 3 à 13 m.",
                              level: 0.018, fe: 420, mn: 210, sr: 0.71330, c13: -13.6, s34: 4.6, zn: 0.12,
                              physico: profile(depths: [3, 5, 7, 9, 11, 13],
                                               top: physico(6.8, 260, 13.1, 480, 6.1),
                                               bottom: physico(7.2, 40, 13.7, 610, 0.8)),
                              no3: 31, so4: 118, cl: 24))
        out.append(piezometer("GW-P12-2026-04", farms, 44.0805, 4.0010, 232, depth: 7.0,
                              "Piézomètre P12 — nappe alluviale sous parcelles maraîchères fertilisées.",
                              level: 0.008, fe: 160, mn: 60, sr: 0.71090, c13: -13.2, s34: 5.4, zn: nil,
                              pbOverride: pb(18.80, 2.0668),
                              physico: [PhysicoLayer(depth: 7.0, values: physico(7.1, 210, 13.8, 640, 4.6))],
                              no3: 54, so4: 96, cl: 32))
        out.append(piezometer("GW-P13-2026-04", confluence, 44.0735, 4.0080, 195, depth: 9.0,
                              "Piézomètre P13 — nappe alluviale près de la confluence, crépine 7–11 m.",
                              level: 0.012, fe: 520, mn: 240, sr: 0.71350, c13: -13.4, s34: 4.8, zn: nil,
                              physico: [PhysicoLayer(depth: 9.0, values: physico(7.2, 150, 14.0, 580, 2.1))],
                              no3: 38, so4: 102, cl: 27))
        return out
    }

    // MARK: - Vallée du Gardon: stream sediments and a sediment core

    static func valleySediments() -> [SampleSpec] {
        func sediment(_ name: String, _ cls: String, _ sector: String, _ lat: Double, _ lon: Double, _ alt: Double,
                      _ description: String, level: Double, sr: Double, zn: Double) -> SampleSpec {
            let chem = solid(backgroundSediment, mineWaste, level: level)
            var s = SampleSpec(name: name, classification: cls, materialType: "stream sediment", matrix: "sediment",
                               sector: sector, project: valley, latitude: lat, longitude: lon, altitude: alt,
                               date: "2026-05-05", collector: "L. Fabre", description: description)
            s.isotopes = [iso(.sr87, sr)] + pb(oreFraction: chem.pbOre) + [iso(.zn66, zn)]
            s.chem = [ChemLayer(depth: nil, conc: chem.conc)]
            return s
        }
        var out = [
            sediment("SED-S01-2026-05", "source", upstream, 44.1322, 3.9413, 428,
                     "Sédiment fin (< 2 mm) du Valat Nègre amont — fond géochimique des micaschistes.",
                     level: 0, sr: 0.71580, zn: 0.28),
            sediment("SED-S02-2026-05", "fille", mine, 44.1151, 3.9662, 356,
                     "Sédiment fin enrobé d'oxyhydroxydes de Fe(III) à l'aval immédiat du drainage minier.",
                     level: 0.55, sr: 0.71210, zn: 0.48),
            sediment("SED-S03-2026-05", "fille", foundry, 44.1026, 3.9802, 318,
                     "Sédiment fin au pied du crassier ; fragments de scories visibles à la loupe.",
                     level: 0.45, sr: 0.71180, zn: 0.41),
            sediment("SED-S04-2026-05", "fille", village, 44.0891, 3.9932, 262,
                     "Sédiment fin à la traversée du village.",
                     level: 0.25, sr: 0.71270, zn: 0.33),
            sediment("SED-S05-2026-05", "fille", confluence, 44.0722, 4.0103, 186,
                     "Sédiment fin avant la confluence avec le Gardon.",
                     level: 0.12, sr: 0.71330, zn: 0.30),
        ]
        // A 55 cm core in the mill-weir pond: the contamination peak at 25 cm matches the smelter's
        // last decades of activity (1950s); the base predates mining.
        let layers: [(Double, Double)] = [(0.05, 0.22), (0.15, 0.35), (0.25, 0.60), (0.35, 0.40), (0.50, 0.03)]
        var core = SampleSpec(name: "SED-C01-2026-05", classification: "fille", materialType: "sediment core",
                               matrix: "sediment", sector: confluence, project: valley, latitude: 44.0760,
                               longitude: 4.0060, altitude: 190, date: "2026-05-06", collector: "L. Fabre",
                               description: "Carotte sédimentaire (0–55 cm) dans la retenue du seuil du moulin — archive des apports miniers et de la fonderie ; pic de contamination vers 25 cm.")
        core.depth = 0.05
        core.chem = layers.map { ChemLayer(depth: $0.0, conc: solid(backgroundSediment, mineWaste, level: $0.1).conc) }
        core.isotopes = [iso(.sr87, 0.71310, note: "Niveau 0–10 cm, attaque totale HF–HNO3")]
            + pb(oreFraction: solid(backgroundSediment, mineWaste, level: 0.22).pbOre, note: "Niveau 0–10 cm")
            + [iso(.zn66, 0.31, note: "Niveau 0–10 cm, double spike 64Zn–67Zn")]
        out.append(core)
        return out
    }

    // MARK: - Ores and mine wastes

    static func ores() -> [SampleSpec] {
        func ore(_ name: String, _ material: String, _ lat: Double, _ lon: Double, _ alt: Double,
                 _ description: String, chem: [String: Double], isotopes: [IsoNominal]) -> SampleSpec {
            var s = SampleSpec(name: name, classification: "source", materialType: material, matrix: "ore",
                               sector: mine, project: valley, latitude: lat, longitude: lon, altitude: alt,
                               date: "2026-02-19", collector: "M. Teissier", description: description)
            s.chem = [ChemLayer(depth: nil, conc: chem)]
            s.isotopes = isotopes
            return s
        }
        return [
            ore("ORE-GAL-01", "galena", 44.1190, 3.9590, 378,
                "Galène massive à grain grossier, halde de la galerie principale du Pradal ; gangue de calcite et barytine.",
                chem: galena, isotopes: pb(oreFraction: 1) + [iso(.s34, 1.0), iso(.sr87, 0.71120)]),
            ore("ORE-SPH-02", "sphalerite", 44.1186, 3.9598, 375,
                "Sphalérite brune (blende) en amas dans la dolomie triasique, niveau −40 m (échantillon de collection du musée minier).",
                chem: sphalerite, isotopes: pb(oreFraction: 1) + [iso(.s34, 3.2), iso(.zn66, 0.16), iso(.sr87, 0.71090)]),
            ore("ORE-PYR-03", "pyrite", 44.1179, 3.9612, 370,
                "Pyrite–marcasite arsenifère en rognons, principale source d'acidité et d'arsenic du drainage minier.",
                chem: arsenianPyrite, isotopes: pb(oreFraction: 1) + [iso(.s34, 4.1)]),
            ore("ORE-GAL-04", "galena", 44.1230, 3.9660, 402,
                "Galène du filon de la Croix (travaux anciens), échantillon de référence du district.",
                chem: galena,
                isotopes: pb(18.409, 2.0931, historical: true,
                             note: "Donnée historique (rapport BRGM, 1986) — incertitude non publiée")
                    + [iso(.s34, 0.6)]),
            ore("ORE-TLG-05", "mine tailings", 44.1172, 3.9631, 366,
                "Stériles fins de la laverie (sables de flottation), dépôt non couvert de 12 000 m³.",
                chem: tailings, isotopes: pb(oreFraction: 0.99) + [iso(.s34, 3.0), iso(.zn66, 0.18), iso(.sr87, 0.71040)]),
        ]
    }

    // MARK: - Fonderie du Mas Rouge: slag, soils, fertilizers

    static func smelterSolids() -> [SampleSpec] {
        var out: [SampleSpec] = []
        func sample(_ name: String, _ cls: String, _ material: String, _ matrix: String, _ sector: String,
                    _ lat: Double, _ lon: Double, _ alt: Double, _ date: String, _ description: String) -> SampleSpec {
            SampleSpec(name: name, classification: cls, materialType: material, matrix: matrix, sector: sector,
                       project: smelter, latitude: lat, longitude: lon, altitude: alt, date: date,
                       collector: "A. Benhamou", description: description)
        }

        var slag1 = sample("SLG-C01-2026-03", "source", "Pb-Zn smelter slag", "slag", foundry, 44.1042, 3.9765, 305,
                           "2026-03-10", "Scorie vitreuse noire du crassier de la fonderie du Mas Rouge (activité 1890–1962).")
        slag1.chem = [ChemLayer(depth: nil, conc: slag)]
        slag1.isotopes = pb(oreFraction: 1) + [iso(.sr87, 0.70960), iso(.zn66, 0.62), iso(.s34, 4.5)]
        out.append(slag1)
        var slag2 = sample("SLG-C02-2026-03", "source", "Pb-Zn smelter slag", "slag", foundry, 44.1047, 3.9772, 307,
                           "2026-03-10", "Scorie scoriacée rouille, partie sommitale du crassier.")
        slag2.chem = [ChemLayer(depth: nil, conc: slag.mapValues { $0 * 0.85 })]
        slag2.isotopes = pb(oreFraction: 0.99) + [iso(.sr87, 0.70990), iso(.zn66, 0.71), iso(.s34, 4.8)]
        out.append(slag2)

        func soil(_ name: String, _ material: String, _ lat: Double, _ lon: Double, _ alt: Double, depth: Double,
                  _ description: String, level: Double, sr: Double, zn: Double?) -> SampleSpec {
            let chem = solid(backgroundSoil, smelterFallout, level: level)
            var s = sample(name, "fille", material, "soil", foundry, lat, lon, alt, "2026-03-10", description)
            s.depth = depth
            s.chem = [ChemLayer(depth: depth, conc: chem.conc)]
            s.isotopes = [iso(.sr87, sr)] + pb(oreFraction: chem.pbOre)
            if let zn { s.isotopes.append(iso(.zn66, zn)) }
            return s
        }
        out.append(soil("SOL-F01-2026-03", "topsoil", 44.1050, 3.9790, 308, depth: 0.1,
                        "Sol de surface (0–20 cm) à 200 m au SE de l'ancienne cheminée, sous les vents dominants.",
                        level: 0.45, sr: 0.71260, zn: -0.12))
        out.append(soil("SOL-F02-2026-03", "topsoil", 44.1031, 3.9822, 301, depth: 0.1,
                        "Sol de prairie (0–20 cm) à 450 m au SE de la cheminée.",
                        level: 0.30, sr: 0.71300, zn: -0.07))
        out.append(soil("SOL-F03-H1-2026-03", "soil horizon", 44.1068, 3.9741, 312, depth: 0.05,
                        "Fosse pédologique F03 — horizon A (0–10 cm), riche en matière organique.",
                        level: 0.50, sr: 0.71280, zn: -0.08))
        out.append(soil("SOL-F03-H2-2026-03", "soil horizon", 44.1068, 3.9741, 312, depth: 0.25,
                        "Fosse pédologique F03 — horizon Bw (20–30 cm).",
                        level: 0.03, sr: 0.71410, zn: 0.10))
        out.append(soil("SOL-F03-H3-2026-03", "soil horizon", 44.1068, 3.9741, 312, depth: 0.60,
                        "Fosse pédologique F03 — horizon C (50–70 cm), altérite de micaschiste.",
                        level: 0.002, sr: 0.71540, zn: 0.26))
        out.append(soil("SOL-F04-2026-03", "topsoil", 44.0998, 3.9851, 292, depth: 0.1,
                        "Sol de surface (0–20 cm) à 800 m au SE, friche arborée.",
                        level: 0.15, sr: 0.71350, zn: -0.03))
        out.append(soil("SOL-F05-2026-03", "topsoil", 44.1110, 3.9890, 330, depth: 0.1,
                        "Sol de surface (0–20 cm) à 1,3 km au NE, au vent de la fonderie.",
                        level: 0.05, sr: 0.71450, zn: 0.12))
        out.append(soil("SOL-F06-2026-03", "topsoil", 44.0935, 3.9902, 279, depth: 0.1,
                        "Sol de surface (0–20 cm) à 1,8 km au SE, lisière de châtaigneraie.",
                        level: 0.08, sr: 0.71410, zn: 0.05))
        out.append(soil("SOL-F07-2026-03", "topsoil", 44.0885, 3.9975, 268, depth: 0.1,
                        "Jardin potager (0–20 cm) à 2,5 km au SE, à l'entrée du village.",
                        level: 0.03, sr: 0.71390, zn: 0.15))

        func background(_ name: String, _ lat: Double, _ lon: Double, _ alt: Double, level: Double, sr: Double,
                        zn: Double, _ description: String) -> SampleSpec {
            let chem = solid(backgroundSoil, smelterFallout, level: level)
            var s = sample(name, "source", "topsoil", "soil", upstream, lat, lon, alt, "2026-03-11", description)
            s.depth = 0.1
            s.chem = [ChemLayer(depth: 0.1, conc: chem.conc)]
            s.isotopes = [iso(.sr87, sr)] + pb(oreFraction: chem.pbOre) + [iso(.zn66, zn)]
            return s
        }
        out.append(background("SOL-REF-01-2026-03", 44.1270, 3.9480, 452, level: 0, sr: 0.71550, zn: 0.28,
                              "Sol brun forestier sur micaschistes, hors influence de la fonderie — fond géochimique local."))
        out.append(background("SOL-REF-02-2026-03", 44.1355, 3.9560, 471, level: 0.001, sr: 0.71510, zn: 0.27,
                              "Sol brun acide sous châtaigneraie, crête nord — fond géochimique local."))

        func farmSoil(_ name: String, _ lat: Double, _ lon: Double, _ alt: Double, sr: Double, pb206: Double,
                      pb208: Double, zn: Double, _ description: String) -> SampleSpec {
            var conc = solid(backgroundSoil, smelterFallout, level: 0.01).conc
            conc["Cd"] = conc["Cd"]! * 2.6   // phosphate fertilizers carry Cd
            conc["Zn"] = conc["Zn"]! + 25
            var s = sample(name, "fille", "agricultural soil", "soil", farms, lat, lon, alt, "2026-03-12", description)
            s.depth = 0.15
            s.chem = [ChemLayer(depth: 0.15, conc: conc)]
            s.isotopes = [iso(.sr87, sr)] + pb(pb206, pb208) + [iso(.zn66, zn)]
            return s
        }
        out.append(farmSoil("SOL-AG1-2026-03", 44.0790, 4.0040, 214, sr: 0.71210, pb206: 18.79, pb208: 2.0700, zn: 0.22,
                            "Parcelle maraîchère (0–30 cm), fertilisation phosphatée régulière depuis 1970."))
        out.append(farmSoil("SOL-AG2-2026-03", 44.0828, 3.9985, 221, sr: 0.71240, pb206: 18.76, pb208: 2.0712, zn: 0.20,
                            "Verger (0–30 cm), amendements calco-magnésiens et engrais NPK."))

        var npkSample = sample("FERT-NPK-01", "source", "NPK 15-15-15 mineral fertilizer", "fertilizer", farms,
                               44.0812, 4.0021, 219, "2026-03-24",
                               "Engrais minéral NPK 15-15-15 prélevé au stock de l'exploitation (lot 2025-11).")
        npkSample.chem = [ChemLayer(depth: nil, conc: npk)]
        npkSample.isotopes = [iso(.sr87, 0.70810)] + pb(18.92, 2.0560) + [iso(.s34, 5.6)]
        out.append(npkSample)
        var tsp = sample("FERT-TSP-02", "source", "triple superphosphate", "fertilizer", farms,
                         44.0812, 4.0021, 219, "2026-03-24",
                         "Superphosphate triple (46 % P2O5) d'origine sédimentaire marine, même exploitation.")
        tsp.chem = [ChemLayer(depth: nil, conc: superphosphate)]
        tsp.isotopes = [iso(.sr87, 0.70792)] + pb(19.38, 2.0190) + [iso(.s34, 11.2)]
        out.append(tsp)
        return out
    }

    // MARK: - ZI de la Gare: chlorinated-solvent plume in the limestone aquifer

    static func plumeGroundwater() -> [SampleSpec] {
        struct Well {
            let name: String, cls: String, sector: String, lat: Double, lon: Double, alt: Double, depth: Double
            let date: String, collector: String, description: String
            let reduction: Double, tce: Double?, s34: Double, sr: Double?
            let physico: [PhysicoLayer]
            let molecules: [MoleculeNominal]
        }
        func p(_ pH: Double, _ eh: Double, _ t: Double, _ cond: Double, _ o2: Double, depth: Double) -> [PhysicoLayer] {
            [PhysicoLayer(depth: depth, values: physico(pH, eh, t, cond, o2))]
        }
        let april = "2026-04-21", october = "2025-10-15"
        let wells: [Well] = [
            Well(name: "GW-P09-2026-04", cls: "source", sector: plumeUpgradient, lat: 44.0635, lon: 3.9505, alt: 205, depth: 9.0,
                 date: april, collector: "S. Okafor",
                 description: "Piézomètre P09 en amont hydraulique du site — eau de référence du karst jurassique, non impactée.",
                 reduction: 0, tce: nil, s34: 6.8, sr: 0.70830,
                 physico: p(7.25, 220, 14.6, 610, 5.8, depth: 9.0),
                 molecules: plumeMolecules(tce: nil, pce: nil, dce: nil, vc: nil, no3: 16, so4: 105, cl: 38, nh4: nil, pfos: 0.004, pfoa: 0.003)),
            Well(name: "GW-P01-2026-04", cls: "source", sector: plumeSource, lat: 44.0610, lon: 3.9540, alt: 203, depth: 9.0,
                 date: april, collector: "S. Okafor",
                 description: "Zone source — piézomètre au droit de l'ancien atelier de dégraissage (fosse de TCE, 1965–1992).",
                 reduction: 0.3, tce: -27.6, s34: 7.2, sr: 0.70845,
                 physico: p(7.05, 60, 15.1, 690, 1.2, depth: 9.0),
                 molecules: plumeMolecules(tce: 8500, pce: 620, dce: 380, vc: nil, no3: 6.5, so4: 95, cl: 52, nh4: 0.06, pfos: 0.048, pfoa: 0.021)),
            Well(name: "GW-P02-2026-04", cls: "source", sector: plumeSource, lat: 44.0605, lon: 3.9548, alt: 202, depth: 10.5,
                 date: april, collector: "S. Okafor",
                 description: "Zone source — piézomètre à 10 m en aval de la fosse, crépine 8–13 m.",
                 reduction: 0.35, tce: -27.1, s34: 7.5, sr: 0.70848,
                 physico: p(7.0, 20, 15.0, 700, 0.9, depth: 10.5),
                 molecules: plumeMolecules(tce: 4200, pce: 310, dce: 450, vc: 3.1, no3: 5.8, so4: 92, cl: 50, nh4: 0.08, pfos: 0.12, pfoa: 0.05)),
            Well(name: "GW-P03-2026-04", cls: "daughter", sector: plumeDown, lat: 44.0592, lon: 3.9575, alt: 201, depth: 9.5,
                 date: april, collector: "S. Okafor",
                 description: "Panache — piézomètre à 60 m en aval de la zone source.",
                 reduction: 0.55, tce: -25.4, s34: 9.1, sr: 0.70852,
                 physico: p(6.95, -40, 14.9, 720, 0.6, depth: 9.5),
                 molecules: plumeMolecules(tce: 1150, pce: 45, dce: 920, vc: 12, no3: 2.1, so4: 81, cl: 49, nh4: 0.14, pfos: 0.21, pfoa: 0.09)),
            Well(name: "GW-P04-2026-04", cls: "daughter", sector: plumeDown, lat: 44.0578, lon: 3.9603, alt: 200, depth: 9.5,
                 date: april, collector: "S. Okafor",
                 description: "Panache — piézomètre à 120 m en aval, au centre du panache.",
                 reduction: 0.75, tce: -23.9, s34: 11.8, sr: 0.70856,
                 physico: p(6.9, -95, 14.8, 735, 0.4, depth: 9.5),
                 molecules: plumeMolecules(tce: 420, pce: 9.0, dce: 760, vc: 36, no3: 0.9, so4: 66, cl: 47, nh4: 0.22, pfos: 0.16, pfoa: 0.07)),
            Well(name: "GW-P05-2026-04", cls: "daughter", sector: plumeDown, lat: 44.0563, lon: 3.9632, alt: 199, depth: 10.0,
                 date: april, collector: "S. Okafor",
                 description: "Panache — piézomètre multiniveaux à 190 m en aval ; profil vertical de 6 à 16 m.",
                 reduction: 0.85, tce: -22.2, s34: 13.9, sr: 0.70861,
                 physico: profile(depths: [6, 8, 10, 12, 14, 16],
                                  top: physico(7.05, 40, 14.8, 640, 1.4),
                                  bottom: physico(6.9, -190, 14.9, 760, 0.1)),
                 molecules: plumeMolecules(tce: 96, pce: 2.1, dce: 310, vc: 41, no3: nil, so4: 55, cl: 46, nh4: 0.31, pfos: 0.09, pfoa: 0.06)),
            Well(name: "GW-P06-2026-04", cls: "daughter", sector: plumeDown, lat: 44.0548, lon: 3.9660, alt: 198, depth: 10.0,
                 date: april, collector: "S. Okafor",
                 description: "Panache — piézomètre à 260 m en aval ; conditions sulfato-réductrices (odeur d'H2S).",
                 reduction: 0.95, tce: -19.8, s34: 16.1, sr: 0.70866,
                 physico: p(6.95, -140, 14.7, 745, 0.2, depth: 10.0),
                 molecules: plumeMolecules(tce: 38, pce: 0.6, dce: 240, vc: 28, no3: nil, so4: 42, cl: 45, nh4: 0.38, pfos: 0.06, pfoa: 0.04)),
            Well(name: "GW-P07-2026-04", cls: "daughter", sector: plumeDown, lat: 44.0530, lon: 3.9695, alt: 197, depth: 11.0,
                 date: april, collector: "S. Okafor",
                 description: "Front du panache — piézomètre à 350 m en aval, près du captage agricole.",
                 reduction: 0.85, tce: -18.6, s34: 15.2, sr: 0.70872,
                 physico: p(7.0, -110, 14.6, 730, 0.3, depth: 11.0),
                 molecules: plumeMolecules(tce: 4.1, pce: nil, dce: 85, vc: 15, no3: 0.7, so4: 36, cl: 44, nh4: 0.27, pfos: 0.02, pfoa: 0.015)),
            Well(name: "GW-P08-2026-04", cls: "daughter", sector: plumeDown, lat: 44.0600, lon: 3.9595, alt: 201, depth: 9.0,
                 date: april, collector: "S. Okafor",
                 description: "Bordure latérale du panache — piézomètre à 70 m au nord de l'axe ; aire d'entraînement incendie voisine (PFAS).",
                 reduction: 0.4, tce: -26.9, s34: 7.9, sr: nil,
                 physico: p(7.1, 30, 14.9, 705, 1.5, depth: 9.0),
                 molecules: plumeMolecules(tce: 2300, pce: 180, dce: 95, vc: 0.4, no3: 4.5, so4: 88, cl: 51, nh4: 0.05, pfos: 0.31, pfoa: 0.12)),
            Well(name: "GW-P01-2025-10", cls: "source", sector: plumeSource, lat: 44.0610, lon: 3.9540, alt: 203, depth: 9.0,
                 date: october, collector: "J. Roux",
                 description: "Zone source, campagne de basses eaux d'octobre 2025.",
                 reduction: 0.25, tce: -27.8, s34: 7.0, sr: nil,
                 physico: p(7.0, 75, 15.6, 705, 1.4, depth: 9.0),
                 molecules: plumeMolecules(tce: 9800, pce: 700, dce: 340, vc: nil, no3: 7.2, so4: 98, cl: 55, nh4: 0.05, pfos: 0.052, pfoa: 0.02)),
            Well(name: "GW-P03-2025-10", cls: "daughter", sector: plumeDown, lat: 44.0592, lon: 3.9575, alt: 201, depth: 9.5,
                 date: october, collector: "J. Roux",
                 description: "Panache à 60 m en aval, campagne d'octobre 2025.",
                 reduction: 0.5, tce: -25.9, s34: 8.6, sr: 0.70851,
                 physico: p(6.9, -30, 15.3, 725, 0.7, depth: 9.5),
                 molecules: plumeMolecules(tce: 1400, pce: 60, dce: 850, vc: 9, no3: 2.6, so4: 84, cl: 50, nh4: 0.12, pfos: 0.19, pfoa: 0.08)),
            Well(name: "GW-P06-2025-10", cls: "daughter", sector: plumeDown, lat: 44.0548, lon: 3.9660, alt: 198, depth: 10.0,
                 date: october, collector: "J. Roux",
                 description: "Panache à 260 m en aval, campagne d'octobre 2025.",
                 reduction: 0.9, tce: -21.0, s34: 15.3, sr: 0.70864,
                 physico: p(6.95, -125, 15.1, 750, 0.2, depth: 10.0),
                 molecules: plumeMolecules(tce: 55, pce: 1.0, dce: 260, vc: 22, no3: nil, so4: 47, cl: 46, nh4: 0.33, pfos: 0.07, pfoa: 0.04)),
        ]
        return wells.map { w in
            var s = SampleSpec(name: w.name, classification: w.cls, materialType: "groundwater", matrix: "water",
                               sector: w.sector, project: plume, latitude: w.lat, longitude: w.lon, altitude: w.alt,
                               date: w.date, collector: w.collector, description: w.description)
            s.depth = w.depth
            if let tce = w.tce { s.isotopes.append(iso(.c13TCE, tce)) }
            s.isotopes.append(iso(.s34, w.s34))
            if let sr = w.sr { s.isotopes.append(iso(.sr87, sr)) }
            s.chem = [ChemLayer(depth: w.depth, conc: limestone(reduction: w.reduction))]
            s.physico = w.physico
            s.molecules = w.molecules
            s.laboratory = plumeLab
            return s
        }
    }
}
