import IsoFindRender

/// The report's typography and colours, in one place so that every block looks like one document.
public enum Theme {
    public static let bodySize = 9.5
    public static let smallSize = 8.0
    public static let lineSpacing = 1.15

    public static let body = FontSpec(size: bodySize)
    public static let bodyBold = FontSpec(size: bodySize, weight: .bold)
    public static let small = FontSpec(size: smallSize)
    public static let smallBold = FontSpec(size: smallSize, weight: .bold)
    public static let caption = FontSpec(size: smallSize, italic: true)
    public static func heading(level: Int) -> FontSpec {
        FontSpec(size: level <= 1 ? 15 : level == 2 ? 12 : 10.5, weight: .bold)
    }

    public static let text = Color(hex: "#1F2933")!
    public static let muted = Color(hex: "#5F6B7A")!
    public static let accent = Color(hex: "#1B5E7A")!
    public static let accentLight = Color(hex: "#E6F0F4")!
    public static let rule = Color(hex: "#C9D1D9")!
    public static let zebra = Color(hex: "#F5F7F9")!
    public static let warning = Color(hex: "#9A5B00")!
    public static let warningLight = Color(hex: "#FFF4E0")!
    public static let alert = Color(hex: "#B42318")!
    public static let alertLight = Color(hex: "#FDECEA")!

    /// Series colours for charts: distinguishable in colour and in grey print (Okabe–Ito).
    public static let series: [Color] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
        .map { Color(hex: $0)! }

    /// Page geometry (A4, points).
    public static let pageMargin = 56.0
    public static let headerHeight = 34.0
    public static let footerHeight = 28.0
}
