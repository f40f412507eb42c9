import IsoFindDomain
import IsoFindJSON
import IsoFindLayout
import Testing
@testable import IsoFindReport

/// The request dicts of a JSON body, read as the API reads them.
func readInputs(_ json: String) throws -> ReportInputs {
    var issues: [ValidationIssue] = []
    let inputs = ReportInputs(lenient: try #require(LenientObject(try JSONParser.parse(Array(json.utf8)))), issues: &issues)
    #expect(issues.isEmpty, "\(issues)")
    return inputs
}

/// The built-in blocks of these keys, in order.
func builtinBlocks(_ keys: [BlockKey]) -> [any ReportBlock] {
    keys.map { BlockRegistry.builtin.block($0)! }
}

/// Renders the built-in blocks of these keys.
func render(_ keys: [BlockKey], _ context: ReportContext) throws -> ReportRenderer.Output {
    try ReportRenderer.render(builtinBlocks(keys), context: context)
}

/// The context one block sees when it is rendered alone, outside a report.
func blockContext(_ key: BlockKey, _ report: ReportContext) -> BlockContext {
    BlockContext(report: report, key: key, blocks: builtinBlocks([key]), position: 0, pageNumbers: PageNumbers(), logo: nil, log: WarningLog())
}
