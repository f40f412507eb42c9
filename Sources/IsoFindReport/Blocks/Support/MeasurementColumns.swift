import IsoFindDomain

/// The column titles that the measurement tables share (elemental data, physico-chemistry,
/// vertical profiles).
enum MeasurementColumns {
    static let sample = Localized(fr: "Échantillon", en: "Sample")
    static let value = Localized(fr: "Valeur ± incertitude", en: "Value ± uncertainty")
    static let method = Localized(fr: "Méthode", en: "Method")
    static let depth = Localized(fr: "Profondeur (m)", en: "Depth (m)")
}
