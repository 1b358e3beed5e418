/// What ``PlainRequestScanner`` made of the bytes at the start of a connection's unread input.
public enum PlainRequestScan: Sendable {
    /// A whole plain request head (docs/serve.md#the-plain-request-scanner): answer it and scan on after it.
    case request(PlainRequestHead)
    /// So far a plain request head, not yet whole: scan again when more bytes arrive (the scanner goes on where it
    /// stopped).
    case needMore
    /// Not a plain request head (another method or version, a body, odd bytes, a malformed or oversized head…): from
    /// these bytes on, SwiftNIO's HTTP/1 parser reads the connection, and accepts or refuses what it reads.
    case other
}
