import IsoFindDomain

/// `ReportGenerateRequest` (the seed page's sixteen fields plus `is_preview`). The request dicts
/// are free-form objects whose known keys `domain.md` lists; unknown keys inside them are ignored
/// (only the top level refuses unknown fields).
enum GenerationSchema {
    static func dict(_ description: String) -> Schema { .nullable(.anyObject(description: description)) }

    static let request = ObjectSchema("ReportGenerateRequest", [
        Field("template_id", .nullable(.integer(minimum: 1)), "ID of an existing template; wins over `blocks`."),
        Field("blocks", .nullable(.array(.string(StringRules(pattern: (BlockKey.pattern, { BlockKey.isWellFormed($0) }))),
                                         ArrayRules(minItems: 1, maxItems: 80))), "Ad hoc list of block keys (when no template_id)."),
        Field("title", .string(StringRules(minLength: 1, maxLength: 300)), default: "IsoFind Report", "Report title."),
        Field("sample_ids", .nullable(.array(.integer(minimum: 1), ArrayRules(maxItems: 10_000))), "Samples to include."),
        Field("project", .nullable(.string(StringRules(maxLength: 300))), "Project name (selects its samples)."),
        Field("project_data", dict("{name, objective, constraints, client, reference}; wins over `project`.")),
        Field("nexus_session_id", .nullable(.integer(minimum: 1)), "Loads that Nexus session's result."),
        Field("nexus_result", dict("A Nexus result given directly (alternative to nexus_session_id).")),
        Field("auto_context_result", dict("Automatic geochemical context result.")),
        Field("scoring_result", dict("Matching or scoring result.")),
        Field("licence_data", dict("Licence holder, tier, number, expiry: printed only, never unlocks anything.")),
        Field("language", .string(StringRules(oneOf: Language.allCases.map(\.rawValue))), default: "fr", "Report language."),
        Field("is_preview", .boolean, default: false, "Preview mode (forced by /preview)."),
        Field("mbtiles_path", .nullable(.string(StringRules(maxLength: 1000))), "An .mbtiles file inside the configured tiles folder."),
        Field("snapshots", dict("{map: [img], section: [img]}: base64 PNG or JPEG (data: URI allowed) or {image, caption}.")),
        Field("simulation_result", dict("CSIA or redox simulation result; required by sim_* blocks.")),
        Field("scenarios", .nullable(.array(.anyObject(description: "{id, label, ts, meta}"), ArrayRules(maxItems: 10))),
              "Saved scenarios for scenario_comparison (at most 10)."),
    ])
}
