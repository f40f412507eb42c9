import ArgumentParser
import Foundation
import IsoFindAPI
import IsoFindFastCGI
import Logging

/// `--config`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (JSON).", discussion: """
        Default: $ISOFIND_REPORTS_CONFIG, else /etc/isofind-reports/config.json if it exists, else built-in defaults. \
        Every key can be overridden by an ISOFIND_REPORTS_<KEY> environment variable.
        """, valueName: "path"))
    var config: String?

    func load() throws -> ServiceConfiguration {
        let environment = ProcessInfo.processInfo.environment
        do {
            return try ServiceConfiguration.load(path: config ?? environment["ISOFIND_REPORTS_CONFIG"], environment: environment)
        } catch let error as ServiceConfiguration.LoadError {
            throw ValidationError(error.description)
        }
    }
}

enum Logging {
    /// Installs the one-line-per-event handler on stderr, at the configured level.
    static func bootstrap(level: String) {
        let journald = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: parsed, journald: journald) }
    }
}
