import Foundation

/// The executable's entry point. Instrumented builds (`-DFUZZING`, see Makefile.fuzz) hand control to
/// libFuzzer's driver; SwiftPM renames this module's `main`, so libFuzzer's own `main` cannot be used.
/// Normal builds run the fuzz target over the files named on the command line (replaying a crash input).
@main
enum FuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(libFuzzerRunDriver(&argc, &argv, fuzzTestOneInput))
        #else
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                continue
            }
            FuzzTarget.run([UInt8](data))
            count += 1
        }
        print("ran \(count) inputs")
        #endif
    }
}

#if FUZZING
/// libFuzzer's `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
func libFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif
