/// The product's name and version, as printed in reports (creator, provenance, certification),
/// served by `/health` and the OpenAPI document, and shown by `isofind-reports --version`.
public enum Product {
    public static let name = "IsoFind Reports"
    public static let version = "0.1.0"
}
