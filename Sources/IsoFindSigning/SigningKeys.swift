import Foundation

/// Where the signing identity comes from: the installation's own key in `keys/` (made on first
/// start), or a key and certificate chain the operator configures.
public enum SigningKeys {
    public static let keyFileName = "signing-key.pem"
    public static let certificateFileName = "signing-certificate.pem"

    /// The installation's key and self-signed certificate in `folder`, made on first use: an
    /// ECDSA P-256 key (file mode 0600) and a certificate naming `organization`. Two processes
    /// starting at once make one pair: the folder's lock file serialises them, and the key file
    /// is written last, so its presence means the pair is complete.
    public static func installation(folder: String, organization: String) throws(SigningSetupError) -> SigningIdentity {
        let keyPath = (folder as NSString).appendingPathComponent(keyFileName)
        let certificatePath = (folder as NSString).appendingPathComponent(certificateFileName)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .init("the keys folder \(folder) cannot be created (\(error.localizedDescription))")
        }
        let lock = open((folder as NSString).appendingPathComponent(".signing.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw .init("the keys folder \(folder) is not writable (\(String(cString: strerror(errno))))") }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        if FileManager.default.fileExists(atPath: keyPath) {
            return try configured(keyPath: keyPath, certificatePath: certificatePath)
        }
        let identity = try SigningIdentity.selfSigned(organization: organization)
        do {
            try write(Array(identity.chainPEM.utf8), to: certificatePath, mode: 0o644)
            try write(identity.keyPEM, to: keyPath, mode: 0o600)
        } catch {
            throw .init("the installation's signing key cannot be written to \(folder) (\(error))")
        }
        return identity
    }

    /// A key (unencrypted PEM) and its certificate chain (PEM, the signer's certificate first).
    public static func configured(keyPath: String, certificatePath: String) throws(SigningSetupError) -> SigningIdentity {
        guard let key = FileManager.default.contents(atPath: keyPath) else { throw .init("the signing key \(keyPath) cannot be read") }
        guard let chain = FileManager.default.contents(atPath: certificatePath) else {
            throw .init("the signing certificate \(certificatePath) cannot be read")
        }
        do {
            return try SigningIdentity(keyPEM: Array(key), chainPEM: Array(chain))
        } catch {
            throw .init("\(keyPath) and \(certificatePath): \(error.description)")
        }
    }

    /// Writes `bytes` to a new file created with `mode`, then renames it over `path`.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let written = Foundation.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if written <= 0 { failure = errno; return }
                done += written
            }
        }
        if failure == 0, fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)
        }
    }
}
