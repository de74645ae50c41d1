import ComposeLoader
import Foundation

/// The executable's entry point. Instrumented builds (`-DFUZZING`, see Makefile.fuzz) hand control to
/// libFuzzer's driver; SwiftPM renames this module's `main`, so libFuzzer's own `main` cannot be used.
/// Normal builds run the fuzz target over the files named on the command line (replaying a crash input)
/// and print how long decoding and composing each file took.
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
            let bytes = [UInt8](data)
            let clock = ContinuousClock()
            let start = clock.now
            let documents = try? YAMLComposer.documents(
                text: ComposeFileReader.decode(bytes, file: path), file: path, limits: FuzzTarget.limits)
            let elapsed = clock.now - start
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
            let outcome = documents.map { "\($0.count) document(s)" } ?? "refused"
            print("\(path): \(outcome), decoded and composed in \(String(format: "%.1f", milliseconds)) ms")
            FuzzTarget.run(bytes)
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
