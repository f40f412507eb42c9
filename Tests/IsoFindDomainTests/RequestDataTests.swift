import Foundation
import IsoFindJSON
import Testing
@testable import IsoFindDomain

/// A request dict read from JSON text, as the API reads it from the parsed body.
private protocol LenientReadable { init(lenient c: LenientObject) }
extension ProjectData: LenientReadable {}
extension LicenceData: LenientReadable {}
extension NexusResult: LenientReadable {}
extension NexusInitial: LenientReadable {}
extension NexusProcess: LenientReadable {}
extension NexusPredicted: LenientReadable {}
extension NexusMatch: LenientReadable {}
extension AutoContextResult: LenientReadable {}
extension GeochemicalConditions: LenientReadable {}
extension ScoringResult: LenientReadable {}
extension ScoringMatch: LenientReadable {}
extension RatioComparison: LenientReadable {}
extension SimulationResult: LenientReadable {}
extension RedoxPoint: LenientReadable {}
extension RedoxProfile: LenientReadable {}
extension PlumeSummary: LenientReadable {}
extension Scenario: LenientReadable {}
extension ReportInputs: LenientReadable {
    init(lenient c: LenientObject) {
        var issues: [ValidationIssue] = []
        self.init(lenient: c, issues: &issues)
    }
}
extension Snapshots: LenientReadable {
    init(lenient c: LenientObject) {
        var issues: [ValidationIssue] = []
        self.init(lenient: c, errors: &issues)
    }
}

private func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

