import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// What a handler gets: the request, its caller, its body (already checked against the route's schema), its
/// parameters and the server's services.
public struct APICall: Sendable {
    public let request: Request
    /// The key that called (nil only on open routes).
    public let caller: APIKey?
    public let services: APIServices
    public let body: Data
    public let json: JSONValue?
    let parameters: Parameters

    public var store: any ServerStore { services.store }
    public var now: Instant { services.clock() }
    /// False for analysts: names, phone numbers and e-mail addresses are masked for them.
    public var seesPersonalData: Bool { caller?.role.seesPersonalData ?? false }

    /// A path parameter.
    public func path(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw Problem.invalid(at: name, "missing path parameter \(name)") }
        return value.removingPercentEncoding ?? value
    }

    /// A path parameter that is a customer or record id.
    public func pathID(_ name: String) throws -> Int64 {
        let text = try path(name)
        guard let id = Int64(text), id > 0 else { throw Problem.invalid(at: name, "'\(text)' is not an id (a positive whole number)") }
        return id
    }

    /// A query parameter, if given.
    public func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// A whole-number query parameter within `range`, or `defaultValue` when absent.
    public func query(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = query(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.invalid(at: name, "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// The body as `T` (the schema check has already run; this catches what a schema cannot say).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            if let json { return try JSONValueDecoder.decode(type, from: json) }
            return try JSONDecoder().decode(type, from: body)
        } catch let error as DecodingError {
            throw Problem.invalid([APIDecoding.problem(error)])
        }
    }

    public func settings() async throws -> ShopSettings { try await store.loadSettings() }
}

enum APIDecoding {
    static func problem(_ error: DecodingError) -> FieldProblem {
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(pointer: pointer(context.codingPath + [key]), detail: "missing")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return FieldProblem(pointer: pointer(context.codingPath), detail: context.debugDescription)
        @unknown default:
            return FieldProblem(pointer: "", detail: "\(error)")
        }
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
    }

    /// `benefit.tiers[2].threshold` (the promotion decoders' form, counting from 1) as a JSON Pointer.
    static func pointer(fromDottedPath path: String) -> String {
        guard !path.isEmpty else { return "" }
        var result = ""
        var current = ""
        var index = ""
        var inIndex = false
        for character in path {
            switch character {
            case ".":
                if !current.isEmpty { result += "/" + current; current = "" }
            case "[":
                if !current.isEmpty { result += "/" + current; current = "" }
                inIndex = true
            case "]":
                result += "/" + String((Int(index) ?? 1) - 1)
                index = ""
                inIndex = false
            default:
                if inIndex { index.append(character) } else { current.append(character) }
            }
        }
        if !current.isEmpty { result += "/" + current }
        return result
    }
}
