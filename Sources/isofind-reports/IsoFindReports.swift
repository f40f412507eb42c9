import ArgumentParser

/// `isofind-reports`: the responder and its administration commands.
@main
struct IsoFindReports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isofind-reports",
        abstract: "IsoFind Reports: signed, reproducible PDF reports for isotope forensics.",
        version: "0.1.0",
        subcommands: [Serve.self, Token.self, RenderCommand.self, DemoDataCommand.self])
}
