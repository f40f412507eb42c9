import ArgumentParser
import Foundation
import IsoFindDemoData

struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Write realistic demo databases: \(DemoData.samplesFileName) (samples) and \(DemoData.sessionsFileName) (Nexus sessions).")

    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir")) var out: String
    @Option(help: "Seed of the generator: the same seed gives the same data.") var seed: UInt64 = 20261129

    func run() throws {
        let summary = try DemoData.write(to: URL(fileURLWithPath: out, isDirectory: true), seed: seed)
        print("""
            Wrote \(summary.samplesDatabase): \(summary.samples) samples, \(summary.isotopeMeasurements) isotope, \
            \(summary.geochemMeasurements) geochemical and \(summary.physicoMeasurements) physico-chemical measurements, \
            \(summary.molecules) molecule analyses.
            Wrote \(summary.sessionsDatabase): \(summary.sessions) Nexus sessions.
            """)
    }
}
