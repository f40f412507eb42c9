// `snapshots`: `{map: [img], section: [img]}` where `img` is a base64 PNG or JPEG string (a
// `data:` URI is fine) or `{image, caption}`. Unlike the other request dicts, a snapshot that is
// not a decodable PNG or JPEG is a 422 naming it (`["body", "snapshots", "map", 1]`), so every
// element of a list is read, even a malformed one, to be reported at its index. Each image is
// decoded once, when the request is read; the report keeps the decoded bytes.

import Foundation
import IsoFindJSON

/// The two snapshot lists of a request.
public enum SnapshotGroup: String, Sendable, CaseIterable, Hashable {
    case map, section
}

/// `snapshots`: map snapshots and vertical sections, each list in the order given, every image
/// decoded and checked.
public struct Snapshots: Sendable, Equatable {
    public var map: [DecodedSnapshot]?
    public var section: [DecodedSnapshot]?

    public init(map: [DecodedSnapshot]? = nil, section: [DecodedSnapshot]? = nil) {
        self.map = map
        self.section = section
    }

    /// Reads and decodes both lists. A list that is not a list is nil; inside a list, an element
    /// that is not a decodable PNG or JPEG is left out and reported in `errors` at its place
    /// (`["snapshots", group, index]`, map first; the API adds "body").
    public init(lenient c: LenientObject, errors: inout [ValidationIssue]) {
        var decoded: [SnapshotGroup: [DecodedSnapshot]] = [:]
        for group in SnapshotGroup.allCases {
            guard let elements = c.value(group.rawValue)?.arrayValue else { continue }
            var images: [DecodedSnapshot] = []
            for (index, element) in elements.enumerated() {
                let snapshot = Snapshot(element)
                do {
                    images.append(DecodedSnapshot(image: try snapshot.decodedImage(), caption: snapshot.caption))
                } catch {
                    errors.append(error.located(group: group, index: index).issue)
                }
            }
            decoded[group] = images
        }
        map = decoded[.map]
        section = decoded[.section]
    }

    public subscript(group: SnapshotGroup) -> [DecodedSnapshot]? {
        switch group {
        case .map: map
        case .section: section
        }
    }

    /// The number of snapshots of both groups.
    public var count: Int { (map?.count ?? 0) + (section?.count ?? 0) }
}

/// One snapshot: the image text as given and an optional caption.
public struct Snapshot: Sendable, Equatable {
    /// Base64 (standard or URL-safe alphabet, padding optional, line breaks allowed), or a
    /// `data:<type>;base64,<data>` URI. Empty when the element had no usable image.
    public var image: String
    public var caption: String?

    public init(image: String, caption: String? = nil) {
        self.image = image
        self.caption = caption
    }

    /// A string is the image; an object gives `image` and `caption` (tolerantly); anything else
    /// (a number, null, a list, an object without `image`) keeps an empty image, which
    /// `decodedImage()` refuses, so the element can be reported at its index.
    public init(_ element: JSONValue) {
        if let text = element.stringValue {
            image = text
            caption = nil
        } else if let c = LenientObject(element) {
            image = c.string("image") ?? ""
            caption = c.string("caption")
        } else {
            image = ""
            caption = nil
        }
    }

    /// The image bytes, checked: a `data:` prefix is removed (its media type is not trusted: the
    /// bytes decide), the rest is base64-decoded, and the bytes must be a PNG (signature, a valid
    /// IHDR with a nonzero size, image data, IEND) or a JPEG (SOI, then a baseline, extended or
    /// progressive frame header with a nonzero size before the first scan). The error has no
    /// location; `Snapshots` adds it.
    public func decodedImage() throws(SnapshotError) -> DecodedImage {
        let bytes = try Self.base64Payload(image)
        do {
            return try DecodedImage(validating: bytes)
        } catch {
            throw SnapshotError(reason: error.snapshotReason)
        }
    }

