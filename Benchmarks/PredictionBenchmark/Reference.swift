import Foundation

/// What `lifetimes_fit.py` prints: the lifetimes parameters, total log-likelihoods on the original data, fit seconds.
struct LifetimesReference: Decodable {
    struct BGNBD: Decodable {
        var r: Double
        var alpha: Double
        var a: Double
        var b: Double
        var logLikelihood: Double
        var seconds: Double
    }

    struct GammaGamma: Decodable {
        var p: Double
        var q: Double
        var v: Double
        var customers: Int
        var logLikelihood: Double
        var seconds: Double
    }

    var lifetimes: String
    var customers: Int
    var bgnbd: BGNBD
    var gammaGamma: GammaGamma

    static func read(from path: String) throws -> LifetimesReference {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(LifetimesReference.self, from: data)
    }
}
