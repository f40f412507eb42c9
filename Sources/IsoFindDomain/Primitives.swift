// The small value types the report model is made of: languages, licences, FAIH natures,
// template modes, roles and bilingual labels.

/// A report language. Every heading, label, notice, date and number exists in both.
public enum Language: String, Codable, Sendable, CaseIterable {
    case fr, en
}

/// A licence tier. Tiers rank `research` < `research+` < `pro` < `enterprise`; a block or
/// template requires a tier, and the server's configured tier must be at least that.
public enum Licence: String, Codable, Sendable, CaseIterable, Comparable {
    case research
    case researchPlus = "research+"
    case pro
    case enterprise

    /// Position in the ranking, 0 for `research`.
    public var rank: Int {
        switch self {
        case .research: 0
        case .researchPlus: 1
        case .pro: 2
        case .enterprise: 3
        }
    }

    public static func < (lhs: Licence, rhs: Licence) -> Bool { lhs.rank < rhs.rank }

    /// Whether a server holding this licence may use something that requires `required`.
    public func permits(_ required: Licence) -> Bool { required <= self }
}

/// The FAIH nature of a block: what kind of statement its content makes. Content blocks show
/// the letter as a badge on their heading; structural blocks have `none`.
public enum Nature: String, Codable, Sendable, CaseIterable {
    /// F: measured or recorded facts, reported as they are.
    case factual = "F"
    /// A: computations on the facts (statistics, models, plots).
    case analytical = "A"
    /// I: interpretation, hedged and sourced.
    case interpreted = "I"
    /// H: honesty: limits, caveats, disclaimers, verification.
    case honest = "H"
    /// Structural blocks (cover, contents, glossary) carry no badge.
    case none = "none"

    /// The badge letter printed on a block heading, or nil for structural blocks.
    public var badge: String? { self == .none ? nil : rawValue }
}

/// A template's mode. Expert blocks placed in a `concis` template still render, with a warning.
public enum ReportMode: String, Codable, Sendable, CaseIterable {
    case concis, expert
}

/// An API caller's role. Roles nest: `reader` < `editor` < `admin`.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case reader, editor, admin

    public var rank: Int {
        switch self {
        case .reader: 0
        case .editor: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A text in French and English. Encodes as `{"fr": "...", "en": "..."}`.
public struct Localized: Sendable, Codable, Equatable {
    public let fr: String
    public let en: String

    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    public subscript(_ language: Language) -> String {
        switch language {
        case .fr: fr
        case .en: en
        }
    }
}