    /// The bytes of a base64 text or `data:` URI. Works on UTF-8 bytes: images run to megabytes.
    static func base64Payload(_ text: String) throws(SnapshotError) -> [UInt8] {
        var utf8 = Array(text.utf8)[...]
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        while let first = utf8.first, isSpace(first) { utf8 = utf8.dropFirst() }
        if utf8.count >= 5, String(decoding: utf8.prefix(5), as: UTF8.self).lowercased() == "data:" {
            guard let comma = utf8.firstIndex(of: UInt8(ascii: ",")) else { throw SnapshotError(reason: .invalidBase64) }
            let parameters = String(decoding: utf8[(utf8.startIndex + 5)..<comma], as: UTF8.self)
                .split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parameters.contains("base64") else { throw SnapshotError(reason: .invalidBase64) }
            utf8 = utf8[(comma + 1)...]
        }
        var characters: [UInt8] = []
        characters.reserveCapacity(utf8.count + 2)
        var padding = 0
        for byte in utf8 where !isSpace(byte) {
            let mapped: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                mapped = byte
            case UInt8(ascii: "-"): mapped = UInt8(ascii: "+")
            case UInt8(ascii: "_"): mapped = UInt8(ascii: "/")
            case UInt8(ascii: "="):
                padding += 1
                continue
            default:
                throw SnapshotError(reason: .invalidBase64)
            }
            // Padding may only end the text.
            guard padding == 0 else { throw SnapshotError(reason: .invalidBase64) }
            characters.append(mapped)
        }
        if characters.isEmpty && padding == 0 { throw SnapshotError(reason: .missingImage) }
        guard padding <= 2, !characters.isEmpty, characters.count % 4 != 1 else {
            throw SnapshotError(reason: .invalidBase64)
        }
        characters += Array(repeating: UInt8(ascii: "="), count: (4 - characters.count % 4) % 4)
        guard let data = Data(base64Encoded: Data(characters)) else { throw SnapshotError(reason: .invalidBase64) }
        return [UInt8](data)
    }
}

/// A snapshot decoded: its checked image and its caption.
public struct DecodedSnapshot: Sendable, Equatable {
    public var image: DecodedImage
    public var caption: String?

    public init(image: DecodedImage, caption: String? = nil) {
        self.image = image
        self.caption = caption
    }
}

/// Why a snapshot was refused, and where it is once known.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// An empty string, or an element that is neither a string nor `{image, caption}`.
        case missingImage
        /// Characters outside the base64 alphabet, impossible length, or a `data:` URI that is
        /// not base64.
        case invalidBase64
        /// Neither the PNG nor the JPEG signature.
        case notPNGOrJPEG
        /// A PNG signature with a broken structure; the text says what.
        case invalidPNG(String)
        /// A JPEG signature with a broken or unsupported structure; the text says what.
        case invalidJPEG(String)
    }

    public var group: SnapshotGroup?
    /// 0-based position in the group's list.
    public var index: Int?
    public var reason: Reason

    public init(group: SnapshotGroup? = nil, index: Int? = nil, reason: Reason) {
        self.group = group
        self.index = index
        self.reason = reason
    }

    /// The same error at a position.
    public func located(group: SnapshotGroup, index: Int) -> SnapshotError {
        SnapshotError(group: group, index: index, reason: reason)
    }

    /// `["snapshots", group, index]` when located, else `["snapshots"]`.
    public var loc: [LocComponent] {
        guard let group, let index else { return ["snapshots"] }
        return ["snapshots", .key(group.rawValue), .index(index)]
    }

    /// E.g. "snapshot 2 of 'map' is not a PNG or JPEG image" (the number counts from 1).
    public var message: String {
        let subject = if let group, let index { "snapshot \(index + 1) of '\(group.rawValue)'" } else { "snapshot" }
        let predicate = switch reason {
        case .missingImage: "has no image (expected a base64 PNG or JPEG string, or {image, caption})"
        case .invalidBase64: "is not valid base64"
        case .notPNGOrJPEG: "is not a PNG or JPEG image"
        case .invalidPNG(let detail): "is not a valid PNG image: \(detail)"
        case .invalidJPEG(let detail): "is not a valid JPEG image: \(detail)"
        }
        return "\(subject) \(predicate)"
    }

    public var description: String { message }

    /// The 422 detail entry (without the "body" prefix).
    public var issue: ValidationIssue { ValidationIssue(loc: loc, msg: message) }
}

// MARK: - Image checks

/// The raster formats accepted for snapshots.
public enum ImageKind: String, Sendable, Hashable, CaseIterable {
    case png, jpeg

    public var mimeType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }
}

/// Why bytes are not an accepted image.
public enum ImageFormatError: Error, Sendable, Equatable {
    case notPNGOrJPEG
    case invalidPNG(String)
    case invalidJPEG(String)

    var snapshotReason: SnapshotError.Reason {
        switch self {
        case .notPNGOrJPEG: .notPNGOrJPEG
        case .invalidPNG(let detail): .invalidPNG(detail)
        case .invalidJPEG(let detail): .invalidJPEG(detail)
        }
    }
}

