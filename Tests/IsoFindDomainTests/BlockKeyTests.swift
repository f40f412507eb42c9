import Testing
@testable import IsoFindDomain

@Suite struct BlockKeyTests {
    @Test(arguments: ["ab", "Cover", "1abc", "cover page", "cover-page", "é_bloc", String(repeating: "a", count: 51), ""])
    func refusesMalformedKeys(key: String) {
        #expect(!BlockKey.isWellFormed(key))
        #expect(BlockKey(key) == nil)
    }

    @Test(arguments: ["abc", "my_block_2", String(repeating: "a", count: 50)])
    func acceptsWellFormedKeys(key: String) {
        #expect(BlockKey.isWellFormed(key))
        #expect(BlockKey(key)?.rawValue == key)
    }

    @Test func builtinKeysAreTheirText() {
        #expect(BlockKey.coverPage.rawValue == "cover_page")
        #expect(BlockKey("cover_page") == .coverPage)
        #expect(BlockKey.simCSIA.requiresSimulation && !BlockKey.scenarioComparison.requiresSimulation)
    }

    @Test func builtinTemplatesNameEachBlockOnce() {
        for template in BuiltinTemplates.all {
            #expect(Set(template.blocks).count == template.blocks.count, "\(template.name)")
            #expect(template.blocks.first == .coverPage, "\(template.name)")
        }
    }
}
