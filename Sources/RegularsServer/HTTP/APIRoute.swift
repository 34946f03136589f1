import Foundation
import HTTPTypes
import Hummingbird

/// One API operation, declared in one place: its method and path, the permission it needs, its request and
/// response bodies (for the OpenAPI document and the request check) and its handler.
public struct APIRoute: Sendable {
    public var method: HTTPRequest.Method
    /// Hummingbird's form: `/v1/customers/:id`.
    public var path: String
    public var permission: Permission
    /// `customers.get`: the OpenAPI operationId and the audit log's action.
    public var operation: String
    public var summary: String
    public var parameters: [APIParameter]
    public var requestBody: Schema?
    public var responses: [APIResponseDoc]
    public var handler: @Sendable (APICall) async throws -> APIReply

    public init(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission, operation: String, summary: String,
                parameters: [APIParameter] = [], body: Schema? = nil, responses: [APIResponseDoc],
                handler: @escaping @Sendable (APICall) async throws -> APIReply) {
        self.method = method
        self.path = path
        self.permission = permission
        self.operation = operation
        self.summary = summary
        self.parameters = parameters
        self.requestBody = body
        self.responses = responses
        self.handler = handler
    }

    /// Whether the operation changes state: it honours `Idempotency-Key` and is written to the audit log. A POST that
    /// needs only read permission (pricing a cart) changes nothing.
    public var changesState: Bool { method != .get && method != .head && permission != .read }

    /// The path as OpenAPI writes it: `/v1/customers/{id}`.
    public var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }
}

/// A path or query parameter.
public struct APIParameter: Sendable {
    public enum Location: String, Sendable { case path, query }
    public var name: String
    public var location: Location
    public var schema: Schema
    public var required: Bool
    public var description: String

    public static func path(_ name: String, _ schema: Schema, _ description: String) -> APIParameter {
        APIParameter(name: name, location: .path, schema: schema, required: true, description: description)
    }

    /// A path parameter that is any non-empty text.
    public static func path(_ name: String, _ description: String) -> APIParameter {
        path(name, .string(minLength: 1), description)
    }

    public static func query(_ name: String, _ schema: Schema, _ description: String, required: Bool = false) -> APIParameter {
        APIParameter(name: name, location: .query, schema: schema, required: required, description: description)
    }
}

/// A documented answer: its status, what it is and its body's schema (nil: no body).
public struct APIResponseDoc: Sendable {
    public var status: Int
    public var description: String
    public var schema: Schema?
    public var contentType: String

    public init(_ status: Int, _ description: String, _ schema: Schema?, contentType: String = "application/json") {
        self.status = status
        self.description = description
        self.schema = schema
        self.contentType = contentType
    }
}

/// A handler's answer, and what the audit log should name as its target.
public struct APIReply: Sendable {
    public var status: HTTPResponse.Status
    public var contentType: String
    public var body: Data
    public var auditTarget: String
    public var headers: [(HTTPField.Name, String)] = []

    public static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, target: String = "") throws -> APIReply {
        APIReply(status: status, contentType: "application/json", body: try JSONEncoder.api.encode(value), auditTarget: target)
    }

    public static func text(_ text: String, contentType: String, target: String = "") -> APIReply {
        APIReply(status: .ok, contentType: contentType, body: Data(text.utf8), auditTarget: target)
    }

    public static func noContent(target: String) -> APIReply {
        APIReply(status: .noContent, contentType: "", body: Data(), auditTarget: target)
    }
}
