import Foundation
import IsoFindDomain
import IsoFindStore

/// A generation request validated in the order of `api.md` and resolved into what the engine
/// needs: blocks, language, mode, the samples to read and the request's dicts.
struct GenerationPlan {
    var title: String
    var blocks: [String]
    var templateID: Int?
    var language: Language
    var mode: ReportMode
    var selection: SampleSelection
    var inputs: ReportInputs
    var nexusSessionID: Int?
    var warnings: [String]
    /// The request's `mbtiles_path` (validated), for the basemap of `sample_map`.
    var mbtilesPath: String? = nil

    /// Validates `fields` (already checked against `GenerationSchema.request`).
    static func make(_ fields: [String: JSONValue], body: [UInt8], module: ReportsModule) throws -> GenerationPlan {
        var warnings: [String] = []
        func has(_ key: String) -> Bool { fields[key].map { !$0.isNull } ?? false }

        // 1. A template or blocks.
        guard has("template_id") || has("blocks") else {
            throw APIError.validation([ValidationIssue(loc: [.key("body")], msg: "Either template_id or blocks is required.",
                                                       type: "missing")])
        }
        var blocks: [String]
        var mode = ReportMode.expert
        var templateLanguage: Language?
        var templateID: Int?
        if let id = fields["template_id"]?.intValue {
            if has("blocks") { warnings.append("Both template_id and blocks were given: the template's blocks were used and blocks was ignored.") }
            if let builtin = BuiltinTemplates.template(id: id) {
                blocks = builtin.blocks
                mode = builtin.mode
                templateLanguage = builtin.language
            } else if let stored = try module.store.userTemplate(id: id) {
                blocks = stored.blocks
                mode = stored.mode
                templateLanguage = stored.language
            } else {
                throw APIError.notFound("Template \(id) not found.")
            }
            templateID = id
        } else {
            blocks = fields["blocks"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }

        // 2. Every key known, and every key implemented by this version's engine.
        let resolver = try module.blockResolver()
        let unknown = blocks.enumerated().filter { !resolver.contains($0.element) }
        if !unknown.isEmpty {
            let loc: (Int) -> [LocComponent] = { templateID == nil ? [.key("body"), .key("blocks"), .index($0)] : [.key("body"), .key("template_id")] }
            throw APIError.validation(unknown.map { ValidationIssue(loc: loc($0.offset), msg: "unknown block key '\($0.element)'", type: "value_error") })
        }

        // 3. Simulation blocks need their result; blocks above the server's licence are refused.
        let simulation = blocks.filter { $0.hasPrefix("sim_") }
        if !simulation.isEmpty, !has("simulation_result") {
            throw APIError.validation([ValidationIssue(
                loc: [.key("body"), .key("simulation_result")],
                msg: "simulation_result is required by the block(s) \(simulation.joined(separator: ", "))", type: "missing")])
        }
        let licence = module.configuration.licence
        let locked = blocks.filter { key in (resolver.estimate(key)?.licence ?? .research) > licence }
        if !locked.isEmpty {
            let needed = locked.compactMap { resolver.estimate($0)?.licence }.max() ?? .pro
            throw APIError.refused(403, "The block(s) \(locked.joined(separator: ", ")) need the \(needed.rawValue) licence; this installation has the \(licence.rawValue) licence.")
        }

        // 4. The Nexus session and the samples must exist.
        let sessionID = fields["nexus_session_id"]?.intValue
        var sessionSample: Int?
        var sessionResult: NexusResult?
        if let sessionID {
            guard let session = try module.sessions.session(id: sessionID) else {
                throw APIError.notFound("Nexus session \(sessionID) not found.")
            }
            sessionSample = session.sampleID
            sessionResult = session.resultJSON.flatMap { try? JSONDecoder().decode(NexusResult.self, from: Data($0.utf8)) }
        }
        let sampleIDs = fields["sample_ids"]?.arrayValue?.compactMap(\.intValue)
        if let sampleIDs, !sampleIDs.isEmpty {
            let missing = try module.samples.missingIDs(sampleIDs)
            if !missing.isEmpty {
                throw APIError.validation(sampleIDs.enumerated().filter { missing.contains($0.element) }.map {
                    ValidationIssue(loc: [.key("body"), .key("sample_ids"), .index($0.offset)], msg: "sample \($0.element) does not exist",
                                    type: "value_error")
                })
            }
        }

        // 5. Language (schema), map tiles, snapshots and scenarios.
        var issues: [ValidationIssue] = []
        if let path = fields["mbtiles_path"]?.stringValue, let problem = module.tilesProblem(path) {
            issues.append(ValidationIssue(loc: [.key("body"), .key("mbtiles_path")], msg: problem, type: "value_error"))
        }
        var inputs = (try? JSONDecoder().decode(ReportInputs.self, from: Data(body))) ?? ReportInputs()
        issues += inputs.validationIssues().map { $0.prefixed(["body"]) }
        guard issues.isEmpty else { throw APIError.validation(issues) }
        if inputs.nexusResult == nil { inputs.nexusResult = sessionResult }

        // Which samples: ids, else the project's, else the Nexus session's sample, else all.
        let selection: SampleSelection
        if let sampleIDs, !sampleIDs.isEmpty {
            selection = .ids(sampleIDs)
        } else if let project = inputs.projectName {
            selection = .project(project)
        } else if let sessionSample {
            selection = .ids([sessionSample])
        } else {
            selection = .all
        }
        return GenerationPlan(
            title: fields["title"]?.stringValue ?? "IsoFind Report", blocks: blocks, templateID: templateID,
            // The request's language, else the template's, else French (the seed's default).
            language: fields["language"]?.stringValue.flatMap(Language.init(rawValue:)) ?? templateLanguage ?? .fr, mode: mode,
            selection: selection, inputs: inputs, nexusSessionID: sessionID, warnings: warnings,
            mbtilesPath: fields["mbtiles_path"]?.stringValue)
    }
}
