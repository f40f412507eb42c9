import Foundation
import IsoFindDomain
import IsoFindJSON
import IsoFindReport
import IsoFindStore

/// The `data` a custom block's code sees: one JSON value per section, built and serialised once
/// per generation from what the pipeline gathered, then cut to the sections each block's
/// `api_calls` names (least privilege; nil names all). A report with several custom blocks
/// writes its samples' JSON once, not once per block.
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

    /// The sections `names` names (nil: every section) of one generation, each serialised once
    /// (`JSONValue.serialized`), so that several custom blocks share the bytes.
    static func serialized(_ names: Set<String>?, plan: GenerationPlan, context: ReportContext) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for name in sections where names?.contains(name) ?? true {
            out[name] = .serialized(section(name, plan: plan, context: context))
        }
        return out
    }

    /// The sections a report's custom blocks may see between them: nil when one of them sees all.
    static func union(of blocks: [CustomBlock]) -> Set<String>? {
        var names: Set<String> = []
        for block in blocks {
            guard let sections = block.dataSections else { return nil }
            names.formUnion(sections)
        }
        return names
    }

    /// The sections `block` may see.
    static func visible(to block: CustomBlock, from all: [String: JSONValue]) -> [String: JSONValue] {
        guard let names = block.dataSections else { return all }
        return all.filter { names.contains($0.key) }
    }

    /// One section's JSON.
    static func section(_ name: String, plan: GenerationPlan, context: ReportContext) -> [UInt8] {
        let dicts = plan.requestData
        let value: JSONValue
        switch name {
        case "samples":
            return samples(context.samples)
        case "project":
            value = dicts["project_data"] ?? dicts["project"].map { name in ["name": name] } ?? .null
        case "nexus":
            value = dicts["nexus_result"].flatMap { $0.isNull ? nil : $0 }
                ?? plan.sessionResult.flatMap { try? JSONParser.parse(Array($0.utf8)) } ?? .null
        case "scoring": value = dicts["scoring_result"] ?? .null
        case "auto_context": value = dicts["auto_context_result"] ?? .null
        case "simulation": value = dicts["simulation_result"] ?? .null
        case "scenarios": value = dicts["scenarios"] ?? .null
        case "report":
            value = [
                "title": .string(context.title),
                "language": .string(context.language.rawValue),
                "mode": .string(context.mode.rawValue),
                "generated_at": .string(Timestamp.string(Date(timeIntervalSince1970: Double(context.generatedAt)))),
                "blocks": JSONValue(strings: plan.blocks.map(\.key.rawValue)),
            ]
        default:
            value = .null
        }
        return JSONWriter.bytes(value)
    }

    /// The samples with their records, under the samples database's column names, written
    /// straight to bytes: a report's samples are most of `data`, often thousands of values.
    /// A missing value is null; so is an infinite or NaN one (`JSONWriter` writes them so).
    static func samples(_ samples: [Sample]) -> [UInt8] {
        var json = JSONStream(reservingCapacity: 1024 + samples.count * 4096)
        json.array(samples) { json, sample in
            json.object { json in
                json.field("id", sample.id)
                json.field("name", sample.name)
                json.field("classification", sample.classificationRaw)
                json.field("role", sample.classification.rawValue)
                json.field("material_type", sample.materialType)
                json.field("matrix", sample.matrix)
                json.field("sector", sample.sector)
                json.field("project", sample.project)
                json.field("latitude", sample.latitude)
                json.field("longitude", sample.longitude)
                json.field("altitude_m", sample.altitudeM)
                json.field("collection_date", sample.collectionDate)
                json.field("collector", sample.collector)
                json.field("description", sample.description)
                json.array("isotopes", sample.isotopes) { json, row in
                    json.object { json in
                        json.field("id", row.id)
                        json.field("element", row.element)
                        json.field("system", row.system)
                        json.field("ratio", row.ratio)
                        json.field("ratio_2se", row.ratio2SE)
                        json.field("delta_notation", row.deltaNotation)
                        json.field("delta_value", row.deltaValue)
                        json.field("delta_2sd", row.delta2SD)
                        json.field("standard", row.standard)
                        json.field("instrument", row.instrument)
                        json.field("session_date", row.sessionDate)
                        json.field("depth_m", row.depthM)
                        json.field("notes", row.notes)
                    }
                }
                json.array("geochem", sample.geochem) { json, row in
                    json.object { json in
                        json.field("id", row.id)
                        json.field("element", row.element)
                        json.field("value", row.displayValue)
                        json.field("unit", row.displayUnit)
                        json.field("value_normalized", row.valueNormalized)
                        json.field("uncertainty", row.displayUncertainty)
                        json.field("method", row.method)
                        json.field("lod", row.lod)
                        json.field("loq", row.loq)
                        json.field("depth_m", row.depthM)
                    }
                }
                json.array("physico", sample.physico) { json, row in
                    json.object { json in
                        json.field("id", row.id)
                        json.field("parameter", row.parameter)
                        json.field("value", row.value)
                        json.field("uncertainty", row.uncertainty)
                        json.field("method", row.method)
                        json.field("measured_at", row.measuredAt)
                        json.field("depth_m", row.depthM)
                    }
                }
                json.array("molecules", sample.molecules) { json, row in
                    json.object { json in
                        json.field("id", row.id)
                        json.field("nom", row.nom)
                        json.field("cas", row.cas)
                        json.field("famille", row.famille)
                        json.field("valeur", row.valeur)
                        json.field("unite", row.unite)
                        json.field("valeur_ug_l", row.valeurUgL)
                        json.field("incertitude", row.incertitude)
                        json.field("lod", row.lod)
                        json.field("loq", row.loq)
                        json.field("detecte", row.detecte)
                        json.field("methode", row.methode)
                        json.field("laboratoire", row.laboratoire)
                        json.field("date_analyse", row.dateAnalyse)
                        json.field("matrice", row.matrice)
                        json.field("conforme", row.conforme)
                        json.field("seuil_ref", row.seuilRef)
                        json.field("seuil_ref_unit", row.seuilRefUnit)
                        json.field("depth_m", row.depthM)
                    }
                }
            }
        }
        return json.bytes
    }
}
