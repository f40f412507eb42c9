import IsoFindJSON

/// `{"success": true, "id": id}`, the answer to every DELETE.
enum DeletedJSON {
    static func object(_ id: Int) -> JSONValue { ["success": true, "id": .int(Int64(id))] }

    static let schema = Schema.object(ObjectSchema("Deleted", [
        Field("success", .boolean, required: true), Field("id", .integer(), required: true),
    ]))
}

extension OperationDoc.ResponseDoc {
    /// A documented 404 with FastAPI's `{"detail": …}`.
    static func notFound(_ description: String) -> OperationDoc.ResponseDoc {
        .init(404, description, .json(.ref("HTTPError", .any)))
    }
}
