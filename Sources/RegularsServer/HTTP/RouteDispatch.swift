import Foundation
import HTTPTypes
import Hummingbird
import Regulars
import RegularsStore

/// Runs one declared route: checks the caller's permission, reads and checks the body, honours `Idempotency-Key`,
/// calls the handler and writes the audit entry of a state change.
struct RouteDispatch: Sendable {
    let route: APIRoute
    let services: APIServices
    let components: [String: Schema]

    /// A claim left unfinished this long (the server stopped mid-request) may be taken again.
    static let staleClaimSeconds: Int64 = 60

    func respond(_ request: Request, _ context: APIContext) async throws -> Response {
        if route.permission != .open {
            guard let caller = context.caller else {
                throw Problem(.unauthorized, detail: "this route needs an API key: send 'Authorization: Bearer <key>'")
            }
            guard caller.role.permissions.contains(route.permission) else {
                throw Problem(.forbidden, detail: "the \(caller.role.rawValue) role may not \(route.operation) (it needs \(route.permission.rawValue))")
            }
        }
        try checkParameters(request, context)
        var request = request
        let body = try await readBody(&request)
        var json: JSONValue?
        if let schema = route.requestBody {
            guard !body.isEmpty else { throw Problem.invalid(at: "", "a JSON body is required") }
            let value: JSONValue
            do {
                value = try JSONParser.parse(body)
            } catch {
                throw Problem.malformed("the body is not valid JSON: \(error)")
            }
            var validator = SchemaValidator(components: components)
            validator.check(value, against: schema, at: "")
            if !validator.problems.isEmpty { throw Problem.invalid(validator.problems) }
            json = value
        }
        let call = APICall(request: request, caller: context.caller, services: services, body: body, json: json,
                           parameters: context.parameters)
        guard route.changesState, let caller = context.caller else {
            return try response(try await route.handler(call))
        }
        guard let key = request.headers[.idempotencyKey] else {
            let reply = try await run(call, caller: caller)
            return try response(reply)
        }
        guard !key.isEmpty, key.count <= 255 else {
            throw Problem.invalid(at: "Idempotency-Key", "an idempotency key is 1 to 255 characters")
        }
        let fingerprint = SHA256.hex("\(route.method.rawValue) \(request.uri.description)\n" + String(decoding: body, as: UTF8.self))
        switch try await services.store.claimRequestKey(key, apiKey: caller.id, fingerprint: fingerprint, at: services.clock(),
                                                        staleAfter: Self.staleClaimSeconds) {
        case .answered(let answer):
            var headers = HTTPFields()
            if !answer.contentType.isEmpty { headers[.contentType] = answer.contentType }
            headers[.idempotentReplayed] = "true"
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        case .mismatch:
            throw Problem(.unprocessableContent, type: "urn:regulars:problem:idempotency-key-reused", title: "Idempotency key reused",
                          detail: "the Idempotency-Key '\(key)' was used for a different request; use a new key for a new request")
        case .inProgress:
            throw Problem(.conflict, type: "urn:regulars:problem:idempotency-key-in-use", title: "Request in progress",
                          detail: "a request with the Idempotency-Key '\(key)' is still running; retry after it has answered")
        case .claimed:
            let reply: APIReply
            do {
                reply = try await run(call, caller: caller)
            } catch {
                let problem = ErrorMapping.problem(for: error)
                if problem.statusCode >= 500 {
                    try? await services.store.releaseRequestKey(key, apiKey: caller.id)
                    throw error
                }
                // A refusal is the answer to this request: a retry gets the same bytes again.
                let body = (try? JSONEncoder.api.encode(problem)) ?? Data()
                try await services.store.finishRequestKey(key, apiKey: caller.id, answer: StoredAnswer(
                    status: problem.statusCode, contentType: "application/problem+json", body: body))
                return try response(APIReply(status: problem.status, contentType: "application/problem+json", body: body,
                                             auditTarget: ""))
            }
            try await services.store.finishRequestKey(key, apiKey: caller.id, answer: StoredAnswer(
                status: reply.status.code, contentType: reply.contentType, body: reply.body))
            return try response(reply)
        }
    }

    /// Runs a state change and writes its audit entry.
    private func run(_ call: APICall, caller: APIKey) async throws -> APIReply {
        let reply = try await route.handler(call)
        try await services.audit.record(AuditEntry(
            at: services.clock(), keyID: caller.id, keyName: caller.name, role: caller.role.rawValue, action: route.operation,
            target: reply.auditTarget, status: reply.status.code))
        return reply
    }

    /// Path and query parameters against their declared schemas, before anything runs.
    private func checkParameters(_ request: Request, _ context: APIContext) throws {
        var validator = SchemaValidator(components: components)
        for parameter in route.parameters {
            let text: String? = switch parameter.location {
            case .path: context.parameters.get(parameter.name).map { $0.removingPercentEncoding ?? $0 }
            case .query: request.uri.queryParameters.get(parameter.name)
            }
            guard let text else {
                if parameter.required { validator.report(parameter.name, "missing") }
                continue
            }
            validator.check(Self.parameterValue(text, parameter.schema, components), against: parameter.schema, at: parameter.name)
        }
        if !validator.problems.isEmpty { throw Problem.invalid(validator.problems) }
    }

    /// A parameter's text as the JSON value its schema expects: a number where it wants one, if the text is one.
    private static func parameterValue(_ text: String, _ schema: Schema, _ components: [String: Schema]) -> JSONValue {
        switch schema {
        case .integer: return Int64(text).map(JSONValue.integer) ?? .string(text)
        case .number: return Double(text).map(JSONValue.number) ?? .string(text)
        case .boolean: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case .ref(let name): return components[name].map { parameterValue(text, $0, components) } ?? .string(text)
        case .nullable(let inner): return parameterValue(text, inner, components)
        default: return .string(text)
        }
    }

    private func readBody(_ request: inout Request) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > APIContext.bodyLimit {
            throw ErrorMapping.tooLarge
        }
        guard route.requestBody != nil || route.changesState else { return Data() }
        let buffer = try await request.collectBody(upTo: APIContext.bodyLimit)
        return Data(buffer: buffer)
    }

    private func response(_ reply: APIReply) throws -> Response {
        var headers = HTTPFields()
        if !reply.contentType.isEmpty { headers[.contentType] = reply.contentType }
        for (name, value) in reply.headers { headers[name] = value }
        return Response(status: reply.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
