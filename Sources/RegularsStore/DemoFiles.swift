import Foundation
import Regulars

/// Writes a demo shop's three CSV files into a folder, streaming (any size up to millions of orders).
public enum DemoFiles {
    /// Returns the path of each file written.
    @discardableResult
    public static func write(_ spec: DemoShopSpec, to folder: String) throws -> [DemoFile: String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var handles: [DemoFile: FileHandle] = [:]
        var paths: [DemoFile: String] = [:]
        for file in DemoFile.allCases {
            let path = (folder as NSString).appendingPathComponent(file.fileName)
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw StoreError.invalid("cannot write \(path)")
            }
            handles[file] = handle
            paths[file] = path
        }
        defer { for handle in handles.values { try? handle.close() } }
        try DemoShop.generate(spec) { file, chunk in
            try handles[file]!.write(contentsOf: chunk)
        }
        return paths
    }
}