private func decode<T: LenientReadable>(_ type: T.Type, _ text: String) throws -> T {
    T(lenient: try #require(LenientObject(try json(text))))
}

private func decode<T: LenientReadable>(_ type: [T].Type, _ text: String) throws -> [T] {
    try #require(try json(text).arrayValue).compactMap { LenientObject($0).map(T.init(lenient:)) }
}

/// The dicts of a body and the problems that make it a 422.
private func read(_ text: String) throws -> (inputs: ReportInputs, issues: [ValidationIssue]) {
    var issues: [ValidationIssue] = []
    let inputs = ReportInputs(lenient: try #require(LenientObject(try json(text))), issues: &issues)
    return (inputs, issues)
}

private func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return result
}

/// A 1×1 RGBA PNG (68 bytes, generated with zlib; decodes with gdk-pixbuf).
private let tinyPNG = bytes(hex: "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    + "0000000b4944415478da636000020000050001e9fadcd8" + "0000000049454e44ae426082")

/// A 1×1 grey baseline JPEG (141 bytes, written by libjpeg with optimised Huffman tables; decodes
/// with libjpeg and gdk-pixbuf).
private let tinyJPEG = bytes(hex: "ffd8ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c"
    + "3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffc0000b080001000101011100"
    + "ffc40014000100000000000000000000000000000000ffc40014100100000000000000000000000000000000"
    + "ffda0008010100003f003fffd9")

/// A 1×1 GIF.
private let tinyGIF = bytes(hex: "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")

private func be32(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

private func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    let crc = DecodedImage.crc32(typeBytes + data)
    return be32(UInt32(data.count)) + typeBytes + data + be32(crc)
}

/// A PNG with the given IHDR size and the tiny PNG's image data.
private func png(width: UInt32, height: UInt32) -> [UInt8] {
    return DecodedImage.pngSignature
        + pngChunk("IHDR", be32(width) + be32(height) + [8, 6, 0, 0, 0])
        + pngChunk("IDAT", bytes(hex: "78da636000020000050001"))
        + pngChunk("IEND", [])
}

private func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

@Suite struct RequestDataTests {
    // MARK: Full examples

    @Test func fullProjectAndLicenceDecode() throws {
        let project = try decode(ProjectData.self, """
            {"name": "Site Aval", "objective": "Identify the lead source", "constraints": ["no drilling", "budget"],
             "client": "DREAL", "reference": "IF-2026-014"}
            """)
        #expect(project == ProjectData(name: "Site Aval", objective: "Identify the lead source",
                                       constraints: ["no drilling", "budget"], client: "DREAL", reference: "IF-2026-014"))
        let licence = try decode(LicenceData.self, """
            {"holder": "BRGM", "tier": "Research+", "number": "LIC-0042", "expires": "2027-01-31"}
            """)
        #expect(licence == LicenceData(holder: "BRGM", tier: "Research+", number: "LIC-0042", expires: "2027-01-31"))
        #expect(licence.licence == .researchPlus)
        #expect(LicenceData(tier: "gold").licence == nil)
    }

    @Test func fullNexusResultDecodes() throws {
        let nexus = try decode(NexusResult.self, """
            {"element": "C", "system": "δ13C",
             "initial": {"value": -27.5, "uncertainty": 0.3, "unit": "‰", "sample": "GW-P03"},
             "processes": [{"name": "Reductive dechlorination", "category": "biotic", "epsilon": -12.5,
                            "uncertainty": 1.1, "model": "rayleigh", "fraction": 0.4, "reference": "Hunkeler 2008"}],
             "predicted": {"value": -16.2, "uncertainty": 1.4},
             "mass_balance": {"verified": true, "residual": 0.02},
             "matches": [{"reference": "TCE Lot A", "score": 0.91, "class": "full", "distance": 0.8}]}
            """)
        #expect(nexus.element == "C")
        #expect(nexus.system == "δ13C")
        #expect(nexus.initial == NexusInitial(value: -27.5, uncertainty: 0.3, unit: "‰", sample: "GW-P03"))
        #expect(nexus.processes == [NexusProcess(name: "Reductive dechlorination", category: "biotic", epsilon: -12.5,
                                                 uncertainty: 1.1, model: "rayleigh", fraction: 0.4,
                                                 reference: "Hunkeler 2008")])
        #expect(nexus.predicted == NexusPredicted(value: -16.2, uncertainty: 1.4))
        #expect(nexus.massBalance == NexusMassBalance(verified: true, residual: 0.02))
        #expect(nexus.matches == [NexusMatch(reference: "TCE Lot A", score: 0.91, matchClass: .full, distance: 0.8)])
    }

    @Test func fullAutoContextDecodes() throws {
        let context = try decode(AutoContextResult.self, """
            {"element": "As", "source": "thermodynamic",
             "conditions": {"pH": 6.8, "Eh_mV": -120, "temperature_c": 12.5, "ionic_strength": 0.01},
             "species": [{"name": "H3AsO3", "fraction": 0.85}, {"name": "HAsO4--", "fraction": 0.15}],
             "dominant": "H3AsO3", "confidence": 0.9}
            """)
        #expect(context == AutoContextResult(
            element: "As", source: .thermodynamic,
            conditions: GeochemicalConditions(pH: 6.8, ehMV: -120, temperatureC: 12.5, ionicStrength: 0.01),
            species: [SpeciesFraction(name: "H3AsO3", fraction: 0.85), SpeciesFraction(name: "HAsO4--", fraction: 0.15)],
            dominant: "H3AsO3", confidence: 0.9))
        #expect(try decode(AutoContextResult.self, #"{"source": "ml_speciation"}"#).source == .mlSpeciation)
        #expect(try decode(AutoContextResult.self, #"{"source": "oracle"}"#).source == .unknown("oracle"))
    }

    @Test func fullScoringResultDecodes() throws {
        let scoring = try decode(ScoringResult.self, """
            {"algorithm": "z-score", "threshold": 2.0,
             "matches": [{"sample_id": 12, "sample_name": "GW-P03", "reference": "Galena Les Malines",
                          "reference_matrix": "ore", "score": 0.87, "class": "partial",
                          "ratios": [{"system": "206Pb/204Pb", "compatible": true, "z": 0.4},
                                     {"system": "87Sr/86Sr", "compatible": false, "z": 3.1}]}]}
            """)
        #expect(scoring == ScoringResult(algorithm: "z-score", threshold: 2, matches: [
            ScoringMatch(sampleID: 12, sampleName: "GW-P03", reference: "Galena Les Malines", referenceMatrix: "ore",
                         score: 0.87, matchClass: .partial, ratios: [
                            RatioComparison(system: "206Pb/204Pb", compatible: true, z: 0.4),
                            RatioComparison(system: "87Sr/86Sr", compatible: false, z: 3.1),
                         ]),
        ]))
    }

    @Test func fullSimulationResultDecodes() throws {
        let simulation = try decode(SimulationResult.self, """
            {"type": "csia", "compound": "TCE", "element": "C", "epsilon": -12.5, "delta0": -27.5,
             "half_life_days": 180, "points": [{"f": 1, "delta": -27.5}, {"f": 0.5, "delta": -18.9}],
             "metabolites": [{"name": "cis-DCE", "fraction": 0.6}],
             "redox": {"pH": 7, "boundary_pe": 2.5, "points": [{"pe": -4, "reduced_fraction": 0.99}]},
             "plume": {"max_extent_m": 350, "max_concentration": 1200, "unit": "µg/L", "duration_days": 3650}}
            """)
        #expect(simulation == SimulationResult(
            type: .csia, compound: "TCE", element: "C", epsilon: -12.5, delta0: -27.5, halfLifeDays: 180,
            points: [RayleighPoint(f: 1, delta: -27.5), RayleighPoint(f: 0.5, delta: -18.9)],
            metabolites: [SpeciesFraction(name: "cis-DCE", fraction: 0.6)],
            redox: RedoxProfile(pH: 7, boundaryPE: 2.5, points: [RedoxPoint(pe: -4, reducedFraction: 0.99)]),
            plume: PlumeSummary(maxExtentM: 350, maxConcentration: 1200, unit: "µg/L", durationDays: 3650)))
        #expect(try decode(SimulationResult.self, #"{"type": " Redox "}"#).type == .redox)
        #expect(try decode(SimulationResult.self, #"{"type": "kinetic"}"#).type == .unknown("kinetic"))
        #expect(SimulationType.unknown("kinetic").rawValue == "kinetic")
    }

    @Test func fullScenariosDecode() throws {
        let scenario = try decode(Scenario.self, """
            {"id": 3, "label": "High ε", "ts": "2026-04-20T10:00:00Z",
             "meta": {"epsilon": -15, "model": "rayleigh", "aerobic": false, "note": null, "grid": [1, 2], "o": {}}}
            """)
        #expect(scenario.id == "3")
        #expect(scenario.label == "High ε")
        #expect(scenario.ts == "2026-04-20T10:00:00Z")
        #expect(scenario.meta == ["epsilon": .number(-15), "model": .string("rayleigh"), "aerobic": .bool(false),
                                  "note": .null])
        #expect(try decode(Scenario.self, #"{"ts": 1714000000000}"#).ts == "1714000000000")
    }

    @Test func wholeRequestDecodesAndIgnoresOtherFields() throws {
        let inputs = try decode(ReportInputs.self, """
            {"template_id": 3, "blocks": ["cover_page"], "title": "T", "language": "en", "is_preview": false,
             "sample_ids": [1, 2], "mbtiles_path": "/tiles/a.mbtiles", "nexus_session_id": 7,
             "project": "Aval", "project_data": {"name": "Site Aval", "extra": {"deep": [1]}},
             "nexus_result": {"element": "Pb"}, "auto_context_result": {"element": "As"},
             "scoring_result": {"algorithm": "bayes"}, "licence_data": {"tier": "pro"},
             "simulation_result": {"type": "redox"}, "scenarios": [{"label": "A"}, {"label": "B"}],
             "snapshots": {"map": ["\(base64(tinyPNG))"], "section": [{"image": "\(base64(tinyJPEG))", "caption": "N–S"}]},
             "unknown_key": 42}
            """)
        #expect(inputs.project == "Aval")
        #expect(inputs.projectData == ProjectData(name: "Site Aval"))
        #expect(inputs.projectName == "Site Aval")
        #expect(inputs.nexusResult == NexusResult(element: "Pb"))
        #expect(inputs.autoContextResult == AutoContextResult(element: "As"))
        #expect(inputs.scoringResult == ScoringResult(algorithm: "bayes"))
        #expect(inputs.licenceData == LicenceData(tier: "pro"))
        #expect(inputs.simulationResult == SimulationResult(type: .redox))
        #expect(inputs.scenarios == [Scenario(label: "A"), Scenario(label: "B")])
        #expect(inputs.snapshots == Snapshots(
            map: [DecodedSnapshot(image: try DecodedImage(validating: tinyPNG))],
            section: [DecodedSnapshot(image: try DecodedImage(validating: tinyJPEG), caption: "N–S")]))
    }

    // MARK: Missing, null and wrong-typed values

    @Test func emptyObjectsDecodeToAllNil() throws {
        #expect(try decode(ReportInputs.self, "{}") == ReportInputs())
        #expect(try decode(ProjectData.self, "{}") == ProjectData())
        #expect(try decode(LicenceData.self, "{}") == LicenceData())
        #expect(try decode(NexusResult.self, "{}") == NexusResult())
        #expect(try decode(NexusInitial.self, "{}") == NexusInitial())
        #expect(try decode(NexusProcess.self, "{}") == NexusProcess())
        #expect(try decode(NexusMatch.self, "{}") == NexusMatch())
        #expect(try decode(AutoContextResult.self, "{}") == AutoContextResult())
        #expect(try decode(GeochemicalConditions.self, "{}") == GeochemicalConditions())
        #expect(try decode(ScoringResult.self, "{}") == ScoringResult())
        #expect(try decode(ScoringMatch.self, "{}") == ScoringMatch())
        #expect(try decode(RatioComparison.self, "{}") == RatioComparison())
        #expect(try decode(SimulationResult.self, "{}") == SimulationResult())
        #expect(try decode(RedoxProfile.self, "{}") == RedoxProfile())
        #expect(try decode(PlumeSummary.self, "{}") == PlumeSummary())
        #expect(try decode(Scenario.self, "{}") == Scenario())
        #expect(try decode(Snapshots.self, "{}") == Snapshots())
        // Present but empty is not the same as absent.
        let inputs = try decode(ReportInputs.self, #"{"project_data": {}, "scenarios": [], "snapshots": {"map": []}}"#)
        #expect(inputs.projectData == ProjectData())
        #expect(inputs.scenarios == [])
        #expect(inputs.snapshots == Snapshots(map: []))
        #expect(inputs.nexusResult == nil)
    }

    @Test func nullsDecodeToNil() throws {
        let inputs = try decode(ReportInputs.self, """
            {"project_data": null, "project": null, "nexus_result": {"element": null, "initial": null,
             "processes": null}, "scenarios": null, "snapshots": null}
            """)
        #expect(inputs == ReportInputs(nexusResult: NexusResult()))
    }

    @Test func wrongTypesBecomeNilWithoutFailingTheRest() throws {
        let inputs = try decode(ReportInputs.self, """
            {"project_data": "oops", "project": ["Aval"], "auto_context_result": [1, 2], "licence_data": 3,
             "scoring_result": {"algorithm": {"name": "x"}, "threshold": "high", "matches": "none"},
             "simulation_result": {"type": 4, "epsilon": [1], "points": {"f": 1}, "plume": "big",
                                   "half_life_days": true, "compound": "TCE"},
             "nexus_result": {"element": {}, "system": "δ13C", "initial": "abc",
                              "processes": [1, null, "x", {"name": "Sorption", "epsilon": "abc", "fraction": "0.4"}],
                              "mass_balance": {"verified": "maybe", "residual": "0.02"},
                              "matches": [{"class": 3, "score": "0,9", "reference": 17}]},
             "scenarios": [5, {"label": "A", "meta": [1]}], "snapshots": ["x"]}
            """)
        #expect(inputs.projectData == nil)
        #expect(inputs.project == nil)
        #expect(inputs.autoContextResult == nil)
        #expect(inputs.licenceData == nil)
        #expect(inputs.scoringResult == ScoringResult())
        #expect(inputs.simulationResult == SimulationResult(compound: "TCE"))
        #expect(inputs.nexusResult == NexusResult(
            system: "δ13C",
            processes: [NexusProcess(name: "Sorption", fraction: 0.4)],
            massBalance: NexusMassBalance(residual: 0.02),
            matches: [NexusMatch(reference: "17")]))
        #expect(inputs.scenarios == [Scenario(label: "A")])
        #expect(inputs.snapshots == nil)
    }

    @Test func scalarLeniency() throws {
        // Numbers as strings.
        #expect(try decode(NexusPredicted.self, #"{"value": "0.71", "uncertainty": " -5.2e-1 "}"#)
            == NexusPredicted(value: 0.71, uncertainty: -0.52))
        #expect(try decode(NexusPredicted.self, #"{"value": "nan", "uncertainty": "0x10"}"#) == NexusPredicted())
        #expect(try decode(NexusPredicted.self, #"{"value": "", "uncertainty": "inf"}"#) == NexusPredicted())
        // Integers.
        #expect(try decode(ScoringMatch.self, #"{"sample_id": "12"}"#).sampleID == 12)
        #expect(try decode(ScoringMatch.self, #"{"sample_id": 12.0}"#).sampleID == 12)
        #expect(try decode(ScoringMatch.self, #"{"sample_id": 12.5}"#).sampleID == nil)
        #expect(try decode(ScoringMatch.self, #"{"sample_id": true}"#).sampleID == nil)
        // Booleans.
        #expect(try decode(RatioComparison.self, #"{"compatible": 1}"#).compatible == true)
        #expect(try decode(RatioComparison.self, #"{"compatible": 0}"#).compatible == false)
        #expect(try decode(RatioComparison.self, #"{"compatible": "TRUE"}"#).compatible == true)
        #expect(try decode(RatioComparison.self, #"{"compatible": 2}"#).compatible == nil)
        #expect(try decode(RatioComparison.self, #"{"compatible": "yes"}"#).compatible == nil)
        // Text fields take numbers as their text, not booleans.
        #expect(try decode(LicenceData.self, #"{"number": 42, "holder": true, "expires": 0.5}"#)
            == LicenceData(number: "42", expires: "0.5"))
        #expect(try decode(NexusResult.self, #"{"element": 1e20}"#).element == "1e+20")
    }

    @Test func matchClassVocabulary() throws {
        let scoring = try decode(ScoringResult.self, """
            {"matches": [{"class": "full"}, {"class": " Partial"}, {"class": "INCOMPATIBLE"},
                         {"class": "probable"}, {"class": 1}, {}]}
            """)
        #expect(scoring.matches?.map(\.matchClass) == [.full, .partial, .incompatible, .unknown("probable"), nil, nil])
        #expect(MatchClass.unknown("probable").rawValue == "probable")
        #expect(MatchClass(rawValue: "Full") == .full)
        #expect(MatchClass.partial.rawValue == "partial")
    }

    @Test func constraintsStringOrList() throws {
        #expect(try decode(ProjectData.self, #"{"constraints": "no drilling"}"#).constraints == ["no drilling"])
        #expect(try decode(ProjectData.self, #"{"constraints": ["a", "b"]}"#).constraints == ["a", "b"])
        #expect(try decode(ProjectData.self, #"{"constraints": ["a", 3, null, {"x": 1}, "  ", ["y"]]}"#).constraints
            == ["a", "3"])
        #expect(try decode(ProjectData.self, #"{"constraints": []}"#).constraints == [])
        #expect(try decode(ProjectData.self, #"{"constraints": ""}"#).constraints == [])
        #expect(try decode(ProjectData.self, #"{"constraints": true}"#).constraints == nil)
        #expect(try decode(ProjectData.self, #"{"constraints": {"a": "b"}}"#).constraints == nil)
        #expect(try decode(ProjectData.self, #"{"constraints": null}"#).constraints == nil)
    }

    @Test func unknownKeysAreIgnored() throws {
        #expect(try decode(ProjectData.self, #"{"name": "P", "colour": "red", "nested": {"a": [1, {"b": null}]}}"#)
            == ProjectData(name: "P"))
        #expect(try decode(RedoxPoint.self, #"{"pe": 1, "oxidised_fraction": 0.2}"#) == RedoxPoint(pe: 1))
        #expect(try decode(Snapshots.self, #"{"plume": ["abc"], "section": []}"#) == Snapshots(section: []))
    }

    @Test func projectDisplayName() {
        #expect(ProjectData(name: " Site Aval ").displayName(fallback: "Other") == "Site Aval")
        #expect(ProjectData(name: "  ").displayName(fallback: " Aval ") == "Aval")
        #expect(ProjectData().displayName(fallback: "Aval") == "Aval")
        #expect(ProjectData().displayName(fallback: nil) == nil)
        #expect(ProjectData(name: "").displayName(fallback: "") == nil)
        #expect(ReportInputs(project: "Aval").projectName == "Aval")
        #expect(ReportInputs(projectData: ProjectData(name: "P"), project: "Aval").projectName == "P")
        #expect(ReportInputs().projectName == nil)
    }

    // MARK: Helpers

    @Test func scoringRankedByDescendingScoreStably() {
        let scoring = ScoringResult(matches: [
            ScoringMatch(reference: "a", score: 0.5),
            ScoringMatch(reference: "b", score: nil),
            ScoringMatch(reference: "c", score: 0.9),
            ScoringMatch(reference: "d", score: 0.5),
            ScoringMatch(reference: "e", score: nil),
            ScoringMatch(reference: "f", score: 0.7),
            ScoringMatch(reference: "g", score: 0.5),
        ])
        #expect(scoring.ranked.map(\.reference) == ["c", "f", "a", "d", "g", "b", "e"])
        #expect(ScoringResult().ranked.isEmpty)
        #expect(scoring.matches?.first?.reference == "a")
    }

    @Test func scenarioDifferences() throws {
        let scenarios = try decode([Scenario].self, """
            [{"id": "s1", "meta": {"epsilon": -12, "model": "rayleigh", "aerobic": true, "note": null, "k": 1}},
             {"id": "s2", "meta": {"epsilon": -12.0, "model": "rayleigh", "aerobic": true, "k": "1"}},
             {"id": "s3", "meta": {"epsilon": -15, "model": "rayleigh", "aerobic": false, "k": 1, "depth": 10}},
             {"id": "s4"}]
            """)
        let first = scenarios[0]
        #expect(first.differingParameters(from: first).isEmpty)
        // -12 equals -12.0; an absent "note" equals a null one; 1 differs from "1".
        #expect(scenarios[1].differingParameters(from: first) == ["k"])
        // "depth" is present only in the third.
        #expect(scenarios[2].differingParameters(from: first) == ["epsilon", "aerobic", "depth"])
        // No meta at all: every non-null parameter of the first differs.
        #expect(scenarios[3].differingParameters(from: first) == ["epsilon", "model", "aerobic", "k"])
        #expect(Scenario.differingParameters(in: Array(scenarios.prefix(3))) == ["k", "epsilon", "aerobic", "depth"])
        #expect(Scenario.differingParameters(in: []).isEmpty)
        #expect(Scenario.differingParameters(in: [first]).isEmpty)
        #expect(Scenario.parameterNames(scenarios) == ["aerobic", "depth", "epsilon", "k", "model", "note"])
        #expect(scenarios[3].value(of: "epsilon") == .null)
        #expect(first.value(of: "epsilon") == .number(-12))
    }

    @Test func scenariosAreReadWhateverTheirCount() throws {
        // The limit of ten is the request schema's (GenerateRequest); reading keeps them all.
        let eleven = "[" + (1...11).map { #"{"label": "S\#($0)"}"# }.joined(separator: ",") + "]"
        let (inputs, issues) = try read(#"{"scenarios": \#(eleven)}"#)
        #expect(inputs.scenarios?.count == 11)
        #expect(issues.isEmpty)
    }

    // MARK: Snapshots

    @Test func testImagesAreWellFormed() {
        // The CRC implementation agrees with the tiny PNG's IHDR CRC.
        #expect(DecodedImage.crc32(tinyPNG[12..<29]) == 0x1F15_C489)
        #expect(tinyPNG.count == 68)
        #expect(tinyJPEG.count == 141)
        #expect(png(width: 1, height: 1) == tinyPNG)
    }

    @Test func pngSnapshotAsBase64AndDataURI() throws {
        let raw = try Snapshot(image: base64(tinyPNG)).decodedImage()
        #expect(raw.bytes == tinyPNG)
        #expect(raw.kind == .png)
        #expect(raw.pixelWidth == 1 && raw.pixelHeight == 1)
        let uri = try Snapshot(image: "data:image/png;base64," + base64(tinyPNG)).decodedImage()
        #expect(uri.bytes == tinyPNG)
        #expect(uri.kind == .png)
        #expect(uri.kind.mimeType == "image/png")
        // The media type is not trusted, line breaks are ignored, URL-safe and unpadded base64 work.
        let wrapped = base64(tinyPNG).enumerated().map { $0.offset % 20 == 19 ? "\($0.element)\n" : "\($0.element)" }.joined()
        #expect(try Snapshot(image: " DATA:image/jpeg;charset=x;Base64,\n" + wrapped).decodedImage().bytes == tinyPNG)
        let urlSafe = base64(tinyPNG).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        #expect(try Snapshot(image: urlSafe).decodedImage().bytes == tinyPNG)
        // A larger PNG reports its size.
        let big = try DecodedImage(validating: png(width: 640, height: 480))
        #expect(big.pixelWidth == 640)
        #expect(big.pixelHeight == 480)
    }

    @Test func jpegSnapshot() throws {
        let image = try Snapshot(image: base64(tinyJPEG), caption: "Section A").decodedImage()
        #expect(image.bytes == tinyJPEG)
        #expect(image.kind == .jpeg)
        #expect(image.pixelWidth == 1 && image.pixelHeight == 1)
        #expect(try Snapshot(image: "data:image/jpeg;base64," + base64(tinyJPEG)).decodedImage().kind == .jpeg)
        // Progressive (SOF2) is accepted; lossless (SOF3) is not.
        var progressive = tinyJPEG
        let sof = try #require(progressive.firstIndex(of: 0xC0))
        progressive[sof] = 0xC2
        #expect(try DecodedImage(validating: progressive).kind == .jpeg)
        var lossless = tinyJPEG
        lossless[sof] = 0xC3
        #expect(throws: ImageFormatError.invalidJPEG("only baseline and progressive JPEG are supported")) {
            try DecodedImage(validating: lossless)
        }
        // A zero height in the frame header is refused.
        var flat = tinyJPEG
        flat[sof + 4] = 0
        flat[sof + 5] = 0
        #expect(throws: ImageFormatError.invalidJPEG("the width or height is zero")) {
            try DecodedImage(validating: flat)
        }
        // SOI and quantisation tables without a frame header.
        #expect(throws: ImageFormatError.invalidJPEG("no frame header (SOF) was found")) {
            try DecodedImage(validating: Array(tinyJPEG[0..<sof - 1]))
        }
        #expect(throws: ImageFormatError.invalidJPEG("no frame header (SOF) before the image data")) {
            try DecodedImage(validating: [0xFF, 0xD8, 0xFF, 0xD9])
        }
    }

    @Test func refusedSnapshots() throws {
        #expect(throws: SnapshotError(reason: .invalidBase64)) {
            try Snapshot(image: "this is *not* base64!").decodedImage()
        }
        #expect(throws: SnapshotError(reason: .invalidBase64)) { try Snapshot(image: "QUJDRA=A").decodedImage() }
        #expect(throws: SnapshotError(reason: .invalidBase64)) { try Snapshot(image: "QUJDR").decodedImage() }
        #expect(throws: SnapshotError(reason: .invalidBase64)) {
            try Snapshot(image: "data:image/png," + base64(tinyPNG)).decodedImage()
        }
        #expect(throws: SnapshotError(reason: .missingImage)) { try Snapshot(image: "").decodedImage() }
        #expect(throws: SnapshotError(reason: .missingImage)) { try Snapshot(image: "data:image/png;base64,").decodedImage() }
        #expect(throws: SnapshotError(reason: .notPNGOrJPEG)) { try Snapshot(image: base64(tinyGIF)).decodedImage() }
        #expect(throws: SnapshotError(reason: .notPNGOrJPEG)) { try Snapshot(image: "QUJDRA==").decodedImage() }
        #expect(throws: SnapshotError(reason: .invalidPNG("the width or height is zero or too large"))) {
            try Snapshot(image: base64(png(width: 0, height: 1))).decodedImage()
        }
        #expect(throws: ImageFormatError.invalidPNG("the width or height is zero or too large")) {
            try DecodedImage(validating: png(width: 5, height: 0))
        }
        // Broken structure after a correct signature.
        #expect(throws: ImageFormatError.invalidPNG("the IHDR chunk is missing")) {
            try DecodedImage(validating: DecodedImage.pngSignature)
        }
        #expect(throws: ImageFormatError.invalidPNG("the file is truncated (no IEND chunk)")) {
            try DecodedImage(validating: Array(tinyPNG.dropLast(12)))
        }
        #expect(throws: ImageFormatError.invalidPNG("the IDAT chunk runs past the end of the file")) {
            try DecodedImage(validating: Array(tinyPNG.dropLast(16)))
        }
        var badCRC = tinyPNG
        badCRC[29] ^= 0xFF
        #expect(throws: ImageFormatError.invalidPNG("the IHDR chunk has a wrong CRC")) {
            try DecodedImage(validating: badCRC)
        }
        let noData = DecodedImage.pngSignature + Array(tinyPNG[8..<33]) + pngChunk("IEND", [])
        #expect(throws: ImageFormatError.invalidPNG("there is no image data (IDAT chunk)")) {
            try DecodedImage(validating: noData)
        }
    }

    @Test func snapshotElementsKeepTheirIndex() throws {
        let (inputs, issues) = try read("""
            {"snapshots": {"map": ["\(base64(tinyPNG))", "\(base64(tinyGIF))",
                                   {"image": "data:image/jpeg;base64,\(base64(tinyJPEG))", "caption": "Plan"},
                                   7, {"caption": "no image"}, null],
                           "section": ["@@@@"]}}
            """)
        // Only the decodable images are kept, decoded once; each other one is an issue at its index.
        #expect(inputs.snapshots?.map?.map(\.image.kind) == [.png, .jpeg])
        #expect(inputs.snapshots?.map?[1].caption == "Plan")
        #expect(inputs.snapshots?.section == [])
        #expect(inputs.snapshots?.count == 2)
        #expect(issues == [
            ValidationIssue(loc: ["snapshots", "map", 1], msg: "snapshot 2 of 'map' is not a PNG or JPEG image"),
            ValidationIssue(loc: ["snapshots", "map", 3],
                            msg: "snapshot 4 of 'map' has no image (expected a base64 PNG or JPEG string, or {image, caption})"),
            ValidationIssue(loc: ["snapshots", "map", 4],
                            msg: "snapshot 5 of 'map' has no image (expected a base64 PNG or JPEG string, or {image, caption})"),
            ValidationIssue(loc: ["snapshots", "map", 5],
                            msg: "snapshot 6 of 'map' has no image (expected a base64 PNG or JPEG string, or {image, caption})"),
            ValidationIssue(loc: ["snapshots", "section", 0], msg: "snapshot 1 of 'section' is not valid base64"),
        ])
        #expect(issues[0].prefixed(["body"]).loc == ["body", "snapshots", "map", 1])
        #expect(Snapshot(.int(7)) == Snapshot(image: ""))
        #expect(Snapshot(["caption": "no image"]) == Snapshot(image: "", caption: "no image"))
        let error = SnapshotError(group: .map, index: 1, reason: .notPNGOrJPEG)
        #expect(error.description == "snapshot 2 of 'map' is not a PNG or JPEG image")
        #expect(SnapshotError(reason: .invalidBase64).message == "snapshot is not valid base64")
        #expect(SnapshotError(reason: .invalidBase64).loc == ["snapshots"])
    }

    @Test func decodedImagesWithCaptions() throws {
        let (inputs, issues) = try read("""
            {"snapshots": {"map": [{"image": "\(base64(tinyPNG))", "caption": "Plan"}, "\(base64(tinyJPEG))"]}}
            """)
        let snapshots = try #require(inputs.snapshots)
        #expect(snapshots.map?.map(\.image.kind) == [.png, .jpeg])
        #expect(snapshots.map?.map(\.caption) == ["Plan", nil])
        #expect(issues.isEmpty)
        #expect(snapshots[.map]?.count == 2)
        #expect(snapshots[.section] == nil)
    }
}
