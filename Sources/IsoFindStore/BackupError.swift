/// Why a backup or a restore stopped; the message says what to do. Nothing is left half-done: a
/// failed backup empties the folder it was writing (a folder without `backup.json` is refused by
/// restore in any case), and a restore checks the whole backup before it writes.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable { case refused, inUse, notEmpty, damaged, failed }
    public let kind: Kind
    public let description: String
    init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
