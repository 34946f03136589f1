import Foundation
import ZIPFoundation

/// The ZIP container of a workbook, read from memory, whose XML parts are streamed through a tokenizer.
struct XLSXPackage {
    /// Decompressed bytes handed to the tokenizer at a time.
    static let chunkSize = 64 * 1024

    private let archive: Archive

    init(bytes: [UInt8]) throws(XLSXError) {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw XLSXError("not an .xlsx workbook: an OLE compound file (a password-protected .xlsx or an old .xls)")
        }
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw XLSXError("not an .xlsx workbook: not a ZIP archive")
        }
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw XLSXError("not an .xlsx workbook: unreadable ZIP archive (\(error))")
        }
    }

    /// The entry at `path`; producers differ in case and slashes, so those are forgiven.
    func entry(_ path: String) -> Entry? {
        if let exact = archive[path] { return exact }
        let wanted = path.lowercased()
        return archive.first { $0.path.replacingOccurrences(of: "\\", with: "/").lowercased() == wanted }
    }

    func contains(_ path: String) -> Bool { entry(path) != nil }

    /// What the ZIP directory says the part's size is: a hint, not to be trusted.
    func declaredSize(of path: String) -> Int {
        entry(path).map { Int(clamping: $0.uncompressedSize) } ?? 0
    }

    /// Streams the XML part at `path` into `handler`, `chunkSize` bytes at a time.
    func parse<Handler: XMLEventHandler>(
        _ path: String, into handler: inout Handler, chunkSize: Int = XLSXPackage.chunkSize
    ) throws(XLSXError) {
        guard let entry = entry(path) else { throw XLSXError("not an .xlsx workbook: no \(path)") }
        var tokenizer = XMLTokenizer(partName: path)
        do {
            _ = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: true) { chunk in
                try chunk.withUnsafeBytes { raw in
                    try tokenizer.feed(raw.assumingMemoryBound(to: UInt8.self), to: &handler)
                }
            }
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError("\(path): cannot decompress (\(error))")
        }
        try tokenizer.finish(to: &handler)
    }

    /// Parses a whole part into a fresh handler.
    func parse<Handler: XMLEventHandler>(_ path: String, as handler: Handler) throws(XLSXError) -> Handler {
        var handler = handler
        try parse(path, into: &handler)
        return handler
    }
}
