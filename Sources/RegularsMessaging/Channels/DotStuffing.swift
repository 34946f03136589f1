/// SMTP DATA transparency (RFC 5321 §4.5.2): every line ends in CRLF (a lone CR or LF becomes CRLF),
/// a line starting with `.` gets a second `.`, and the `.` line that ends the data is appended.
public func smtpDataBlock(_ content: [UInt8]) -> [UInt8] {
    let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: ".")
    var output: [UInt8] = []
    output.reserveCapacity(content.count + content.count / 64 + 8)
    var atLineStart = true
    var index = 0
    while index < content.count {
        let byte = content[index]
        if byte == cr || byte == lf {
            output.append(cr)
            output.append(lf)
            if byte == cr && index + 1 < content.count && content[index + 1] == lf { index += 1 }
            atLineStart = true
        } else {
            if atLineStart && byte == dot { output.append(dot) }
            output.append(byte)
            atLineStart = false
        }
        index += 1
    }
    if !atLineStart { output += [cr, lf] }
    output += [dot, cr, lf]
    return output
}
