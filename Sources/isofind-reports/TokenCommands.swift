import ArgumentParser
import Foundation
import IsoFindAPI
import IsoFindDomain
import IsoFindStore

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage service tokens (only their SHA-256 digests are stored).",
        subcommands: [Create.self, List.self, Revoke.self])

    static func openStore(_ options: ConfigOptions) throws -> ReportsStore {
        let configuration = try options.load()
        do {
            return try ReportsService.open(configuration, signing: false).store
        } catch {
            throw ValidationError("cannot open the store under \(configuration.dataDir): \(error)")
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; the token itself is the last line of the output and is shown only once.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "A unique name for the token (shown in logs), e.g. the integration using it.") var name: String
        @Option(help: "reader, editor or admin.") var role: Role
        @Option(help: "Days until the token expires (default: never).") var expiresDays: Int?

        func validate() throws {
            guard !name.isEmpty, name.count <= 100, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@".contains($0) }) else {
                throw ValidationError("--name must be 1–100 letters, digits or - _ . @")
            }
            if let expiresDays, expiresDays < 1 { throw ValidationError("--expires-days must be at least 1") }
        }

        func run() throws {
            let store = try Token.openStore(options)
            do {
                let (record, secret) = try store.createToken(name: name, role: role, expiresInDays: expiresDays)
                print("Created token '\(record.name)' (id \(record.id), role \(record.role.rawValue), expires \(record.expiresAt ?? "never")).")
                print("Store it now: it is shown only once. Send it as 'Authorization: Bearer <token>'.")
                print(secret)
            } catch let error as StoreError {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var options: ConfigOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() throws {
            let tokens = try Token.openStore(options).tokens()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(tokens), as: UTF8.self))
                return
            }
            let now = Date()
            let rows = tokens.map { token -> [String] in
                let status: String
                if token.revokedAt != nil { status = "revoked" } else if let expiry = token.expiresAt.flatMap(Timestamp.date), expiry <= now {
                    status = "expired"
                } else { status = "active" }
                return [String(token.id), token.name, token.role.rawValue, token.createdAt, token.expiresAt ?? "never", status]
            }
            let header = ["ID", "NAME", "ROLE", "CREATED", "EXPIRES", "STATUS"]
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name or id; refused from the next request on.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The token's name or numeric id.") var nameOrID: String

        func run() throws {
            guard let record = try Token.openStore(options).revokeToken(nameOrID) else {
                throw ValidationError("no active token named or numbered '\(nameOrID)'")
            }
            print("Revoked token '\(record.name)' (id \(record.id)) at \(record.revokedAt ?? "").")
        }
    }
}

extension Role: ExpressibleByArgument {}
