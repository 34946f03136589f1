import Foundation
import Regulars
import RegularsStore

/// A fixed moment for tests: 2024-11-20 12:00:00 in Shanghai.
public let fixedNow = Instant(secondsSinceEpoch: 1_732_075_200)

/// A new folder under the system's temporary directory, removed when `body` returns.
public func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// A fresh SQLite store in a temporary file.
public func withTestStore<T>(_ body: (SQLiteStore, URL) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { folder in
        let store = try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
        return try await body(store, folder)
    }
}

/// Imports CSV text (UTF-8) as if it were a file called `name`.
public func importCSV(_ text: String, kind: ImportKind, into store: SQLiteStore, name: String = "test.csv",
                      channel: Channel? = nil, mapping: ImportMapping? = nil, batchSize: Int = 20_000,
                      now: Instant = fixedNow) async throws -> ImportReport {
    try await FileImporter.importBytes(Array(text.utf8), file: name,
                                       options: ImportOptions(kind: kind, channel: channel, mapping: mapping, batchSize: batchSize),
                                       store: store, now: now)
}

/// The repository's root folder, found from this source file's path.
public func repositoryRoot(_ file: StaticString = #filePath) -> URL {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Imports a file's bytes (CSV text in any encoding, or an .xlsx workbook) as if it were a file called `name`.
public func importFileBytes(_ bytes: [UInt8], kind: ImportKind, into store: SQLiteStore, name: String,
                            channel: Channel? = nil, mapping: ImportMapping? = nil,
                            now: Instant = fixedNow) async throws -> ImportReport {
    try await FileImporter.importBytes(bytes, file: name, options: ImportOptions(kind: kind, channel: channel, mapping: mapping),
                                       store: store, now: now)
}
