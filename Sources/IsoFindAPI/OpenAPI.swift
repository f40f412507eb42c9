import IsoFindDomain
import IsoFindJSON

/// Documentation of one operation, from which the OpenAPI document is written.
public struct OperationDoc: Sendable {
    public struct Parameter: Sendable {
        public let name: String
        public let schema: Schema
        public let required: Bool
        public let description: String

        public init(_ name: String, _ schema: Schema, required: Bool = false, _ description: String) {
            self.name = name
            self.schema = schema
            self.required = required
            self.description = description
        }
    }

    public enum Content: Sendable {
        case json(Schema)
        /// JSON of any one of these shapes (`anyOf`), e.g. a 422 that is either the usual list of
        /// problems or a custom block's compile error.
        case jsonAnyOf([Schema])
        case media(String)
        case none
    }

    public struct ResponseDoc: Sendable {
        public let status: Int
        public let description: String
        public let content: Content

        public init(_ status: Int, _ description: String, _ content: Content) {
            self.status = status
            self.description = description
            self.content = content
        }
    }

    public var operationID: String
    public var tag: String
    public var summary: String
    public var description: String
    public var query: [Parameter]
    public var body: ObjectSchema?
    /// The media types of a body that is not JSON (e.g. "application/pdf"), read as bytes
    /// whatever its Content-Type; empty for none.
    public var bytesBody: [String]
    public var responses: [ResponseDoc]

    public init(_ operationID: String, tag: String, summary: String, description: String = "", query: [Parameter] = [],
                body: ObjectSchema? = nil, bytesBody: [String] = [], responses: [ResponseDoc]) {
        self.operationID = operationID
        self.tag = tag
        self.summary = summary
        self.description = description
        self.query = query
        self.body = body
        self.bytesBody = bytesBody
        self.responses = responses
    }
}

