import Foundation
import ZIPFoundation

/// Zips parts in memory with deflate.
enum ZIPBuilder {
    /// Each part's bytes come in pieces, so a large sheet need not be copied into one array first.
    static func deflatedArchive(_ parts: [(path: String, pieces: [[UInt8]])]) throws(XLSXError) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                let size = part.pieces.reduce(0) { $0 + $1.count }
                try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(size),
                                     compressionMethod: .deflate, bufferSize: 64 * 1024) { position, length in
                    bytes(of: part.pieces, in: Int(position)..<(Int(position) + length))
                }
            }
            guard let data = archive.data else { throw XLSXError("the in-memory ZIP archive has no data") }
            return [UInt8](data)
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError("cannot write the .xlsx ZIP archive (\(error))")
        }
    }

    private static func bytes(of pieces: [[UInt8]], in range: Range<Int>) -> Data {
        var data = Data(capacity: range.count)
        var pieceStart = 0
        for piece in pieces {
            let lower = max(range.lowerBound, pieceStart)
            let upper = min(range.upperBound, pieceStart + piece.count)
            if lower < upper {
                data.append(contentsOf: piece[(lower - pieceStart)..<(upper - pieceStart)])
            }
            pieceStart += piece.count
        }
        return data
    }
}
