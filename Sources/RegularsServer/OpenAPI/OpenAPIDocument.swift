import Foundation

/// The OpenAPI 3.1 document, built from the route table and the shared schemas, so it lists exactly the routes
/// the server has, with the bodies it checks.
enum OpenAPIDocument {
    static func build(routes: [APIRoute], components: [String: Schema]) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.openAPIPath, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        var schemas = components.mapValues(render)
        schemas["Problem"] = render(problemSchema)
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Regulars (回头客) API",
                "version": "1.0.0",
                "description": .string("""
                    Customers, ingestion, segments, audiences, tags, promotions, coupons and cart pricing. Money is yuan \
                    as a string with two decimals ("29.90"); moments are ISO 8601. Errors are application/problem+json \
                    (RFC 9457) with a JSON Pointer for each field problem. Every POST, PUT and DELETE honours an \
                    Idempotency-Key header.
                    """),
            ]),
            "servers": .array([.object(["url": "/"])]),
            "components": .object([
                "schemas": .object(schemas),
                "securitySchemes": .object(["apiKey": .object(["type": "http", "scheme": "bearer",
                                                               "description": "An API key made with `regulars key create`"])]),
            ]),
            "paths": .object(paths.mapValues { .object($0) }),
        ])
    }

    static func operation(_ route: APIRoute) -> JSONValue {
        var fields: [String: JSONValue] = [
            "operationId": .string(route.operation),
            "summary": .string(route.summary),
            "tags": .array([.string(String(route.operation.split(separator: ".").first ?? ""))]),
            "x-permission": .string(route.permission.rawValue),
        ]
        var parameters: [JSONValue] = route.parameters.map { parameter in
            .object([
                "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                "required": .bool(parameter.required), "description": .string(parameter.description),
                "schema": render(parameter.schema),
            ])
        }
        if route.changesState {
            parameters.append(.object([
                "name": "Idempotency-Key", "in": "header", "required": false,
                "description": "Retrying with the same key and body returns the first answer without a second effect",
                "schema": .object(["type": "string", "minLength": 1, "maxLength": 255]),
            ]))
        }
        if !parameters.isEmpty { fields["parameters"] = .array(parameters) }
        if let body = route.requestBody {
            fields["requestBody"] = .object(["required": true,
                                             "content": .object(["application/json": .object(["schema": render(body)])])])
        }
        var responses: [String: JSONValue] = [:]
        for response in route.responses {
            var entry: [String: JSONValue] = ["description": .string(response.description)]
            if let schema = response.schema {
                entry["content"] = .object([response.contentType: .object(["schema": render(schema)])])
            }
            responses[String(response.status)] = .object(entry)
        }
        for (status, description) in errorResponses(route) where responses[String(status)] == nil {
            responses[String(status)] = .object([
                "description": .string(description),
                "content": .object(["application/problem+json": .object(["schema": .object(["$ref": "#/components/schemas/Problem"])])]),
            ])
        }
        fields["responses"] = .object(responses)
        fields["security"] = route.permission == .open ? .array([]) : .array([.object(["apiKey": .array([])])])
        return .object(fields)
    }

    /// The error answers every route of its kind can give.
    static func errorResponses(_ route: APIRoute) -> [(Int, String)] {
        var errors: [(Int, String)] = [(500, "A fault of the server"), (503, "The store cannot answer now")]
        if route.permission != .open {
            errors += [(401, "No API key, or an unknown or revoked one"), (403, "The key's role may not do this"),
                       (409, "Refused by what is stored (a coupon already used, a budget spent, a name taken), or the same Idempotency-Key is in use")]
        }
        if !route.parameters.isEmpty || route.requestBody != nil || route.changesState {
            errors.append((422, "Invalid fields, each with its JSON Pointer or parameter name"))
        }
        if route.parameters.contains(where: { $0.location == .path }) { errors.append((404, "No such record")) }
        if route.requestBody != nil || route.changesState {
            errors += [(400, "The body is not valid JSON"), (413, "The body is too large")]
        }
        return errors
    }

    static let problemSchema: Schema = .object([
        "type": .string(), "title": .string(), "status": .int, "detail": .string(),
        "errors": .array(.object(["pointer": .string(), "detail": .string()], required: ["pointer", "detail"])),
    ], required: ["type", "title", "status"])

    static func render(_ schema: Schema) -> JSONValue {
        switch schema {
        case .string(let rule):
            var fields: [String: JSONValue] = ["type": "string"]
            if let format = rule.format { fields["format"] = .string(format) }
            if let pattern = rule.pattern { fields["pattern"] = .string(pattern) }
            if let values = rule.values { fields["enum"] = .array(values.map(JSONValue.string)) }
            if let minimum = rule.minLength { fields["minLength"] = .integer(Int64(minimum)) }
            if let maximum = rule.maxLength { fields["maxLength"] = .integer(Int64(maximum)) }
            if let description = rule.description { fields["description"] = .string(description) }
            return .object(fields)
        case .integer(let minimum, let maximum):
            var fields: [String: JSONValue] = ["type": "integer", "format": "int64"]
            if let minimum { fields["minimum"] = .integer(minimum) }
            if let maximum { fields["maximum"] = .integer(maximum) }
            return .object(fields)
        case .number:
            return .object(["type": "number"])
        case .boolean:
            return .object(["type": "boolean"])
        case .array(let items, let minItems, let maxItems):
            var fields: [String: JSONValue] = ["type": "array", "items": render(items)]
            if minItems > 0 { fields["minItems"] = .integer(Int64(minItems)) }
            if let maxItems { fields["maxItems"] = .integer(Int64(maxItems)) }
            return .object(fields)
        case .object(let object):
            var fields: [String: JSONValue] = [
                "type": "object",
                "properties": .object(Dictionary(object.properties.map { ($0.name, render($0.schema)) }, uniquingKeysWith: { a, _ in a })),
                "additionalProperties": false,
            ]
            if !object.required.isEmpty { fields["required"] = .array(object.required.sorted().map(JSONValue.string)) }
            if let description = object.description { fields["description"] = .string(description) }
            return .object(fields)
        case .ref(let name):
            return .object(["$ref": .string("#/components/schemas/\(name)")])
        case .nullable(let inner):
            return .object(["oneOf": .array([render(inner), .object(["type": "null"])])])
        case .freeObject(let description):
            return .object(["type": "object", "description": .string(description)])
        }
    }
}
