import ArgumentParser
import Foundation
import IsoFindAPI
import IsoFindDomain
import IsoFindGeneration
import Logging

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a report without a server: one ReportGenerateRequest JSON in, one PDF out.",
        discussion: """
            The request is validated exactly as POST /api/reports/generate validates it, and rendered by the same \
            engine from the configured databases. The PDF is neither recorded nor signed, so it carries the \
            PREVIEW mark. Warnings go to standard error. Set SOURCE_DATE_EPOCH for a reproducible file.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: ArgumentHelp("The request (JSON).", valueName: "file")) var request: String
    @Option(help: ArgumentHelp("Where to write the PDF.", valueName: "file")) var out: String

    func run() throws {
        let configuration = try options.load()
        // Warnings are printed below; the log only says what went wrong.
        Logging.bootstrap(level: "error")
        guard let body = FileManager.default.contents(atPath: request) else {
            throw ValidationError("cannot read the request file \(request)")
        }
        let runner = OnDemandRunner(configuration: configuration)
        defer { runner.shutdown() }
        let service: ReportsService
        do { service = try ReportsService.open(configuration, runner: runner, signing: false) } catch {
            throw ValidationError("cannot open the store under \(configuration.dataDir): \(error)")
        }
        do {
            let rendered = try service.generator.preview(try GenerateRequest(body: Array(body)), logger: Logger(label: "render"))
            try Data(rendered.bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
            for warning in rendered.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            print("Wrote \(out): \(rendered.pages) pages, \(rendered.warnings.count) warning(s).")
        } catch let error as GenerationError {
            FileHandle.standardError.write(Data("error: \(error.explanation)\n".utf8))
            throw ExitCode(2)
        }
    }
}