/// PNG or JPEG bytes whose signature and header structure have been checked, with the pixel
/// size read from the header. The compressed data itself is not decoded.
public struct DecodedImage: Sendable, Equatable {
    public var bytes: [UInt8]
    public var kind: ImageKind
    public var pixelWidth: Int
    public var pixelHeight: Int

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]

    /// Checks `bytes` (see `Snapshot.decodedImage()` for what is checked).
    public init(validating bytes: [UInt8]) throws(ImageFormatError) {
        let size: (width: Int, height: Int)
        if bytes.starts(with: Self.pngSignature) {
            kind = .png
            size = try Self.pngSize(bytes)
        } else if bytes.starts(with: Self.jpegSignature) {
            kind = .jpeg
            size = try Self.jpegSize(bytes)
        } else {
            throw .notPNGOrJPEG
        }
        self.bytes = bytes
        pixelWidth = size.width
        pixelHeight = size.height
    }

    private static func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    private static func be16(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    /// CRC-32 (ISO 3309), as PNG chunks use it.
    static func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// Walks the chunks: IHDR first (13 bytes, correct CRC, nonzero size, a valid bit depth and
    /// colour type), at least one IDAT, and IEND within the bytes.
    private static func pngSize(_ bytes: [UInt8]) throws(ImageFormatError) -> (width: Int, height: Int) {
        var position = 8
        var size: (width: Int, height: Int)?
        var sawImageData = false
        while true {
            guard position + 12 <= bytes.count else {
                throw .invalidPNG(size == nil ? "the IHDR chunk is missing" : "the file is truncated (no IEND chunk)")
            }
            let length = Int(be32(bytes, position))
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            guard length <= Int(Int32.max), position + 12 + length <= bytes.count else {
                throw .invalidPNG("the \(type) chunk runs past the end of the file")
            }
            let data = position + 8
            if size == nil {
                guard type == "IHDR", length == 13 else { throw .invalidPNG("the first chunk is not a valid IHDR") }
                guard crc32(bytes[(position + 4)..<(data + length)]) == be32(bytes, data + length) else {
                    throw .invalidPNG("the IHDR chunk has a wrong CRC")
                }
                let width = be32(bytes, data), height = be32(bytes, data + 4)
                guard width > 0, height > 0, width <= UInt32(Int32.max), height <= UInt32(Int32.max) else {
                    throw .invalidPNG("the width or height is zero or too large")
                }
                let depth = bytes[data + 8], colour = bytes[data + 9]
                let depths: [UInt8: Set<UInt8>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
                guard depths[colour]?.contains(depth) == true else {
                    throw .invalidPNG("colour type \(colour) with bit depth \(depth) is not allowed")
                }
                guard bytes[data + 10] == 0, bytes[data + 11] == 0, bytes[data + 12] <= 1 else {
                    throw .invalidPNG("unknown compression, filter or interlace method")
                }
                size = (Int(width), Int(height))
            } else if type == "IDAT" {
                sawImageData = true
            } else if type == "IEND" {
                guard sawImageData, let size else { throw .invalidPNG("there is no image data (IDAT chunk)") }
                return size
            }
            position = data + length + 4
        }
    }

    /// Walks the segments after SOI up to the frame header (SOF0, SOF1 or SOF2), which must give a
    /// nonzero size and 1 to 4 components and come before the first scan.
    private static func jpegSize(_ bytes: [UInt8]) throws(ImageFormatError) -> (width: Int, height: Int) {
        var position = 2
        while true {
            guard position < bytes.count, bytes[position] == 0xFF else {
                throw .invalidJPEG(position >= bytes.count ? "no frame header (SOF) was found" : "a marker was expected")
            }
            while position < bytes.count, bytes[position] == 0xFF { position += 1 }
            guard position < bytes.count else { throw .invalidJPEG("no frame header (SOF) was found") }
            let marker = bytes[position]
            position += 1
            switch marker {
            case 0x01, 0xD0...0xD7:
                continue
            case 0xD9, 0xDA:
                throw .invalidJPEG("no frame header (SOF) before the image data")
            case 0x00, 0xD8:
                throw .invalidJPEG("an unexpected marker was found")
            default:
                break
            }
            guard position + 2 <= bytes.count else { throw .invalidJPEG("the file is truncated") }
            let length = be16(bytes, position)
            guard length >= 2, position + length <= bytes.count else { throw .invalidJPEG("the file is truncated") }
            switch marker {
            case 0xC0, 0xC1, 0xC2:
                guard length >= 8 else { throw .invalidJPEG("the frame header is too short") }
                let height = be16(bytes, position + 3), width = be16(bytes, position + 5)
                let components = bytes[position + 7]
                guard width > 0, height > 0 else { throw .invalidJPEG("the width or height is zero") }
                guard (1...4).contains(components) else {
                    throw .invalidJPEG("\(components) colour components is not supported")
                }
                return (width, height)
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                throw .invalidJPEG("only baseline and progressive JPEG are supported")
            default:
                position += length
            }
        }
    }
}
