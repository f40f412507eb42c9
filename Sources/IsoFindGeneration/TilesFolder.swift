import Foundation

/// The only folder from which a request's `mbtiles_path` may name a basemap. A path is resolved
/// once, when the request is validated; the pipeline keeps the resolved file.
public struct TilesFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The existing `.mbtiles` file that `requested` names inside this folder (a relative path is
    /// taken from the folder; symbolic links are resolved, so `..` and links cannot leave it), or
    /// one sentence saying why it may not be used.
    public func resolve(_ requested: String) -> Result<URL, Refusal> {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let url = requested.hasPrefix("/") ? URL(fileURLWithPath: requested) : URL(fileURLWithPath: path).appendingPathComponent(requested)
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath()
        guard resolved.path.hasPrefix(folder + "/") else {
            // The folder's absolute path stays out of the answer: the client only needs to know the rule.
            return .failure(Refusal(description: "mbtiles_path must name a file inside the tiles folder (tiles_dir in the configuration), e.g. region.mbtiles"))
        }
        guard resolved.path.lowercased().hasSuffix(".mbtiles") else {
            return .failure(Refusal(description: "mbtiles_path must name an .mbtiles file"))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .failure(Refusal(description: "mbtiles_path names no file: \(requested)"))
        }
        return .success(resolved)
    }

    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }
}
