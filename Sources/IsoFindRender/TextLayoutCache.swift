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
/// `2 × capacity` layouts per thread. A new text waits in a small probation area, where the rest
/// of its document still finds it (a column title on every page). It joins the generations when
/// another document asks for it (`beginDocument()` marks each one), or when it is asked for again
/// after it left probation (a unit far apart in a long report). What only one document uses a
/// few times, such as a report's number or a value of one sample, passes through, so the cache
/// holds what reports share and its memory stops growing once it has seen them. Texts longer
/// than `longestText` bytes (long paragraphs of one report) are laid out but not kept.
public final class TextLayoutCache {
    /// Entries per generation: the 11 700 distinct texts of the largest built-in report (the
    /// expert template with 200 samples, 195 pages) fit in one. About 3 KB each with their glyph
    /// runs, so a thread's cache stays under about 80 MB.
    public static let capacity = 12288
    /// The longest text kept, in UTF-8 bytes.
    public static let longestText = 1024
    /// Layouts waiting for a second document (emptied when full).
    public static let probationCapacity = 2048
    /// Hashes of keys that went through probation, remembered per generation.
    static let probationMemory = 4 * capacity

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
    /// Layouts not yet seen in two documents, with the document they were made for: found here
    /// within their document (a column title on every page), and moved to `recent` when another
    /// document asks for them. What only one document uses (its number, its date, a value of one
    /// sample) passes through here: `probationCapacity` at most, emptied when full.
    private var probation: [Key: (layout: TextLayout, document: UInt64)] = [:]
    /// The hashes of the keys that went through probation (two generations of
    /// `probationMemory`, 8 bytes each): a key asked for again after it left probation is kept
    /// at once.
    private var seen: Set<Int> = []
    private var seenBefore: Set<Int> = []
    /// The document being drawn on this thread (`beginDocument()`).
    private var document: UInt64 = 0
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
        if let hit = probation[key] {
            countHit()
            if hit.document != document {
                probation[key] = nil
                insert(hit.layout, for: key)
            }
            return hit.layout
        }
        local.misses += 1
        Self.totals.misses.add(1, ordering: .relaxed)
        let made = make()
        guard key.content.utf8.count <= Self.longestText else { return made }
        let hash = key.hashValue
        if seen.contains(hash) || seenBefore.contains(hash) {
            // Asked for again after it left probation: by a later document, or far apart in a
            // long one (a unit, "not provided"), so it repeats.
            insert(made, for: key)
            return made
        }
        if seen.count >= Self.probationMemory {
            seenBefore = seen
            seen = []
        }
        seen.insert(hash)
        if probation.count >= Self.probationCapacity { probation.removeAll(keepingCapacity: true) }
        probation[key] = (made, document)
        return made
    }

    /// Marks the start of a new document on the calling thread: a text another document used
    /// is kept from now on.
    public static func beginDocument() {
        current.document &+= 1
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
