import ArgumentParser
import Foundation
import IsoFindAPI
import IsoFindDomain
import IsoFindStore

/// `isofind-reports backup --out DIR`: an online copy of the data folder (README, "Backup and restore").
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the store, the report files, the branding and the signing key into a new folder, while the service runs.",
        discussion: """
            The store is copied first with SQLite's online backup API (a consistent snapshot; the service keeps \
            answering), then every report file the copy names, each checked against its recorded SHA-256; then \
            branding/ and keys/. Everything is read back and checked before backup.json, the manifest with each \
            file's size and SHA-256, is written last. The folder is made with mode 0700: it holds the signing key. \
            Exit status 0 when the backup is complete and checked, 1 otherwise.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: ArgumentHelp("The folder to write, new or empty (e.g. /var/backups/isofind-reports/2026-12-05).", valueName: "dir"))
    var out: String

    func run() throws {
        let configuration = try options.load()
        do {
            let manifest = try StoreBackup.backup(dataDir: configuration.dataDir, to: out, softwareVersion: Product.version)
            let bytes = manifest.files.reduce(0) { $0 + $1.size }
            print("Backed up \(manifest.reports) report(s), \(manifest.files.count) file(s), \(bytes) bytes, into \(out) (store copied at \(manifest.createdAt)).")
            if !manifest.deletedDuringBackup.isEmpty {
                print("Deleted while the backup ran, so left out: report(s) \(manifest.deletedDuringBackup.map(String.init).joined(separator: ", ")).")
            }
            print("Checked: every file matches \(BackupManifest.fileName). The folder holds the signing key: keep it private.")
        } catch let error as BackupError {
            throw BackupFailure(error.description)
        }
    }
}

/// `isofind-reports restore DIR`: puts a backup back into the configured data folder.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into the configured data folder, on a stopped service.",
        discussion: """
            Checks backup.json and every file's SHA-256 first, and writes nothing if anything is wrong. Refuses \
            while a responder runs on the data folder, and refuses a data folder that already holds a store or \
            files, unless --force, which moves them into <data_dir>/.before-restore-<time>/ (it deletes nothing). \
            Run as root, it gives the restored files to the data folder's owner. \
            Exit status 0 when restored, 1 otherwise.
            """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: ArgumentHelp("A folder made by `isofind-reports backup`.", valueName: "dir")) var folder: String
    @Flag(help: "Restore into a data folder that is not empty, moving what it holds aside first.") var force = false

    func run() throws {
        let configuration = try options.load()
        do {
            let summary = try StoreBackup.restore(from: folder, into: configuration.dataDir, force: force)
            if let aside = summary.setAside { print("Moved what \(configuration.dataDir) held into \(aside).") }
            print("Restored \(summary.manifest.reports) report(s) and \(summary.manifest.files.count) file(s) "
                  + "from the backup of \(summary.manifest.createdAt) into \(configuration.dataDir); every file checked.")
        } catch let error as BackupError {
            throw BackupFailure(error.description)
        }
    }
}

/// A backup or restore that stopped: the message on stderr, exit status 1.
struct BackupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
