// The matrix configuration a new installation starts with.

extension MatrixConfiguration {
    /// Six groups (aqueous, solid, ore and mineral, biota, gas, industrial product) and the
    /// rules a geochemist would apply first. A rule is read in both directions, so
    /// "solid → aqueous" also answers "aqueous → solid".
    public static let `default` = MatrixConfiguration(
        groups: [
            MatrixGroup(
                id: "aqueous", name: "Aqueous", color: "#1F77B4",
                matrices: ["water", "groundwater", "surface water", "river water", "lake water", "seawater",
                           "rainwater", "spring water", "drinking water", "porewater", "wastewater", "leachate",
                           "brine", "mine water"],
                note: "Dissolved phase. Record filtration (0.45 µm), acidification and storage with each sample: they decide whether colloids and particles are in the measured signature."),
            MatrixGroup(
                id: "solid", name: "Solid", color: "#8C564B",
                matrices: ["soil", "sediment", "suspended sediment", "rock", "sludge", "dust", "peat"],
                note: "Bulk solids. State whether the signature is that of the bulk sample, a leachate or a size fraction: they can differ markedly (e.g. ⁸⁷Sr/⁸⁶Sr of the exchangeable pool versus silicate residue)."),
            MatrixGroup(
                id: "ore_mineral", name: "Ore and mineral", color: "#9467BD",
                matrices: ["ore", "mineral", "concentrate", "tailings", "galena", "sphalerite", "pyrite", "calcite"],
                note: "Primary geological sources. Pb, Sr and Nd ratios of ores are inherited by their products without measurable fractionation; S, Zn and Cu isotopes can fractionate during roasting and weathering."),
            MatrixGroup(
                id: "biota", name: "Biota", color: "#2CA02C",
                matrices: ["biota", "plant", "leaf", "moss", "lichen", "tree ring", "tissue", "blood", "urine",
                           "hair", "bone", "tooth", "shell", "fish"],
                note: "Living and once-living material. Light-element signatures (C, N, S) shift with diet and trophic level; radiogenic ratios (Sr, Pb) reflect the bioavailable source."),
            MatrixGroup(
                id: "gas", name: "Gas", color: "#7F7F7F",
                matrices: ["gas", "air", "soil gas", "natural gas", "biogas", "landfill gas"],
                note: "Gas phase. Signatures depend on phase partitioning and on kinetic effects during sampling and degassing."),
            MatrixGroup(
                id: "industrial_product", name: "Industrial product", color: "#FF7F0E",
                matrices: ["industrial product", "fertilizer", "fuel", "gasoline", "diesel", "crude oil", "solvent",
                           "paint", "pesticide", "slag", "fly ash", "cement", "alloy"],
                note: "Manufactured products and process residues: candidate anthropogenic sources. Record batch and supplier where known."),
        ],
        rules: [
            MatrixRule(
                fromGroup: "solid", toGroup: "aqueous", relevant: true,
                note: "Leaching and water–rock interaction pass the solid's signature to the water. Radiogenic ratios (Sr, Pb) transfer unchanged; stable isotopes (C, S, metals) may fractionate during dissolution, sorption or precipitation."),
            MatrixRule(
                fromGroup: "ore_mineral", toGroup: "solid", relevant: true,
                note: "Weathering, mining and smelter fallout carry ore signatures into soils and sediments, where they mix with the geogenic background: use a mixing model rather than a one-to-one match."),
            MatrixRule(
                fromGroup: "ore_mineral", toGroup: "aqueous", relevant: true,
                note: "Mine drainage and dissolution of ore minerals: dissolved metals inherit the ore's Pb and Sr ratios; δ³⁴S of sulphate can shift during sulphide oxidation."),
            MatrixRule(
                fromGroup: "ore_mineral", toGroup: "industrial_product", relevant: true,
                note: "Concentrates, metals and alloys inherit the Pb isotope composition of their ore: a classic provenance pair."),
            MatrixRule(
                fromGroup: "aqueous", toGroup: "biota", relevant: true,
                note: "Uptake from water: Sr and Pb ratios pass unchanged, while C, N and S are offset by metabolic and trophic fractionation that must be corrected before comparison."),
            MatrixRule(
                fromGroup: "solid", toGroup: "biota", relevant: true,
                note: "Uptake from soil: plants record the bioavailable fraction, not the bulk soil; compare with an exchangeable or leachable fraction."),
            MatrixRule(
                fromGroup: "industrial_product", toGroup: "aqueous", relevant: true,
                note: "Spills and discharges: a dissolved contaminant keeps its source signature unless it degrades; check for Rayleigh enrichment (CSIA) before attributing."),
            MatrixRule(
                fromGroup: "industrial_product", toGroup: "solid", relevant: true,
                note: "Spills, fertilizer application and fallout: the product's signature is diluted in the geogenic background of the soil or sediment; use a mixing model."),
            MatrixRule(
                fromGroup: "gas", toGroup: "aqueous", relevant: true,
                note: "Comparable only after correcting for gas–water equilibrium fractionation, which depends on temperature (e.g. CO₂(g)–DIC for δ¹³C)."),
            MatrixRule(
                fromGroup: "gas", toGroup: "solid", relevant: false,
                note: "Not comparable directly: phase partitioning and kinetic effects during degassing or sorption decouple gas-phase and solid signatures."),
        ])
}