/// Writes the OpenAPI 3.1 document from the route table: every route, its parameters, bodies,
/// responses (including the error responses the dispatcher can produce) and access rule.
public enum OpenAPIDocument {
    public static func build(routes: [Route], version: String) -> JSONValue {
        var components = Components()
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.pattern, default: [:]][route.method.lowercased()] = operation(route, &components)
        }
        components.schemas["HTTPError"] = .object([
            "type": "object", "title": "HTTPError", "required": ["detail"],
            "properties": ["detail": ["type": "string"]],
        ])
        components.schemas["ValidationError"] = .object([
            "type": "object", "title": "ValidationError", "required": ["loc", "msg", "type"],
            "properties": [
                "loc": ["type": "array", "items": ["anyOf": [["type": "string"], ["type": "integer"]]]],
                "msg": ["type": "string"], "type": ["type": "string"],
            ],
        ])
        components.schemas["HTTPValidationError"] = .object([
            "type": "object", "title": "HTTPValidationError", "required": ["detail"],
            "properties": ["detail": ["type": "array", "items": ["$ref": "#/components/schemas/ValidationError"]]],
        ])
        return .object([
            "openapi": "3.1.0",
            "info": [
                "title": "IsoFind Reports API",
                "version": .string(version),
                "description": """
                    Templates, report generation and history, Nexus sessions, branding, custom Python blocks and \
                    matrix rules for IsoFind Reports. Send a service token as `Authorization: Bearer <token>` or \
                    `X-IsoFind-Token: <token>`; each operation states the role it needs.
                    """,
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "schemas": .object(components.schemas),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "A service token (`isofind-reports token create`)."],
                    "isofindToken": ["type": "apiKey", "in": "header", "name": "X-IsoFind-Token"],
                ],
            ],
        ])
    }

    struct Components {
        var schemas: [String: JSONValue] = [:]
    }

    static func operation(_ route: Route, _ components: inout Components) -> JSONValue {
        let doc = route.doc
        var parameters: [JSONValue] = []
        for segment in route.segments {
            if case .parameter(let name) = segment {
                parameters.append(["name": .string(name), "in": "path", "required": true, "schema": ["type": "integer"]])
            }
        }
        for parameter in doc.query {
            parameters.append(["name": .string(parameter.name), "in": "query", "required": .bool(parameter.required),
                               "description": .string(parameter.description),
                               "schema": jsonSchema(parameter.schema, &components)])
        }
        let isPublic = route.access.allowsAnonymous
        var responses: [String: JSONValue] = [:]
        for response in doc.responses {
            responses[String(response.status)] = responseObject(response, &components)
        }
        func addError(_ status: Int, _ description: String, validation: Bool = false) {
            guard responses[String(status)] == nil else { return }
            let ref = validation ? "#/components/schemas/HTTPValidationError" : "#/components/schemas/HTTPError"
            responses[String(status)] = ["description": .string(description),
                                         "content": ["application/json": ["schema": ["$ref": .string(ref)]]]]
        }
        let takesInput = doc.body != nil || !parameters.isEmpty
        if takesInput { addError(422, "The request is invalid; every problem is listed.", validation: true) }
        if route.pattern.hasPrefix("/api/reports/") {
            addError(401, "A token is needed and was missing, unknown, expired or revoked.")
            if let highest = route.access.highestRole, highest > .reader {
                addError(403, "The token's role is too low for this operation.")
            }
            addError(503, "The reports module is not loaded.")
        }
        addError(500, "Unexpected error; the detail carries a request id that also appears in the log.")
        var operation: [String: JSONValue] = [
            "operationId": .string(doc.operationID),
            "tags": [.string(doc.tag)],
            "summary": .string(doc.summary),
            "description": .string([doc.description, "Access: \(route.access.summary)."].filter { !$0.isEmpty }.joined(separator: "\n\n")),
            "responses": .object(responses),
            "security": isPublic ? [[:], ["bearer": []], ["isofindToken": []]] : [["bearer": []], ["isofindToken": []]],
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body = doc.body {
            operation["requestBody"] = ["required": true,
                                        "content": ["application/json": ["schema": jsonSchema(.ref(body.title, .object(body)), &components)]]]
        } else if !doc.bytesBody.isEmpty {
            let binary: JSONValue = ["schema": ["type": "string", "format": "binary"]]
            operation["requestBody"] = ["required": true,
                                        "content": .object(Dictionary(uniqueKeysWithValues: doc.bytesBody.map { ($0, binary) }))]
        }
        return .object(operation)
    }

    static func responseObject(_ response: OperationDoc.ResponseDoc, _ components: inout Components) -> JSONValue {
        var object: [String: JSONValue] = ["description": .string(response.description)]
        switch response.content {
        case .json(let schema): object["content"] = ["application/json": ["schema": jsonSchema(schema, &components)]]
        case .jsonAnyOf(let schemas):
            object["content"] = ["application/json": ["schema": ["anyOf": .array(schemas.map { jsonSchema($0, &components) })]]]
        case .media(let type): object["content"] = .object([type: ["schema": ["type": "string", "format": "binary"]]])
        case .none: break
        }
        return .object(object)
    }

    /// JSON Schema (2020-12, as OpenAPI 3.1 uses it) for a `Schema`.
    static func jsonSchema(_ schema: Schema, _ components: inout Components) -> JSONValue {
        switch schema {
        case .any:
            return [:]
        case .anyObject(let description):
            return ["type": "object", "description": .string(description), "additionalProperties": true]
        case .boolean:
            return ["type": "boolean"]
        case .number:
            return ["type": "number"]
        case .integer(let minimum, let maximum):
            var object: [String: JSONValue] = ["type": "integer"]
            if let minimum { object["minimum"] = .int(minimum) }
            if let maximum { object["maximum"] = .int(maximum) }
            return .object(object)
        case .string(let rules):
            var object: [String: JSONValue] = ["type": "string"]
            if let oneOf = rules.oneOf { object["enum"] = .array(oneOf.map(JSONValue.string)) }
            if let minLength = rules.minLength { object["minLength"] = .int(Int64(minLength)) }
            if let maxLength = rules.maxLength { object["maxLength"] = .int(Int64(maxLength)) }
            if let pattern = rules.pattern { object["pattern"] = .string(pattern.regex) }
            if let format = rules.format { object["format"] = .string(format) }
            if let examples = rules.examples { object["examples"] = JSONValue(strings: examples) }
            return .object(object)
        case .array(let element, let rules):
            var object: [String: JSONValue] = ["type": "array", "items": jsonSchema(element, &components)]
            if let minItems = rules.minItems { object["minItems"] = .int(Int64(minItems)) }
            if let maxItems = rules.maxItems { object["maxItems"] = .int(Int64(maxItems)) }
            if rules.uniqueItems { object["uniqueItems"] = true }
            return .object(object)
        case .nullable(let inner):
            return ["anyOf": [jsonSchema(inner, &components), ["type": "null"]]]
        case .ref(let name, let target):
            if components.schemas[name] == nil {
                components.schemas[name] = [:]  // reserve the name first: schemas may refer to themselves
                components.schemas[name] = jsonSchema(target, &components)
            }
            return ["$ref": .string("#/components/schemas/\(name)")]
        case .object(let object):
            var properties: [String: JSONValue] = [:]
            for field in object.fields {
                var property = jsonSchema(field.schema, &components)
                if case .object(var fields) = property, fields["$ref"] == nil {
                    if !field.description.isEmpty { fields["description"] = .string(field.description) }
                    if let defaultValue = field.defaultValue { fields["default"] = defaultValue }
                    property = .object(fields)
                }
                properties[field.name] = property
            }
            var result: [String: JSONValue] = [
                "type": "object", "title": .string(object.title), "properties": .object(properties),
                "additionalProperties": .bool(object.allowsUnknownFields),
            ]
            let required = object.fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { result["required"] = .array(required) }
            if let minProperties = object.minProperties { result["minProperties"] = .int(Int64(minProperties)) }
            return .object(result)
        }
    }
}
