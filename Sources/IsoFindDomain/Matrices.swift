// Matrix groups and relevance rules (api.md "Matrix groups"): the types and their JSON shape.

/// A group of sampling matrices that compare directly with one another (e.g. all waters).
public struct MatrixGroup: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    /// `#RRGGBB`, used for the group's swatch in reports.
    public var color: String
    /// Concrete matrices, in any language; see `MatrixName.canonical`.
    public var matrices: [String]
    public var note: String?

    public init(id: String, name: String, color: String, matrices: [String], note: String? = nil) {
        self.id = id
        self.name = name
        self.color = color
        self.matrices = matrices
        self.note = note
    }

    private enum CodingKeys: String, CodingKey { case id, name, color, matrices, note }

    /// A missing `id` decodes as "" so that `MatrixConfiguration.validate()` reports it with
    /// its location, alongside every other problem; `note` may be absent or null.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        name = try c.decode(String.self, forKey: .name)
        color = try c.decode(String.self, forKey: .color)
        matrices = try c.decode([String].self, forKey: .matrices)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    /// Always writes `note`, as null when absent, so the JSON shape never varies.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(color, forKey: .color)
        try c.encode(matrices, forKey: .matrices)
        try c.encode(note, forKey: .note)
    }
}

/// Whether matrices of `fromGroup` may be compared with matrices of `toGroup`.
/// `MatrixConfiguration.check` reads a rule in both directions, forward first.
public struct MatrixRule: Sendable, Codable, Equatable {
    public var fromGroup: String
    public var toGroup: String
    public var relevant: Bool
    public var note: String?

    public init(fromGroup: String, toGroup: String, relevant: Bool, note: String? = nil) {
        self.fromGroup = fromGroup
        self.toGroup = toGroup
        self.relevant = relevant
        self.note = note
    }

    private enum CodingKeys: String, CodingKey {
        case fromGroup = "from_group"
        case toGroup = "to_group"
        case relevant, note
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fromGroup = try c.decode(String.self, forKey: .fromGroup)
        toGroup = try c.decode(String.self, forKey: .toGroup)
        relevant = try c.decode(Bool.self, forKey: .relevant)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    /// Always writes `note`, as null when absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fromGroup, forKey: .fromGroup)
        try c.encode(toGroup, forKey: .toGroup)
        try c.encode(relevant, forKey: .relevant)
        try c.encode(note, forKey: .note)
    }
}

/// The whole matrix configuration: `{"groups": [...], "rules": [...]}`.
public struct MatrixConfiguration: Sendable, Codable, Equatable {
    public var groups: [MatrixGroup]
    public var rules: [MatrixRule]

    public init(groups: [MatrixGroup], rules: [MatrixRule]) {
        self.groups = groups
        self.rules = rules
    }

    /// The first group that lists `matrix` (compared by `MatrixName.canonical`), or nil.
    public func group(containing matrix: String) -> MatrixGroup? {
        let wanted = MatrixName.canonical(matrix)
        guard !wanted.isEmpty else { return nil }
        return groups.first { $0.matrices.contains { MatrixName.canonical($0) == wanted } }
    }

    /// The group with this id, or nil.
    public func group(id: String) -> MatrixGroup? { groups.first { $0.id == id } }

    /// The rule from `from` to `to` in that direction, or nil.
    public func rule(from: String, to: String) -> MatrixRule? {
        rules.first { $0.fromGroup == from && $0.toGroup == to }
    }
}
