import Foundation
import IsoFindDomain
import IsoFindJSON
import IsoFindReport
import IsoFindStore

/// The `data` a custom block's code sees (python-blocks.md, "What the block's code sees"): one
/// JSON object per section, built once per generation from what the pipeline gathered, then cut
/// to the sections each block's `api_calls` names (least privilege; nil names all).
///
/// - `samples`: the selected samples with their isotope, geochem, physico and molecule records,
///   under the samples database's column names;
/// - `project`, `nexus`, `scoring`, `auto_context`, `simulation`, `scenarios`: the request's
///   dicts as the client sent them (`project_data`, else `{"name": project}`; `nexus_result`,
///   else the Nexus session's stored result), or null;
/// - `report`: `title`, `language`, `mode`, `generated_at` (ISO 8601, UTC), `blocks` (keys).
public enum CustomBlockData {
    /// Every section, in the contract's order.
    public static let sections = ["samples", "project", "nexus", "scoring", "auto_context", "simulation", "scenarios", "report"]

    /// Every section of one generation.
    static func all(plan: GenerationPlan, context: ReportContext) -> [String: JSONValue] {
        let dicts = plan.requestData
        var nexus = dicts["nexus_result"] ?? .null
        if nexus.isNull, let text = plan.sessionResult, let parsed = try? JSONParser.parse(Array(text.utf8)) {
            nexus = parsed
        }
        let project = dicts["project_data"] ?? dicts["project"].map { name in ["name": name] } ?? .null
        return [
            "samples": .array(context.samples.map(sample)),
            "project": project,
            "nexus": nexus,
            "scoring": dicts["scoring_result"] ?? .null,
            "auto_context": dicts["auto_context_result"] ?? .null,
            "simulation": dicts["simulation_result"] ?? .null,
            "scenarios": dicts["scenarios"] ?? .null,
            "report": [
                "title": .string(context.title),
                "language": .string(context.language.rawValue),
                "mode": .string(context.mode.rawValue),
                "generated_at": .string(Timestamp.string(Date(timeIntervalSince1970: Double(context.generatedAt)))),
                "blocks": JSONValue(strings: plan.blocks.map(\.key.rawValue)),
            ],
        ]
    }

    /// The sections `block` may see.
    static func visible(to block: CustomBlock, from all: [String: JSONValue]) -> [String: JSONValue] {
        guard let names = block.dataSections else { return all }
        return all.filter { names.contains($0.key) }
    }

    static func sample(_ sample: Sample) -> JSONValue {
        .object([
            "id": .int(Int64(sample.id)), "name": .string(sample.name),
            "classification": text(sample.classificationRaw), "role": .string(sample.classification.rawValue),
            "material_type": text(sample.materialType), "matrix": text(sample.matrix), "sector": text(sample.sector),
            "project": text(sample.project), "latitude": number(sample.latitude), "longitude": number(sample.longitude),
            "altitude_m": number(sample.altitudeM), "collection_date": text(sample.collectionDate),
            "collector": text(sample.collector), "description": text(sample.description),
            "isotopes": .array(sample.isotopes.map { row in
                .object([
                    "id": .int(Int64(row.id)), "element": text(row.element), "system": text(row.system),
                    "ratio": number(row.ratio), "ratio_2se": number(row.ratio2SE), "delta_notation": text(row.deltaNotation),
                    "delta_value": number(row.deltaValue), "delta_2sd": number(row.delta2SD), "standard": text(row.standard),
                    "instrument": text(row.instrument), "session_date": text(row.sessionDate), "depth_m": number(row.depthM),
                    "notes": text(row.notes),
                ])
            }),
            "geochem": .array(sample.geochem.map { row in
                .object([
                    "id": .int(Int64(row.id)), "element": text(row.element), "value": number(row.displayValue),
                    "unit": text(row.displayUnit), "value_normalized": number(row.valueNormalized),
                    "uncertainty": number(row.displayUncertainty), "method": text(row.method), "lod": number(row.lod),
                    "loq": number(row.loq), "depth_m": number(row.depthM),
                ])
            }),
            "physico": .array(sample.physico.map { row in
                .object([
                    "id": .int(Int64(row.id)), "parameter": text(row.parameter), "value": number(row.value),
                    "uncertainty": number(row.uncertainty), "method": text(row.method), "measured_at": text(row.measuredAt),
                    "depth_m": number(row.depthM),
                ])
            }),
            "molecules": .array(sample.molecules.map { row in
                .object([
                    "id": .int(Int64(row.id)), "nom": text(row.nom), "cas": text(row.cas), "famille": text(row.famille),
                    "valeur": number(row.valeur), "unite": text(row.unite), "valeur_ug_l": number(row.valeurUgL),
                    "incertitude": number(row.incertitude), "lod": number(row.lod), "loq": number(row.loq),
                    "detecte": flag(row.detecte), "methode": text(row.methode), "laboratoire": text(row.laboratoire),
                    "date_analyse": text(row.dateAnalyse), "matrice": text(row.matrice), "conforme": flag(row.conforme),
                    "seuil_ref": number(row.seuilRef), "seuil_ref_unit": text(row.seuilRefUnit), "depth_m": number(row.depthM),
                ])
            }),
        ])
    }

    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func number(_ value: Double?) -> JSONValue { value.flatMap { $0.isFinite ? JSONValue.double($0) : nil } ?? .null }
    static func flag(_ value: Bool?) -> JSONValue { value.map(JSONValue.bool) ?? .null }
}
