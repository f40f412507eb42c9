// Laid-out text kept and reused per thread: what repeats within a report and from one report to
// the next (headings, column titles, labels, units, sample names, numbers, boilerplate
// paragraphs, the running header) is shaped once.
import CCairo
import Synchronization

/// A bounded cache of `TextLayout`s, one per thread (Pango objects belong to the thread whose font
/// map made them, and the render threads are long-lived).
///
/// Keyed by everything that decides the layout: the characters, whether they are markup, the
/// font, the width, the alignment, the line spacing, the language and the breaking option. A
/// cached layout is immutable once made, so handing the same one out twice draws the same glyphs:
/// the PDF is byte for byte what it was without the cache.
///
/// Bounded by two generations of `capacity` entries each: lookups go to the recent one, then to
/// the older one (a hit there moves the entry back); when the recent one is full, it becomes the
/// older one and the previous older one is dropped. That is LRU-like at O(1), with at most
/// `2 × capacity` layouts per thread. A text is kept from its second sight on (a doorkeeper, as
/// in TinyLFU): what appears once, such as a report's number and date or a value of one sample,
/// never takes room, so the cache holds what repeats and its memory stops growing once it has
/// seen the reports' common texts. Texts longer than `longestText` bytes (long paragraphs of one
/// report) are laid out but not kept.
public final class TextLayoutCache {
    /// Entries per generation: the 11 700 distinct texts of the largest built-in report (the
    /// expert template with 200 samples, 195 pages) fit in one. About 3 KB each with their glyph
    /// runs, so a thread's cache stays under about 80 MB.
    public static let capacity = 12288
    /// The longest text kept, in UTF-8 bytes.
    public static let longestText = 1024
    /// Hashes per generation of the texts seen once.
    static let seenCapacity = 4 * capacity

    struct Key: Hashable {
        enum Source: Hashable { case markup(breaksOnlyAtSpaces: Bool), text(singleLine: Bool) }
        let content: String
        let source: Source
        let font: FontSpec
        let width: Double?
        let alignment: TextAlignment
        let lineSpacing: Double
        let language: String
    }

    private var recent: [Key: TextLayout] = [:]
    private var older: [Key: TextLayout] = [:]
    /// Hashes of the keys seen once and not kept: a text is kept from its second sight on, so
    /// that what never repeats (a report's number, its date, a one-off value) never fills the
    /// cache. Two generations too, of `seenCapacity` hashes (8 bytes each).
    private var seen: Set<Int> = []
    private var seenBefore: Set<Int> = []
    /// This thread's lookups (the process-wide totals are in `statistics`).
    private var local = Statistics(hits: 0, misses: 0)

    private init() {
        recent.reserveCapacity(Self.capacity)
    }

    /// The layout for `key`, made by `make` on a miss.
    func layout(_ key: Key, make: () -> TextLayout) -> TextLayout {
        if let hit = recent[key] {
            countHit()
            return hit
        }
        if let hit = older.removeValue(forKey: key) {
            countHit()
            insert(hit, for: key)
            return hit
        }
        local.misses += 1
        Self.totals.misses.add(1, ordering: .relaxed)
        let made = make()
        guard key.content.utf8.count <= Self.longestText else { return made }
        let hash = key.hashValue
        if seen.contains(hash) || seenBefore.contains(hash) {
            insert(made, for: key)
        } else {
            if seen.count >= Self.seenCapacity {
                seenBefore = seen
                seen = []
            }
            seen.insert(hash)
        }
        return made
    }

    private func countHit() {
        local.hits += 1
        Self.totals.hits.add(1, ordering: .relaxed)
    }

    private func insert(_ layout: TextLayout, for key: Key) {
        if recent.count >= Self.capacity {
            older = recent
            recent = [:]
            recent.reserveCapacity(Self.capacity)
        }
        recent[key] = layout
    }

    /// The calling thread's cache, made on first use and kept for the thread's life.
    static var current: TextLayoutCache {
        let slots = isofind_thread_slots()!
        if let cache = slots[cacheSlot] { return Unmanaged<TextLayoutCache>.fromOpaque(cache).takeUnretainedValue() }
        let cache = TextLayoutCache()
        slots[cacheSlot] = Unmanaged.passRetained(cache).toOpaque()
        return cache
    }

    /// `isofind_thread_slots()`: 0 and 1 hold the measuring contexts (English, French).
    private static let cacheSlot = 2

    // MARK: - Statistics

    private struct Totals: ~Copyable {
        let hits = Atomic<Int>(0)
        let misses = Atomic<Int>(0)
    }

    private static let totals = Totals()

    /// Lookups since the process started, over every thread: how often a layout was reused.
    public struct Statistics: Equatable, Sendable {
        public var hits: Int
        public var misses: Int

        public init(hits: Int, misses: Int) {
            self.hits = hits
            self.misses = misses
        }
        /// Hits over lookups, 0 before the first lookup.
        public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }
    }

    /// The calling thread's lookups: what one render on a dedicated thread reused.
    public static var threadStatistics: Statistics { current.local }

    /// Lookups over every thread since the process started.
    public static var statistics: Statistics {
        Statistics(hits: totals.hits.load(ordering: .relaxed), misses: totals.misses.load(ordering: .relaxed))
    }
}

extension TextLayout {
    /// `markup` laid out (Pango markup: `<b>`, `<i>`, `<sup>`, `<span …>`), or the same
    /// characters as plain text when they are not valid markup, from the thread's cache.
    /// The parameters are those of `init(markup:…)`.
    public static func cached(markup: String, font: FontSpec, width: Double?, alignment: TextAlignment = .left,
                              lineSpacing: Double = 1.0, language: String = "en", breaksOnlyAtSpaces: Bool = false) -> TextLayout {
        let key = TextLayoutCache.Key(content: markup, source: .markup(breaksOnlyAtSpaces: breaksOnlyAtSpaces), font: font,
                                      width: width, alignment: alignment, lineSpacing: lineSpacing, language: language)
        return TextLayoutCache.current.layout(key) {
            (try? TextLayout(markup: markup, font: font, width: width, alignment: alignment, lineSpacing: lineSpacing,
                             language: language, breaksOnlyAtSpaces: breaksOnlyAtSpaces))
                ?? TextLayout(text: markup, font: font, width: width, alignment: alignment, lineSpacing: lineSpacing,
                              language: language)
        }
    }

    /// Plain `text` laid out (no markup is interpreted), from the thread's cache. The parameters
    /// are those of `init(text:…)`.
    public static func cached(text: String, font: FontSpec, width: Double?, alignment: TextAlignment = .left,
                              lineSpacing: Double = 1.0, language: String = "en", singleLine: Bool = false) -> TextLayout {
        let key = TextLayoutCache.Key(content: text, source: .text(singleLine: singleLine), font: font, width: width,
                                      alignment: alignment, lineSpacing: lineSpacing, language: language)
        return TextLayoutCache.current.layout(key) {
            TextLayout(text: text, font: font, width: width, alignment: alignment, lineSpacing: lineSpacing,
                       language: language, singleLine: singleLine)
        }
    }
}
