import Foundation
import HTTPTypes
import Hummingbird

/// An error answer as RFC 9457 `application/problem+json`: a type, a title, the status, what went wrong and, for
/// bad input, each problem with its place.
public struct Problem: Error, HTTPResponseError, Sendable, Codable, Equatable {
    public var type: String
    public var title: String
    public var statusCode: Int
    public var detail: String?
    public var errors: [FieldProblem]?
    /// The methods a path does answer to, for a 405's `Allow` header.
    var allow: String?

    enum CodingKeys: String, CodingKey {
        case type, title, statusCode = "status", detail, errors
    }

    public init(_ status: HTTPResponse.Status, type: String = "about:blank", title: String? = nil, detail: String? = nil,
                errors: [FieldProblem]? = nil) {
        self.type = type
        self.title = title ?? status.reasonPhrase
        self.statusCode = status.code
        self.detail = detail
        self.errors = errors
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if statusCode == 401 { headers[.wwwAuthenticate] = "Bearer" }
        if let allow { headers[.allow] = allow }
        let body = (try? JSONEncoder.api.encode(self)) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    // MARK: The problems this server answers with

    public static func invalid(_ errors: [FieldProblem], detail: String = "the request has invalid fields") -> Problem {
        Problem(.unprocessableContent, type: "urn:regulars:problem:invalid-fields", title: "Invalid fields", detail: detail,
                errors: errors)
    }

    public static func invalid(at pointer: String, _ detail: String) -> Problem {
        invalid([FieldProblem(pointer: pointer, detail: detail)], detail: detail)
    }

    public static func malformed(_ detail: String) -> Problem {
        Problem(.badRequest, type: "urn:regulars:problem:malformed-json", title: "Malformed JSON", detail: detail)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, type: "urn:regulars:problem:not-found", title: "Not found", detail: detail)
    }

    public static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, type: "urn:regulars:problem:conflict", title: "Conflict", detail: detail)
    }

    /// What is stored says no (a coupon already used, a budget spent, a name taken): nothing was changed. A 409, as
    /// the request itself was well formed and could succeed against other state.
    public static func refused(_ detail: String) -> Problem {
        Problem(.conflict, type: "urn:regulars:problem:refused", title: "Refused", detail: detail)
    }
}

extension JSONEncoder {
    /// How the API writes JSON. Keys are not sorted: sorting every object cost a fifth of a priced cart's encoding, and
    /// a replayed answer is the stored bytes anyway.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
