import IsoFindDomain
import IsoFindFormat

/// How the blocks read an isotope measurement: the system it belongs to and the value it carries.
extension IsotopeMeasurement {
    /// The isotope system the measurement belongs to: its system, else its δ notation.
    var systemKey: String? { system ?? deltaNotation }

    /// The value the measurement carries: its ratio (± 2SE), else its δ (± 2SD).
    var measuredValue: (value: Double, error: Double?, isDelta: Bool)? {
        if let ratio, ratio.isFinite { return (ratio, ratio2SE, false) }
        if let deltaValue, deltaValue.isFinite { return (deltaValue, delta2SD, true) }
        return nil
    }
}

/// A system's label from its measurements, for the geochemistry charts and tables: `⁸⁷Sr/⁸⁶Sr`
/// when any of them is a ratio, else the δ notation they give (`δ¹³C`), else `systemLabel`.
func measuredSystemLabel(_ system: String, measurements: [IsotopeMeasurement]) -> String {
    if measurements.contains(where: { $0.ratio != nil }) { return IsotopeNotation.unicode(system) }
    if let notation = measurements.lazy.compactMap(\.deltaNotation).first { return IsotopeNotation.unicode(notation) }
    return IsotopeNotation.deltaLabel(system: system) ?? IsotopeNotation.unicode(system)
}
