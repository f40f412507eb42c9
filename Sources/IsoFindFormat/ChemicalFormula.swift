/// Chemical formulas as typeset text: `ZnSO4(aq)` → `ZnSO₄(aq)`, `Zn2+` → `Zn²⁺`,
/// `ZnHCO3+` → `ZnHCO₃⁺`, `CO3-2` → `CO₃²⁻`.
///
/// Only text that reads wholly as a formula is changed: element symbols with counts and
/// parentheses, then an optional charge (`+`, `2+`, `+2`, `^2-`, ` 2-`), then an optional state
/// (`(aq)`, `(s)`, `(l)`, `(g)`). Anything else (`cis-DCE`, a sentence) comes back unchanged.
/// A count right after a single element and before a sign is that ion's charge (`Fe3+`), as
/// chemists write it; after several elements it is a count (`NH4+`).
public enum ChemicalFormula {
    public static func unicode(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        var state = ""
        for suffix in ["(aq)", "(s)", "(l)", "(g)"] where text.hasSuffix(suffix) && text.count > suffix.count {
            state = suffix
            scalars.removeLast(suffix.unicodeScalars.count)
            break
        }
        guard let (body, elements, charge) = parse(scalars) else { return text }
        var out = ""
        var pendingCount = ""
        var index = 0
        // A lone element's trailing count before a sign is the charge magnitude (Zn2+).
        var chargeMagnitude = charge?.magnitude ?? ""
        var bodyEnd = body.count
        if let charge, charge.magnitude.isEmpty, elements == 1, let lastLetter = body.lastIndex(where: { $0.properties.isAlphabetic }),
           lastLetter < body.count - 1 {
            chargeMagnitude = String(String.UnicodeScalarView(body[(lastLetter + 1)...]))
            bodyEnd = lastLetter + 1
        }
        while index < bodyEnd {
            let s = body[index]
            if ("0"..."9").contains(s) {
                pendingCount.unicodeScalars.append(s)
            } else {
                out += Typography.subscriptDigits(pendingCount)
                pendingCount = ""
                out.unicodeScalars.append(s)
            }
            index += 1
        }
        out += Typography.subscriptDigits(pendingCount)
        if let charge {
            out += Typography.superscript(chargeMagnitude == "1" ? "" : chargeMagnitude) + Typography.superscript(charge.sign)
        }
        return out + state
    }

    /// The formula body (elements, counts, parentheses), how many element symbols it has, and its
    /// charge; nil when `scalars` is not a formula.
    static func parse(_ scalars: [Unicode.Scalar]) -> (body: [Unicode.Scalar], elements: Int, charge: (magnitude: String, sign: String)?)? {
        var end = scalars.count
        var charge: (magnitude: String, sign: String)?
        // Charge forms at the end: "+", "2+", "+2", "^2+", " 2+".
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        func isSign(_ s: Unicode.Scalar) -> Bool { s == "+" || s == "-" || s == "\u{2212}" }
        if end > 0, isSign(scalars[end - 1]) {
            let sign = scalars[end - 1] == "+" ? "+" : "-"
            end -= 1
            var digits = end
            while digits > 0, isDigit(scalars[digits - 1]) { digits -= 1 }
            if digits > 0, scalars[digits - 1] == "^" || scalars[digits - 1] == " " {
                charge = (String(String.UnicodeScalarView(scalars[digits..<end])), sign)
                end = digits - 1
            } else {
                charge = ("", sign)   // digits before a bare sign: decided by the caller (Fe3+ / NH4+)
            }
        } else {
            var digits = end
            while digits > 0, isDigit(scalars[digits - 1]) { digits -= 1 }
            if digits < end, digits > 0, isSign(scalars[digits - 1]) {
                charge = (String(String.UnicodeScalarView(scalars[digits..<end])), scalars[digits - 1] == "+" ? "+" : "-")
                end = digits - 1
            }
        }
        let body = Array(scalars[..<end])
        guard !body.isEmpty, ("A"..."Z").contains(body[0]) || body[0] == "(" else { return nil }
        var elements = 0
        var depth = 0
        var index = 0
        while index < body.count {
            let s = body[index]
            switch s {
            case "A"..."Z":
                elements += 1
                if index + 1 < body.count, ("a"..."z").contains(body[index + 1]) { index += 1 }
            case "0"..."9":
                guard index > 0 else { return nil }
            case "(": depth += 1
            case ")":
                depth -= 1
                guard depth >= 0 else { return nil }
            default: return nil
            }
            index += 1
        }
        guard depth == 0, elements > 0 else { return nil }
        return (body, elements, charge)
    }
}
