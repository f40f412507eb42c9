import IsoFindDomain

/// The documented physico-chemical parameters (`sample_physicochemistry.parameter`), with their
/// localized names and units, in table order.
enum PhysicoParameters {
    static let all: [(key: String, label: Localized)] = [
        ("pH", Localized(fr: "pH", en: "pH")),
        ("Eh_mV", Localized(fr: "Eh (mV)", en: "Eh (mV)")),
        ("temperature_c", Localized(fr: "Température (°C)", en: "Temperature (°C)")),
        ("conductivity", Localized(fr: "Conductivité (µS/cm)", en: "Conductivity (µS/cm)")),
        ("dissolved_oxygen", Localized(fr: "Oxygène dissous (mg/L)", en: "Dissolved oxygen (mg/L)")),
    ]

    /// A parameter's localized name, or the parameter as stored when it is not documented.
    static func label(_ parameter: String, _ language: Language) -> String {
        all.first { $0.key == parameter }?.label[language] ?? parameter
    }
}
