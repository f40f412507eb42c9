import Crypto
import Foundation
import GRDB
import IsoFindDomain
import Synchronization

/// A service token as listed: never its secret, which exists only in the caller's hands.
public struct TokenRecord: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var role: Role
    public var createdAt: String
    public var expiresAt: String?
    public var revokedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, role
        case createdAt = "created_at", expiresAt = "expires_at", revokedAt = "revoked_at"
    }
}

/// The outcome of presenting a token.
public enum TokenCheck: Sendable, Equatable {
    case valid(TokenRecord)
    case unknown
    case expired(TokenRecord)
    case revoked(TokenRecord)
}

/// Token secrets and their digests. Only SHA-256 digests are stored; a leaked database does not
/// leak usable tokens.
public enum TokenSecret {
    /// The prefix makes tokens recognisable to secret scanners and in support conversations.
    public static let prefix = "ifr_"

    /// A new random token: the prefix and 32 bytes from the system CSPRNG, base64url without padding.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + encoded
    }

    public static func digest(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// Compares two digests in time that depends only on their length.
    public static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

extension ReportsStore {
    /// Creates a token and returns its record with the secret, which is shown once and never stored.
    public func createToken(name: String, role: Role, expiresInDays: Int?) throws -> (TokenRecord, secret: String) {
        let secret = TokenSecret.generate()
        let digest = TokenSecret.digest(secret)
        let created = now()
        let expires = expiresInDays.map { Timestamp.string(created.addingTimeInterval(Double($0) * 86_400)) }
        let record: TokenRecord = try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM tokens WHERE name = ? AND revoked_at IS NULL", arguments: [name]) == true {
                throw StoreError.conflict("an active token named '\(name)' already exists; revoke it first or choose another name")
            }
            try db.execute(sql: "INSERT INTO tokens (name, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, role.rawValue, digest, Timestamp.string(created), expires])
            return TokenRecord(id: Int(db.lastInsertedRowID), name: name, role: role,
                               createdAt: Timestamp.string(created), expiresAt: expires, revokedAt: nil)
        }
        return (record, secret)
    }

    public func tokens() throws -> [TokenRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM tokens ORDER BY id").map(TokenRecord.init(row:)) }
    }

    /// Revokes the active token with this name, or the token with this numeric id. Returns nil when
    /// none matches. Revocation is effective from the next request: checks always read the table.
    public func revokeToken(_ nameOrID: String) throws -> TokenRecord? {
        let stamp = timestamp()
        return try write { db in
            let row: Row?
            if let id = Int(nameOrID) {
                row = try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE id = ?", arguments: [id])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE name = ? AND revoked_at IS NULL", arguments: [nameOrID])
            }
            guard let row else { return nil }
            var record = try TokenRecord(row: row)
            if record.revokedAt == nil {
                try db.execute(sql: "UPDATE tokens SET revoked_at = ? WHERE id = ?", arguments: [stamp, record.id])
                record.revokedAt = stamp
            }
            return record
        }
    }

    /// Checks a presented token: looked up by its digest (an index), then confirmed with a
    /// constant-time comparison of the digests. Known tokens are kept in memory, keyed by digest,
    /// until the next commit to the store (a revocation by the CLI is one), so a revoked token is
    /// refused from the very next request; expiry is checked against the clock on every call.
    public func checkToken(_ token: String) throws -> TokenCheck {
        let digest = TokenSecret.digest(token)
        let version = sentinel?.version()
        if let version, let known = tokenCache.lookup(digest, version: version) { return known.check(at: now()) }
        let row = try readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM tokens WHERE token_hash = ?"), arguments: [digest])
        }
        guard let row, TokenSecret.constantTimeEqual(row["token_hash"], digest) else { return .unknown }
        let known = try KnownToken(record: TokenRecord(row: row))
        if let version { tokenCache.store(known, for: digest, version: version) }
        return known.check(at: now())
    }
}

extension TokenRecord {
    init(row: Row) throws {
        let roleName: String = row["role"]
        guard let role = Role(rawValue: roleName) else { throw StoreError.failure("token \(row["id"] as Int) has an unknown role") }
        self.init(id: row["id"], name: row["name"], role: role, createdAt: row["created_at"],
                  expiresAt: row["expires_at"], revokedAt: row["revoked_at"])
    }
}

/// A token found in the table, with its expiry parsed once.
struct KnownToken: Sendable {
    let record: TokenRecord
    let expiry: Date?

    init(record: TokenRecord) throws {
        self.record = record
        if let expiresAt = record.expiresAt {
            guard let expiry = Timestamp.date(expiresAt) else {
                throw StoreError.failure("token \(record.id) has an unreadable expiry date")
            }
            self.expiry = expiry
        } else {
            expiry = nil
        }
    }

    func check(at now: Date) -> TokenCheck {
        if record.revokedAt != nil { return .revoked(record) }
        if let expiry, expiry <= now { return .expired(record) }
        return .valid(record)
    }
}

/// Known tokens by digest, valid for one store version, one table per sentinel lane. Unknown
/// digests are not kept, so random guesses cannot fill it; a table is emptied when it grows past
/// `capacity` all the same.
final class TokenCache: Sendable {
    private let lanes = Mutex<[Int: (counter: Int64, tokens: [Data: KnownToken])]>([:])
    private let capacity = 4096

    func lookup(_ digest: Data, version: ChangeSentinel.Version) -> KnownToken? {
        lanes.withLock { lanes in
            guard let lane = lanes[version.lane], lane.counter == version.counter else { return nil }
            return lane.tokens[digest]
        }
    }

    func store(_ token: KnownToken, for digest: Data, version: ChangeSentinel.Version) {
        lanes.withLock { lanes in
            var lane = lanes[version.lane] ?? (version.counter, [:])
            if lane.counter != version.counter || lane.tokens.count >= capacity { lane = (version.counter, [:]) }
            lane.tokens[digest] = token
            lanes[version.lane] = lane
        }
    }
}
