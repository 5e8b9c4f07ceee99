#if LIBFUZZER
import Foundation

/// The target this process fuzzes, from `WFRUN_FUZZ_TARGET` (`Scripts/fuzz.sh` sets it).
let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["WFRUN_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("wfrun-fuzz: set WFRUN_FUZZ_TARGET to one of \(names)\n".utf8))
        exit(2)
    }
    return target
}()

/// libFuzzer's entry point: one input, any bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzTarget.run(bytes)
    return 0
}
#endif
