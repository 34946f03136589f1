import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum TagRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
