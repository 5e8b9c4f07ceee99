#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WorkflowModel

/// Reads a file whole, turning every way that can fail into one diagnostic a person can act on.
public enum SourceFile {
    /// Files larger than this (8 MB) are refused before libxml2 sees a byte: the largest shipped
    /// workflow is under 5 KB, and the limit bounds the memory a file can take (a file dense with
    /// activities costs about 30 times its size). It is below libxml2's own 10,000,000-byte
    /// limits (input lookup, text node, attribute value), so no file under it meets those: every
    /// file is either refused here with one message or read whole. Docs/language.md, "Limits".
    public static let maximumSize = 8 * 1024 * 1024

    /// The file's bytes, or why they cannot be read.
    public static func read(_ path: String) -> Result<SourceText, Diagnostic> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let descriptor: Int32
        let size: Int64
        switch RegularFile.open(path) {
        case .success(let opened): (descriptor, size) = (opened.descriptor, opened.size)
        case .failure(.system(let code)): return .failure(Diagnostic(.unreadableFile, reason(code, path), at: start))
        case .failure(.directory):
            return .failure(Diagnostic(.unreadableFile, "\(path) is a directory, not a workflow file; name an .xml file (validate also takes folders)", at: start))
        case .failure(.notRegular(let kind)):
            return .failure(Diagnostic(.unreadableFile, "\(path) is not a regular file (it is \(kind)); wfrun reads regular files only", at: start))
        }
        defer { close(descriptor) }
        if size > Int64(maximumSize) {
            return .failure(tooLarge(Int(size), at: start))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Diagnostic(.unreadableFile, reason(errno, path), at: start))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumSize {
                return .failure(tooLarge(nil, at: start))
            }
        }
        return .success(SourceText(file: path, bytes: bytes))
    }

    /// "the file is 10.7 MB (11219715 bytes), over the 8 MB limit (8388608 bytes) for a
    /// workflow; …" (WF006).
    private static func tooLarge(_ size: Int?, at start: SourceLocation) -> Diagnostic {
        let size = size.map { " \($0 / 1_048_576).\($0 % 1_048_576 * 10 / 1_048_576) MB (\($0) bytes)," } ?? ""
        return Diagnostic(
            .parserLimit,
            "the file is\(size) over the \(maximumSize / 1_048_576) MB limit (\(maximumSize) bytes) for a workflow; check that it is the right file",
            at: start)
    }

    private static func reason(_ code: Int32, _ path: String) -> String {
        switch code {
        case ENOENT: "\(path) does not exist; check the path"
        case EACCES, EPERM: "\(path) cannot be read: permission denied; check the file's permissions"
        case EISDIR: "\(path) is a directory, not a workflow file; name an .xml file"
        default: "\(path) cannot be read: \(String(cString: strerror(code)))"
        }
    }
}
