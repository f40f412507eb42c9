import Foundation
import IsoFindJSON
import Testing
@testable import IsoFindDomain

@Suite struct MatrixConfigurationTests {
    @Test func defaultConfigurationIsValidAndComplete() {
        let config = MatrixConfiguration.default
        #expect(config.validate() == [])
        #expect(config.groups.map(\.id) == ["aqueous", "solid", "ore_mineral", "biota", "gas", "industrial_product"])
        #expect(config.rules.count >= 5)
        #expect(config.rules.allSatisfy { $0.note?.isEmpty == false })
        #expect(config.groups.allSatisfy { $0.matrices.count >= 5 })
    }

    @Test func defaultRulesReadLikeAGeochemistsRules() {
        let config = MatrixConfiguration.default
        let leaching = config.check("soil", "groundwater")
        #expect(leaching.relevant == true && leaching.defined)
        #expect(leaching.note?.contains("Leaching") == true)
        let gasSolid = config.check("soil gas", "sediment")
        #expect(gasSolid.relevant == false && gasSolid.defined)
    }

    /// A configuration with one of each problem; every one must be reported where it is.
    @Test func validateReportsEveryProblem() throws {
        let config = MatrixConfiguration(
            groups: [
                MatrixGroup(id: "aqueous", name: "Aqueous", color: "#1f77b4", matrices: ["eau", "groundwater"]),
                MatrixGroup(id: "", name: "Solids", color: "#8C564B", matrices: ["soil"]),                // 1: missing id
                MatrixGroup(id: "aqueous", name: "Waters again", color: "#123456", matrices: ["brine"]),  // 2: repeated id
                MatrixGroup(id: "biota", name: "Biota", color: "green", matrices: ["plant"]),             // 3: bad colour
                MatrixGroup(id: "mixed", name: "Mixed", color: "#ABCDEF",
                            matrices: ["sediment", "Water", "Sols", "sediments"]),                       // 4: water, soil reused
            ],
            rules: [
                MatrixRule(fromGroup: "aqueous", toGroup: "biota", relevant: true),
                MatrixRule(fromGroup: "aqueous", toGroup: "ghost", relevant: false),   // 1: unknown to_group
                MatrixRule(fromGroup: "aqueous", toGroup: "biota", relevant: false),   // 2: repeated pair
                MatrixRule(fromGroup: "biota", toGroup: "aqueous", relevant: true),    // reverse pair: allowed
            ])
        let issues = config.validate()
        let locs = issues.map(\.loc)
        let expected: [[LocComponent]] = [
            ["groups", 1, "id"],
            ["groups", 2, "id"],
            ["groups", 3, "color"],
            ["groups", 4, "matrices", 1],
            ["groups", 4, "matrices", 2],
            ["rules", 1, "to_group"],
            ["rules", 2],
        ]
        #expect(locs == expected)
        try #require(issues.count == expected.count)
        #expect(issues.allSatisfy { $0.type == "value_error" })
        #expect(issues[1].msg.contains("'aqueous'"))
        #expect(issues[2].msg.contains("'green'"))
        #expect(issues[3].msg.contains("'Water'") && issues[3].msg.contains("'aqueous'"))
        #expect(issues[4].msg.contains("'Sols'") && issues[4].msg.contains("(soil)"))
        #expect(issues[5].msg.contains("'ghost'"))
        #expect(issues[6].msg.contains("repeats rule 0"))
    }

    @Test func validateMoreProblems() {
        let config = MatrixConfiguration(
            groups: [
                MatrixGroup(id: "a", name: " ", color: "#12345", matrices: ["", "eau"]),
                MatrixGroup(id: "b", name: "B", color: "123456", matrices: ["WATER"]),
                MatrixGroup(id: "c", name: "C", color: "#12345G", matrices: []),
            ],
            rules: [
                MatrixRule(fromGroup: "", toGroup: "nowhere", relevant: true),
                MatrixRule(fromGroup: "a", toGroup: "a", relevant: false),
            ])
        let expected: [[LocComponent]] = [
            ["groups", 0, "name"],
            ["groups", 0, "color"],
            ["groups", 0, "matrices", 0],
            ["groups", 1, "color"],
            ["groups", 1, "matrices", 0],
            ["groups", 2, "color"],
            ["rules", 0, "from_group"],
            ["rules", 0, "to_group"],
            ["rules", 1],
        ]
        #expect(config.validate().map(\.loc) == expected)
    }

    @Test func hexColours() {
        #expect(MatrixConfiguration.isHexColour("#A0b1C2"))
        #expect(!MatrixConfiguration.isHexColour("#A0b1C"))
        #expect(!MatrixConfiguration.isHexColour("#A0b1C2F"))
        #expect(!MatrixConfiguration.isHexColour("A0b1C2#"))
        #expect(!MatrixConfiguration.isHexColour("#ＡＢＣＤＥＦ"))
    }

    @Test func groupContaining() {
        let config = MatrixConfiguration.default
        #expect(config.group(containing: "Eaux souterraines")?.id == "aqueous")
        #expect(config.group(containing: "SOL")?.id == "solid")
        #expect(config.group(containing: "minerai")?.id == "ore_mineral")
        #expect(config.group(containing: "basalte") == nil)
        #expect(config.group(containing: "") == nil)
    }

    // MARK: check

    private let config = MatrixConfiguration(
        groups: [
            MatrixGroup(id: "aqueous", name: "Aqueous", color: "#1F77B4", matrices: ["water", "groundwater"]),
            MatrixGroup(id: "solid", name: "Solid", color: "#8C564B", matrices: ["soil", "sediment"]),
            MatrixGroup(id: "gas", name: "Gas", color: "#7F7F7F", matrices: ["air"]),
            MatrixGroup(id: "biota", name: "Biota", color: "#2CA02C", matrices: ["plant"]),
        ],
        rules: [
            MatrixRule(fromGroup: "solid", toGroup: "aqueous", relevant: true, note: "leaching"),
            MatrixRule(fromGroup: "gas", toGroup: "solid", relevant: false, note: "phase decoupling"),
        ])

    @Test func checkSameGroup() {
        let result = config.check("eau", "Groundwater")
        #expect(result == MatrixCheck(matrixA: "eau", matrixB: "Groundwater", groupA: "aqueous", groupB: "aqueous",
                                      relevant: true, defined: true, note: result.note))
        #expect(result.note?.contains("same group") == true)
    }

    @Test func checkRuleForward() {
        let result = config.check("soil", "water")
        #expect(result.groupA == "solid" && result.groupB == "aqueous")
        #expect(result.relevant == true && result.defined && result.note == "leaching")
    }

    @Test func checkRuleReverse() {
        let result = config.check("water", "sediment")
        #expect(result.relevant == true && result.defined && result.note == "leaching")
        let gas = config.check("Sédiments", "air")
        #expect(gas.groupA == "solid" && gas.groupB == "gas")
        #expect(gas.relevant == false && gas.defined && gas.note == "phase decoupling")
    }

    @Test func forwardRuleWinsOverReverse() {
        var both = config
        both.rules.append(MatrixRule(fromGroup: "aqueous", toGroup: "solid", relevant: false, note: "reverse"))
        #expect(both.check("soil", "water").relevant == true)
        #expect(both.check("water", "soil").relevant == false)
        #expect(both.check("water", "soil").note == "reverse")
    }

    @Test func checkNoRule() {
        let result = config.check("plant", "water")
        #expect(result.groupA == "biota" && result.groupB == "aqueous")
        #expect(result.relevant == nil && !result.defined)
        #expect(result.note?.contains("'biota'") == true)
    }

    @Test func checkUnknownMatrix() {
        let result = config.check("basalte", "water")
        #expect(result.groupA == nil && result.groupB == "aqueous")
        #expect(result.relevant == nil && !result.defined)
        #expect(result.note?.contains("'basalte'") == true)
        let neither = config.check("basalte", "granite")
        #expect(neither.groupA == nil && neither.groupB == nil && neither.relevant == nil && !neither.defined)
    }

    @Test func checkFrenchNames() {
        let result = config.check("Sol", "eaux")
        #expect(result.matrixA == "Sol" && result.matrixB == "eaux")
        #expect(result.groupA == "solid" && result.groupB == "aqueous")
        #expect(result.relevant == true && result.defined)
        #expect(config.check("roche", "eau").groupA == nil)  // rock is in no group of this config
    }

    // MARK: JSON

    @Test func jsonUsesSnakeCaseAndExplicitNulls() throws {
        let rule = MatrixRule(fromGroup: "solid", toGroup: "aqueous", relevant: true)
        let object = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(rule)) as? [String: Any])
        #expect(Set(object.keys) == ["from_group", "to_group", "relevant", "note"])
        #expect(object["note"] is NSNull)

        let check = config.check("basalte", "water")
        let checkObject = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(check)) as? [String: Any])
        #expect(Set(checkObject.keys) == ["matrix_a", "matrix_b", "group_a", "group_b", "relevant", "defined", "note"])
        #expect(checkObject["relevant"] is NSNull && checkObject["group_a"] is NSNull)
    }

    @Test func jsonRoundTripAndTolerantDecoding() throws {
        let data = try JSONEncoder().encode(MatrixConfiguration.default)
        #expect(try JSONDecoder().decode(MatrixConfiguration.self, from: data) == .default)

        let body = Data("""
            {"groups": [{"name": "No id", "color": "#000000", "matrices": ["eau"]}],
             "rules": [{"from_group": "x", "to_group": "y", "relevant": true}]}
            """.utf8)
        let decoded = try JSONDecoder().decode(MatrixConfiguration.self, from: body)
        #expect(decoded.groups[0].id == "" && decoded.groups[0].note == nil && decoded.rules[0].note == nil)
        #expect(decoded.validate().map(\.loc) == [
            ["groups", 0, "id"], ["rules", 0, "from_group"], ["rules", 0, "to_group"],
        ])
    }
}
