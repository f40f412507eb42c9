/// The harness's Python sources, embedded in the binary at build time (`Harness/*.py`), so that
/// a worker reads no file of its own from disk: `harness.py` is executed, and it builds the other
/// modules from `_SOURCES`.
enum HarnessSources {
    static let main = text(PackageResources.harness_py)
    /// Module name → source, as `harness.py` expects them in `_SOURCES`.
    static let modules: [(String, String)] = [
        ("contract", text(PackageResources.contract_py)),
        ("reportlab_subset", text(PackageResources.reportlab_subset_py)),
    ]

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
