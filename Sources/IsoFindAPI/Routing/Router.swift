import IsoFindDomain

/// Matches paths to routes. Literal segments win over parameters position by position, so fixed
/// paths (`/list`, `/templates`, `/download/{id}`…) are always matched before `/{id}`, whatever
/// the order in which routes were declared.
public struct Router: Sendable {
    public let routes: [Route]

    public enum Match {
        case found(Route, [String: String])
        /// The path exists but not with this method; the allowed methods are given.
        case methodNotAllowed([String])
        case notFound
    }

    public init(routes: [Route]) { self.routes = routes }

    /// The most specific path pattern that matches decides; then the method must be one it accepts.
    public func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/").map(String.init)
        let lookupMethod = method == "HEAD" ? "GET" : method
        var best: (rank: [Bool], routes: [(Route, [String: String])])?
        for route in routes where route.segments.count == parts.count {
            guard let (rank, parameters) = Router.bind(route.segments, to: parts) else { continue }
            if let current = best {
                if Router.outranks(current.rank, rank) { continue }
                if Router.outranks(rank, current.rank) { best = nil }
            }
            best = (rank, (best?.routes ?? []) + [(route, parameters)])
        }
        guard let best else { return .notFound }
        if let (route, parameters) = best.routes.first(where: { $0.0.method == lookupMethod }) {
            return .found(route, parameters)
        }
        return .methodNotAllowed(Array(Set(best.routes.map(\.0.method))).sorted())
    }

    private static func bind(_ segments: [Route.Segment], to parts: [String]) -> ([Bool], [String: String])? {
        var parameters: [String: String] = [:]
        var rank: [Bool] = []
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard literal == part else { return nil }
                rank.append(true)
            case .parameter(let name):
                parameters[name] = part
                rank.append(false)
            }
        }
        return (rank, parameters)
    }

    /// True when `a` is more specific than `b`: at the first position where they differ, `a` has a literal.
    static func outranks(_ a: [Bool], _ b: [Bool]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x }
        return false
    }
}
