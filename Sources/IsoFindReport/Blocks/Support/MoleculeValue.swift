import IsoFindDomain
import IsoFindFormat

/// How the molecule blocks (pollutant_inventory, regulatory_compliance) print a result.
enum MoleculeValue {
    static let notDetected = Localized(fr: "non détecté (<\u{00A0}LD\u{00A0}%@)", en: "not detected (<\u{00A0}LOD\u{00A0}%@)")
    static let notDetectedNoLOD = Localized(fr: "non détecté (LD non renseignée)", en: "not detected (LOD not provided)")
}

extension BlockContext {
    /// A molecule result: its value ± uncertainty with its unit, else "not detected" with its
    /// limit of detection, else "not provided".
    func moleculeValue(_ m: MoleculeMeasurement) -> String {
        let unit = m.unite ?? ""
        if let value = m.valeur { return MeasurementFormat.quantity(value, m.incertitude, unit: unit, format) }
        if m.detecte != true, let lod = m.lod {
            let limit = NumberFormat.automatic(lod, format) + (unit.isEmpty ? "" : Typography.noBreakSpace + unit)
            return text(MoleculeValue.notDetected, limit)
        }
        if m.detecte == false { return MoleculeValue.notDetectedNoLOD[language] }
        return Strings.notProvided[language]
    }
}
