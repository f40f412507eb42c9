import Testing
@testable import IsoFindAPI

@Suite struct DownloadNameTests {
    @Test func downloadNamesAreSafeAndEncoded() {
        let header = HistoryController.contentDisposition(title: "Suivi \"Valat\" Nègre / 2026", id: 42)
        #expect(header.hasPrefix("attachment; filename=\"report-42.pdf\"; filename*=UTF-8''"))
        #expect(header.contains("N%C3%A8gre"))
        #expect(!header.dropFirst(40).contains("\""))
    }
}
