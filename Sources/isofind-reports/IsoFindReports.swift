import ArgumentParser
import IsoFindDomain

/// `isofind-reports`: the responder and its administration commands.
@main
struct IsoFindReports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isofind-reports",
        abstract: "IsoFind Reports: signed, reproducible PDF reports for isotope forensics.",
        version: Product.version,
        subcommands: [Serve.self, Token.self, RenderCommand.self, VerifyCommand.self, DemoDataCommand.self, SeedHistoryCommand.self, BackupCommand.self, RestoreCommand.self,
                      PythonWorkerCommand.self])
}
