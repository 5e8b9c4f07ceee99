#if !LIBFUZZER
import Foundation

/// `wfrun-fuzz TARGET PATH...`: runs each file (or each file of each folder) through a fuzz
/// target, as the libFuzzer build would, and names each one first, so that the input that
/// crashes is the last one printed. Built without `-DLIBFUZZER` (a plain `swift build`).
@main
struct ReplayCommand {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: wfrun-fuzz \(names) FILE-OR-FOLDER...\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                print(file)
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("wfrun-fuzz: cannot read \(file)\n".utf8))
                    exit(1)
                }
                target.run(Array(data))
                count += 1
            }
        }
        print("\(count) input\(count == 1 ? "" : "s") replayed through \(target.rawValue), no crash")
    }

    /// The file itself, or the regular files of a folder (not recursive), sorted.
    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
    }
}
#endif
