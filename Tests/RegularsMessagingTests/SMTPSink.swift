import Foundation
import RegularsTestSupport

/// The aiosmtpd server of `Fixtures/smtp_sink.py`, started once per test process and shared by the SMTP tests
/// (each test uses its own recipients). It exits when this process ends (its standard input closes).
final class SMTPSink: @unchecked Sendable {  // immutable after init; Process is not Sendable
    static let user = "regulars"
    static let password = "s3cret:pass"

    let spool: URL
    let port: Int
    /// Answers EHLO with 502.
    let legacyPort: Int
    /// Accepts connections and never replies.
    let silentPort: Int
    private let process: Process
    private let stdin: Pipe

    /// The one shared server, or the reason it could not start.
    static let shared: Result<SMTPSink, SinkError> = Result { try SMTPSink() }.mapError { $0 as? SinkError ?? SinkError(description: "\($0)") }

    struct SinkError: Error, CustomStringConvertible {
        var description: String
    }

    /// The venv's Python: `REGULARS_AIOSMTPD_PYTHON`, else `.venv-aiosmtpd/bin/python` in the repository.
    static func pythonPath() throws -> String {
        let path = ProcessInfo.processInfo.environment["REGULARS_AIOSMTPD_PYTHON"]
            ?? repositoryRoot().appendingPathComponent(".venv-aiosmtpd/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SinkError(description: """
                aiosmtpd's Python is missing at \(path). Create it with \
                `python3 -m venv .venv-aiosmtpd && .venv-aiosmtpd/bin/pip install aiosmtpd` in the repository root, \
                or set REGULARS_AIOSMTPD_PYTHON.
                """)
        }
        return path
    }

    private init() throws {
        let python = try Self.pythonPath()
        spool = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let script = repositoryRoot().appendingPathComponent("Tests/RegularsMessagingTests/Fixtures/smtp_sink.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, spool.path, Self.user, Self.password]
        stdin = Pipe()
        process.standardInput = stdin
        let log = spool.appendingPathComponent("sink.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()

        let portsFile = spool.appendingPathComponent("ports")
        let deadline = Date().addingTimeInterval(15)
        while !FileManager.default.fileExists(atPath: portsFile.path) {
            guard process.isRunning, Date() < deadline else {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw SinkError(description: "smtp_sink.py did not start: \(output)")
            }
            usleep(10_000)
        }
        let ports = try String(contentsOf: portsFile, encoding: .utf8).split(separator: " ").compactMap { Int($0) }
        guard ports.count == 3 else { throw SinkError(description: "smtp_sink.py wrote unreadable ports: \(ports)") }
        (port, legacyPort, silentPort) = (ports[0], ports[1], ports[2])
    }

    /// The sink's record of one accepted message.
    struct Received {
        var mailFrom: String
        var recipients: [String]
        var login: String?
        var helo: String?
        var extendedSMTP: Bool
        /// Headers as Python's email package decoded them (RFC 2047 undone).
        var headers: [String: String]
        /// The text body, base64 and charset decoded by Python.
        var body: String?
        /// The DATA exactly as received (after the server undid dot-stuffing).
        var raw: [UInt8]
    }

    /// Every accepted message to `recipient`.
    func messages(to recipient: String) throws -> [Received] {
        let files = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".json") }
        return try files.compactMap { name in
            let record = try JSONSerialization.jsonObject(with: Data(contentsOf: spool.appendingPathComponent(name))) as! [String: Any]
            let recipients = record["rcpt_tos"] as? [String] ?? []
            guard recipients.contains(recipient) else { return nil }
            let raw = try Data(contentsOf: spool.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml")))
            return Received(mailFrom: record["mail_from"] as? String ?? "", recipients: recipients,
                            login: record["login"] as? String, helo: record["helo"] as? String,
                            extendedSMTP: record["extended_smtp"] as? Bool ?? false,
                            headers: record["headers"] as? [String: String] ?? [:], body: record["body"] as? String,
                            raw: Array(raw))
        }
    }
}
